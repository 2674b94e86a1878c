package dev.fullbatch.model;

import dev.fullbatch.math.VectorApi;

/**
 * The inner loops of the dense linear kernels, in a fixed operation order: a dot product in eight interleaved
 * partial sums (element j goes to sum j mod 8, tail included, combined as
 * {@code ((s0+s4)+(s1+s5))+((s2+s6)+(s3+s7))}: on four-double lanes, one lane-wise add then a pairwise sum of the
 * lanes), and a run's gradient as per-column sums over rows in row order. Several outputs' dot products (or
 * gradients) may be computed together, one load of the features serving each; every output's sums keep their
 * order, so the bits are those of one output at a time.
 *
 * <p>When the JDK's {@code jdk.incubator.vector} module is present (Spark's launcher, {@code scripts/fullbatch} and
 * the test JVMs add it) the loops run on {@link VectorDenseKernels}, which uses a fixed 256-bit shape (four doubles
 * a lane group) whatever the CPU offers, lane-wise multiply then add (never a fused multiply-add). Each lane keeps
 * exactly one of the eight sums, so both implementations give identical bits; the vector one is about twice as fast
 * on cache-resident runs. {@code -Dfullbatch.kernels=scalar} forces the scalar loops. Float storage has its own
 * copies of the kernels with identical bodies: each float is widened (exactly) to double as it is loaded, so float
 * storage gives the bits of double storage of the same values while reading half the bytes.
 *
 * <p>Multiply then add is not needed for reproducibility: {@link Math#fma} and the Vector API's
 * {@code FMA} are specified as one exact rounding on every platform (computed in software, slowly, on CPUs without
 * FMA hardware), so fused loops would be just as reproducible. Measured single-threaded on {@link LinearObjective}
 * ({@code dense-ls}, {@code dense-logistic}, {@code dense-softmax}, d = 100), neither FMA nor more independent sums
 * (sixteen per dot product, twice the gradient columns per pass) was clearly (more than 10%) faster: the margin pass
 * streams the block from memory, and the run gradient, whose cache-resident loops did gain 20-30% from more columns
 * at a time, is about a fifth of a pass. On softmax, FMA with sixteen sums was 2-11% faster in the least
 * contended passes and more in some contended medians, but not in separate JVMs: not clear enough to change the
 * bits. So the loops keep multiply then add, which also stays fast on CPUs without FMA hardware.
 */
final class DenseKernels {
    /** Whether the vector implementation is used: decided once per JVM, and never changes a bit of any result. */
    static final boolean VECTOR = VectorApi.USED;

    private DenseKernels() {
    }

    /** {@code out[oo + c] = x[xo..xo+d) . w[wo+c*stride ..+d)} for {@code c < count}. */
    static void dots(double[] x, int xo, double[] w, int wo, int stride, int d, int count, double[] out, int oo) {
        if (VECTOR) {
            VectorDenseKernels.dots(x, xo, w, wo, stride, d, count, out, oo);
        } else {
            for (int c = 0; c < count; c++) {
                out[oo + c] = scalarDot(x, xo, w, wo + c * stride, d);
            }
        }
    }

    /**
     * {@code out[wo + j] = sum over rows i < m of g[i*outputs + k] * x[base + i*d + j]} for {@code j < d}, added in
     * row order, rows whose derivative is zero skipped.
     */
    static void runGradient(double[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                            int wo) {
        if (VECTOR) {
            VectorDenseKernels.runGradient(x, base, m, d, g, outputs, k, out, wo);
        } else {
            scalarRunGradient(x, base, m, d, g, outputs, k, out, wo);
        }
    }

    /**
     * {@link #runGradient} for every output {@code k < outputs}, output k into {@code out[k * stride ..]}: on the
     * vector kernels four outputs at a time where none of their derivatives in the run is zero, the same bits.
     */
    static void runGradients(double[] x, int base, int m, int d, double[] g, int outputs, double[] out, int stride) {
        int k = 0;
        if (VECTOR) {
            for (; k + 3 < outputs; k += 4) {
                if (noZero(g, m, outputs, k, 4)) {
                    VectorDenseKernels.runGradient4(x, base, m, d, g, outputs, k, out, k * stride, stride);
                } else {
                    for (int c = k; c < k + 4; c++) {
                        VectorDenseKernels.runGradient(x, base, m, d, g, outputs, c, out, c * stride);
                    }
                }
            }
        }
        for (; k < outputs; k++) {
            runGradient(x, base, m, d, g, outputs, k, out, k * stride);
        }
    }

    /** Whether {@code g[i*outputs + c]} is nonzero for every row {@code i < m} and {@code k <= c < k+count}. */
    static boolean noZero(double[] g, int m, int outputs, int k, int count) {
        for (int i = 0; i < m; i++) {
            for (int c = k; c < k + count; c++) {
                if (g[i * outputs + c] == 0.0) {
                    return false;
                }
            }
        }
        return true;
    }

    static double scalarDot(double[] x, int xo, double[] w, int wo, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int j = 0;
        for (; j + 7 < d; j += 8) {
            s0 += x[xo + j] * w[wo + j];
            s1 += x[xo + j + 1] * w[wo + j + 1];
            s2 += x[xo + j + 2] * w[wo + j + 2];
            s3 += x[xo + j + 3] * w[wo + j + 3];
            s4 += x[xo + j + 4] * w[wo + j + 4];
            s5 += x[xo + j + 5] * w[wo + j + 5];
            s6 += x[xo + j + 6] * w[wo + j + 6];
            s7 += x[xo + j + 7] * w[wo + j + 7];
        }
        // The tail (fewer than eight elements, j a multiple of 8 here): element j still goes to sum j mod 8.
        if (j < d) {
            s0 += x[xo + j] * w[wo + j];
        }
        if (j + 1 < d) {
            s1 += x[xo + j + 1] * w[wo + j + 1];
        }
        if (j + 2 < d) {
            s2 += x[xo + j + 2] * w[wo + j + 2];
        }
        if (j + 3 < d) {
            s3 += x[xo + j + 3] * w[wo + j + 3];
        }
        if (j + 4 < d) {
            s4 += x[xo + j + 4] * w[wo + j + 4];
        }
        if (j + 5 < d) {
            s5 += x[xo + j + 5] * w[wo + j + 5];
        }
        if (j + 6 < d) {
            s6 += x[xo + j + 6] * w[wo + j + 6];
        }
        return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
    }

    static void scalarRunGradient(double[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                                  int wo) {
        // Eight columns at a time: eight independent sums and no store inside the row loop (the JIT cannot rule
        // out that out and x alias, so it would not vectorize a row-wise axpy anyway). Same bits as the axpy.
        int j = 0;
        for (; j + 7 < d; j += 8) {
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double a4 = 0;
            double a5 = 0;
            double a6 = 0;
            double a7 = 0;
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi == 0.0) {
                    continue;
                }
                int o = base + i * d + j;
                a0 += gi * x[o];
                a1 += gi * x[o + 1];
                a2 += gi * x[o + 2];
                a3 += gi * x[o + 3];
                a4 += gi * x[o + 4];
                a5 += gi * x[o + 5];
                a6 += gi * x[o + 6];
                a7 += gi * x[o + 7];
            }
            out[wo + j] = a0;
            out[wo + j + 1] = a1;
            out[wo + j + 2] = a2;
            out[wo + j + 3] = a3;
            out[wo + j + 4] = a4;
            out[wo + j + 5] = a5;
            out[wo + j + 6] = a6;
            out[wo + j + 7] = a7;
        }
        tailColumns(x, base, m, d, g, outputs, k, out, wo, j);
    }

    /** Columns {@code from..d-1}, one at a time. */
    static void tailColumns(double[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out, int wo,
                            int from) {
        for (int j = from; j < d; j++) {
            double a = 0;
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    a += gi * x[base + i * d + j];
                }
            }
            out[wo + j] = a;
        }
    }

    // Float features: the same loops (x[...] widens exactly to double in every product).

    static void dots(float[] x, int xo, double[] w, int wo, int stride, int d, int count, double[] out, int oo) {
        if (VECTOR) {
            VectorDenseKernels.dots(x, xo, w, wo, stride, d, count, out, oo);
        } else {
            for (int c = 0; c < count; c++) {
                out[oo + c] = scalarDot(x, xo, w, wo + c * stride, d);
            }
        }
    }

    static void runGradient(float[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                            int wo) {
        if (VECTOR) {
            VectorDenseKernels.runGradient(x, base, m, d, g, outputs, k, out, wo);
        } else {
            scalarRunGradient(x, base, m, d, g, outputs, k, out, wo);
        }
    }

    static void runGradients(float[] x, int base, int m, int d, double[] g, int outputs, double[] out, int stride) {
        int k = 0;
        if (VECTOR) {
            for (; k + 3 < outputs; k += 4) {
                if (noZero(g, m, outputs, k, 4)) {
                    VectorDenseKernels.runGradient4(x, base, m, d, g, outputs, k, out, k * stride, stride);
                } else {
                    for (int c = k; c < k + 4; c++) {
                        VectorDenseKernels.runGradient(x, base, m, d, g, outputs, c, out, c * stride);
                    }
                }
            }
        }
        for (; k < outputs; k++) {
            runGradient(x, base, m, d, g, outputs, k, out, k * stride);
        }
    }

    static double scalarDot(float[] x, int xo, double[] w, int wo, int d) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int j = 0;
        for (; j + 7 < d; j += 8) {
            s0 += x[xo + j] * w[wo + j];
            s1 += x[xo + j + 1] * w[wo + j + 1];
            s2 += x[xo + j + 2] * w[wo + j + 2];
            s3 += x[xo + j + 3] * w[wo + j + 3];
            s4 += x[xo + j + 4] * w[wo + j + 4];
            s5 += x[xo + j + 5] * w[wo + j + 5];
            s6 += x[xo + j + 6] * w[wo + j + 6];
            s7 += x[xo + j + 7] * w[wo + j + 7];
        }
        // The tail (fewer than eight elements, j a multiple of 8 here): element j still goes to sum j mod 8.
        if (j < d) {
            s0 += x[xo + j] * w[wo + j];
        }
        if (j + 1 < d) {
            s1 += x[xo + j + 1] * w[wo + j + 1];
        }
        if (j + 2 < d) {
            s2 += x[xo + j + 2] * w[wo + j + 2];
        }
        if (j + 3 < d) {
            s3 += x[xo + j + 3] * w[wo + j + 3];
        }
        if (j + 4 < d) {
            s4 += x[xo + j + 4] * w[wo + j + 4];
        }
        if (j + 5 < d) {
            s5 += x[xo + j + 5] * w[wo + j + 5];
        }
        if (j + 6 < d) {
            s6 += x[xo + j + 6] * w[wo + j + 6];
        }
        return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
    }

    static void scalarRunGradient(float[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                                  int wo) {
        // Eight columns at a time: eight independent sums and no store inside the row loop (the JIT cannot rule
        // out that out and x alias, so it would not vectorize a row-wise axpy anyway). Same bits as the axpy.
        int j = 0;
        for (; j + 7 < d; j += 8) {
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            double a4 = 0;
            double a5 = 0;
            double a6 = 0;
            double a7 = 0;
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi == 0.0) {
                    continue;
                }
                int o = base + i * d + j;
                a0 += gi * x[o];
                a1 += gi * x[o + 1];
                a2 += gi * x[o + 2];
                a3 += gi * x[o + 3];
                a4 += gi * x[o + 4];
                a5 += gi * x[o + 5];
                a6 += gi * x[o + 6];
                a7 += gi * x[o + 7];
            }
            out[wo + j] = a0;
            out[wo + j + 1] = a1;
            out[wo + j + 2] = a2;
            out[wo + j + 3] = a3;
            out[wo + j + 4] = a4;
            out[wo + j + 5] = a5;
            out[wo + j + 6] = a6;
            out[wo + j + 7] = a7;
        }
        tailColumns(x, base, m, d, g, outputs, k, out, wo, j);
    }

    static void tailColumns(float[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out, int wo,
                            int from) {
        for (int j = from; j < d; j++) {
            double a = 0;
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    a += gi * x[base + i * d + j];
                }
            }
            out[wo + j] = a;
        }
    }
}
