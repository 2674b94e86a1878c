package dev.fullbatch.model;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link DenseKernels} on the JDK's Vector API with one fixed shape, 256 bits (four doubles), on every CPU: the
 * bits never depend on the hardware, and equal the scalar loops' (see {@link DenseKernels}). Only loaded when the
 * {@code jdk.incubator.vector} module is present.
 */
final class VectorDenseKernels {
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    /**
     * The class of every D4 vector. Each accumulator a loop carries ({@code a0 = a0.add(...)}) is cast to it where
     * it receives a call ({@code D4_TYPE.cast(a0).add(...)}, {@code .intoArray}, {@code .lane}): the JIT types a
     * loop-carried value by its declared type, {@code DoubleVector}, so without the cast each call on it is bound
     * by the type profile of the JDK's own shared call sites (inside {@code DoubleVector.intoArray}, {@code add}),
     * which every Vector API user in the JVM feeds. Once other shapes have run there (MLlib's and Spark ML's BLAS),
     * the profile no longer names one class, the species is no constant, the intrinsics fail and every vector is
     * boxed on the heap: the multi-output and float kernels ran 2-6x slower after other Vector API code. The cast
     * (an intrinsic, a class compare) gives the exact class of a final class, so no call depends on a profile; it
     * changes no value.
     */
    @SuppressWarnings("unchecked")
    private static final Class<? extends DoubleVector> D4_TYPE = (Class<? extends DoubleVector>) D4.vectorType();

    private VectorDenseKernels() {
    }

    static double dot(double[] x, int xo, double[] w, int wo, int d) {
        // Lane l of a holds the scalar sum s_l, lane l of b the sum s_(4+l).
        DoubleVector a = DoubleVector.zero(D4);
        DoubleVector b = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            a = D4_TYPE.cast(a).add(DoubleVector.fromArray(D4, x, xo + j).mul(DoubleVector.fromArray(D4, w, wo + j)));
            b = D4_TYPE.cast(b).add(DoubleVector.fromArray(D4, x, xo + j + 4)
                    .mul(DoubleVector.fromArray(D4, w, wo + j + 4)));
        }
        if (j + 3 < d) {
            a = D4_TYPE.cast(a).add(DoubleVector.fromArray(D4, x, xo + j).mul(DoubleVector.fromArray(D4, w, wo + j)));
        }
        a = D4_TYPE.cast(a);
        b = D4_TYPE.cast(b);
        return finish(a.lane(0), a.lane(1), a.lane(2), a.lane(3),
                b.lane(0), b.lane(1), b.lane(2), b.lane(3),
                x, xo, w, wo, j, d);
    }

    /**
     * The dot product from its sums {@code a} (s0..s3) and {@code b} (s4..s7) once the eight-element loop ended at
     * {@code j} and, when at least four elements remained, those four went into {@code a}: the last {@code < 4}
     * elements go to their sums {@code j mod 8}, then {@code ((s0+s4)+(s1+s5))+((s2+s6)+(s3+s7))}.
     */
    private static double finish(double s0, double s1, double s2, double s3, double s4, double s5, double s6,
                                 double s7, double[] x, int xo, double[] w, int wo, int j, int d) {
        // Scalars, not vectors, cross this call: a vector argument the JIT fails to inline for is boxed on the heap,
        // which made whole passes several times slower in long-running JVMs.
        int rest = d - j;
        if (rest < 4) {
            if (rest > 0) {
                s0 += x[xo + j] * w[wo + j];
            }
            if (rest > 1) {
                s1 += x[xo + j + 1] * w[wo + j + 1];
            }
            if (rest > 2) {
                s2 += x[xo + j + 2] * w[wo + j + 2];
            }
        } else if (rest > 4) {
            s4 += x[xo + j + 4] * w[wo + j + 4];
            if (rest > 5) {
                s5 += x[xo + j + 5] * w[wo + j + 5];
            }
            if (rest > 6) {
                s6 += x[xo + j + 6] * w[wo + j + 6];
            }
        }
        return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
    }

    /**
     * {@code out[oo + c] = dot(x, xo, w, wo + c * stride, d)} for {@code c < count}, the same bits, four (then two)
     * outputs at a time on one load of {@code x}.
     */
    static void dots(double[] x, int xo, double[] w, int wo, int stride, int d, int count, double[] out, int oo) {
        int c = 0;
        for (; c + 3 < count; c += 4) {
            dots4(x, xo, w, wo + c * stride, stride, d, out, oo + c);
        }
        for (; c + 1 < count; c += 2) {
            dots2(x, xo, w, wo + c * stride, stride, d, out, oo + c);
        }
        if (c < count) {
            out[oo + c] = dot(x, xo, w, wo + c * stride, d);
        }
    }

    private static void dots4(double[] x, int xo, double[] w, int w0, int stride, int d, double[] out, int oo) {
        int w1 = w0 + stride;
        int w2 = w1 + stride;
        int w3 = w2 + stride;
        DoubleVector a0 = DoubleVector.zero(D4);
        DoubleVector b0 = DoubleVector.zero(D4);
        DoubleVector a1 = DoubleVector.zero(D4);
        DoubleVector b1 = DoubleVector.zero(D4);
        DoubleVector a2 = DoubleVector.zero(D4);
        DoubleVector b2 = DoubleVector.zero(D4);
        DoubleVector a3 = DoubleVector.zero(D4);
        DoubleVector b3 = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector xa = DoubleVector.fromArray(D4, x, xo + j);
            DoubleVector xb = DoubleVector.fromArray(D4, x, xo + j + 4);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            b0 = D4_TYPE.cast(b0).add(xb.mul(DoubleVector.fromArray(D4, w, w0 + j + 4)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            b1 = D4_TYPE.cast(b1).add(xb.mul(DoubleVector.fromArray(D4, w, w1 + j + 4)));
            a2 = D4_TYPE.cast(a2).add(xa.mul(DoubleVector.fromArray(D4, w, w2 + j)));
            b2 = D4_TYPE.cast(b2).add(xb.mul(DoubleVector.fromArray(D4, w, w2 + j + 4)));
            a3 = D4_TYPE.cast(a3).add(xa.mul(DoubleVector.fromArray(D4, w, w3 + j)));
            b3 = D4_TYPE.cast(b3).add(xb.mul(DoubleVector.fromArray(D4, w, w3 + j + 4)));
        }
        if (j + 3 < d) {
            DoubleVector xa = DoubleVector.fromArray(D4, x, xo + j);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            a2 = D4_TYPE.cast(a2).add(xa.mul(DoubleVector.fromArray(D4, w, w2 + j)));
            a3 = D4_TYPE.cast(a3).add(xa.mul(DoubleVector.fromArray(D4, w, w3 + j)));
        }
        a0 = D4_TYPE.cast(a0);
        b0 = D4_TYPE.cast(b0);
        out[oo] = finish(a0.lane(0), a0.lane(1), a0.lane(2), a0.lane(3),
                b0.lane(0), b0.lane(1), b0.lane(2), b0.lane(3),
                x, xo, w, w0, j, d);
        a1 = D4_TYPE.cast(a1);
        b1 = D4_TYPE.cast(b1);
        out[oo + 1] = finish(a1.lane(0), a1.lane(1), a1.lane(2), a1.lane(3),
                b1.lane(0), b1.lane(1), b1.lane(2), b1.lane(3),
                x, xo, w, w1, j, d);
        a2 = D4_TYPE.cast(a2);
        b2 = D4_TYPE.cast(b2);
        out[oo + 2] = finish(a2.lane(0), a2.lane(1), a2.lane(2), a2.lane(3),
                b2.lane(0), b2.lane(1), b2.lane(2), b2.lane(3),
                x, xo, w, w2, j, d);
        a3 = D4_TYPE.cast(a3);
        b3 = D4_TYPE.cast(b3);
        out[oo + 3] = finish(a3.lane(0), a3.lane(1), a3.lane(2), a3.lane(3),
                b3.lane(0), b3.lane(1), b3.lane(2), b3.lane(3),
                x, xo, w, w3, j, d);
    }

    private static void dots2(double[] x, int xo, double[] w, int w0, int stride, int d, double[] out, int oo) {
        int w1 = w0 + stride;
        DoubleVector a0 = DoubleVector.zero(D4);
        DoubleVector b0 = DoubleVector.zero(D4);
        DoubleVector a1 = DoubleVector.zero(D4);
        DoubleVector b1 = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector xa = DoubleVector.fromArray(D4, x, xo + j);
            DoubleVector xb = DoubleVector.fromArray(D4, x, xo + j + 4);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            b0 = D4_TYPE.cast(b0).add(xb.mul(DoubleVector.fromArray(D4, w, w0 + j + 4)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            b1 = D4_TYPE.cast(b1).add(xb.mul(DoubleVector.fromArray(D4, w, w1 + j + 4)));
        }
        if (j + 3 < d) {
            DoubleVector xa = DoubleVector.fromArray(D4, x, xo + j);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
        }
        a0 = D4_TYPE.cast(a0);
        b0 = D4_TYPE.cast(b0);
        out[oo] = finish(a0.lane(0), a0.lane(1), a0.lane(2), a0.lane(3),
                b0.lane(0), b0.lane(1), b0.lane(2), b0.lane(3),
                x, xo, w, w0, j, d);
        a1 = D4_TYPE.cast(a1);
        b1 = D4_TYPE.cast(b1);
        out[oo + 1] = finish(a1.lane(0), a1.lane(1), a1.lane(2), a1.lane(3),
                b1.lane(0), b1.lane(1), b1.lane(2), b1.lane(3),
                x, xo, w, w1, j, d);
    }

    static void runGradient(double[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                            int wo) {
        // Each column's sum is independent of the others, so sixteen columns at a time give the scalar bits too.
        int j = 0;
        for (; j + 15 < d; j += 16) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi == 0.0) {
                    continue;
                }
                int o = base + i * d + j;
                a0 = D4_TYPE.cast(a0).add(DoubleVector.fromArray(D4, x, o).mul(gi));
                a1 = D4_TYPE.cast(a1).add(DoubleVector.fromArray(D4, x, o + 4).mul(gi));
                a2 = D4_TYPE.cast(a2).add(DoubleVector.fromArray(D4, x, o + 8).mul(gi));
                a3 = D4_TYPE.cast(a3).add(DoubleVector.fromArray(D4, x, o + 12).mul(gi));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(a1).intoArray(out, wo + j + 4);
            D4_TYPE.cast(a2).intoArray(out, wo + j + 8);
            D4_TYPE.cast(a3).intoArray(out, wo + j + 12);
        }
        for (; j + 3 < d; j += 4) {
            DoubleVector a0 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    a0 = D4_TYPE.cast(a0).add(DoubleVector.fromArray(D4, x, base + i * d + j).mul(gi));
                }
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
        }
        DenseKernels.tailColumns(x, base, m, d, g, outputs, k, out, wo, j);
    }

    /**
     * {@link #runGradient} for the four outputs {@code k..k+3} at once, output {@code c} into
     * {@code out[wo + (c - k) * stride ..]}: eight columns of the four at a time, one load of the features serving
     * the four. Only for runs where none of those outputs' derivatives is zero (no row is skipped), so every sum
     * adds the same terms in the same order as {@link #runGradient}.
     */
    static void runGradient4(double[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out, int wo,
                             int stride) {
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector b0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector b1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector b2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            DoubleVector b3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                int o = base + i * d + j;
                int gi = i * outputs + k;
                // Each row vector is taken by four products: cast, as every vector the JIT must type (see D4_TYPE).
                DoubleVector xa = D4_TYPE.cast(DoubleVector.fromArray(D4, x, o));
                DoubleVector xb = D4_TYPE.cast(DoubleVector.fromArray(D4, x, o + 4));
                double g0 = g[gi];
                double g1 = g[gi + 1];
                double g2 = g[gi + 2];
                double g3 = g[gi + 3];
                a0 = D4_TYPE.cast(a0).add(D4_TYPE.cast(xa.mul(g0)));
                b0 = D4_TYPE.cast(b0).add(D4_TYPE.cast(xb.mul(g0)));
                a1 = D4_TYPE.cast(a1).add(D4_TYPE.cast(xa.mul(g1)));
                b1 = D4_TYPE.cast(b1).add(D4_TYPE.cast(xb.mul(g1)));
                a2 = D4_TYPE.cast(a2).add(D4_TYPE.cast(xa.mul(g2)));
                b2 = D4_TYPE.cast(b2).add(D4_TYPE.cast(xb.mul(g2)));
                a3 = D4_TYPE.cast(a3).add(D4_TYPE.cast(xa.mul(g3)));
                b3 = D4_TYPE.cast(b3).add(D4_TYPE.cast(xb.mul(g3)));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(b0).intoArray(out, wo + j + 4);
            D4_TYPE.cast(a1).intoArray(out, wo + stride + j);
            D4_TYPE.cast(b1).intoArray(out, wo + stride + j + 4);
            D4_TYPE.cast(a2).intoArray(out, wo + 2 * stride + j);
            D4_TYPE.cast(b2).intoArray(out, wo + 2 * stride + j + 4);
            D4_TYPE.cast(a3).intoArray(out, wo + 3 * stride + j);
            D4_TYPE.cast(b3).intoArray(out, wo + 3 * stride + j + 4);
        }
        if (j + 3 < d) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                int gi = i * outputs + k;
                DoubleVector xa = D4_TYPE.cast(DoubleVector.fromArray(D4, x, base + i * d + j));
                a0 = D4_TYPE.cast(a0).add(D4_TYPE.cast(xa.mul(g[gi])));
                a1 = D4_TYPE.cast(a1).add(D4_TYPE.cast(xa.mul(g[gi + 1])));
                a2 = D4_TYPE.cast(a2).add(D4_TYPE.cast(xa.mul(g[gi + 2])));
                a3 = D4_TYPE.cast(a3).add(D4_TYPE.cast(xa.mul(g[gi + 3])));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(a1).intoArray(out, wo + stride + j);
            D4_TYPE.cast(a2).intoArray(out, wo + 2 * stride + j);
            D4_TYPE.cast(a3).intoArray(out, wo + 3 * stride + j);
            j += 4;
        }
        for (int c = 0; c < 4; c++) {
            DenseKernels.tailColumns(x, base, m, d, g, outputs, k + c, out, wo + c * stride, j);
        }
    }

    // Float features: the same kernels, each load of four floats widened exactly to four doubles, so the bits are
    // those of double features of the same values and only half the bytes are read.

    static double dot(float[] x, int xo, double[] w, int wo, int d) {
        // Lane l of a holds the scalar sum s_l, lane l of b the sum s_(4+l).
        DoubleVector a = DoubleVector.zero(D4);
        DoubleVector b = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            a = D4_TYPE.cast(a).add(((DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0))
                    .mul(DoubleVector.fromArray(D4, w, wo + j)));
            b = D4_TYPE.cast(b).add(((DoubleVector) FloatVector.fromArray(F4, x, xo + j + 4)
                    .convertShape(VectorOperators.F2D, D4, 0))
                    .mul(DoubleVector.fromArray(D4, w, wo + j + 4)));
        }
        if (j + 3 < d) {
            a = D4_TYPE.cast(a).add(((DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0))
                    .mul(DoubleVector.fromArray(D4, w, wo + j)));
        }
        a = D4_TYPE.cast(a);
        b = D4_TYPE.cast(b);
        return finish(a.lane(0), a.lane(1), a.lane(2), a.lane(3),
                b.lane(0), b.lane(1), b.lane(2), b.lane(3),
                x, xo, w, wo, j, d);
    }

    private static double finish(double s0, double s1, double s2, double s3, double s4, double s5, double s6,
                                 double s7, float[] x, int xo, double[] w, int wo, int j, int d) {
        // Scalars, not vectors, cross this call: a vector argument the JIT fails to inline for is boxed on the heap,
        // which made whole passes several times slower in long-running JVMs.
        int rest = d - j;
        if (rest < 4) {
            if (rest > 0) {
                s0 += x[xo + j] * w[wo + j];
            }
            if (rest > 1) {
                s1 += x[xo + j + 1] * w[wo + j + 1];
            }
            if (rest > 2) {
                s2 += x[xo + j + 2] * w[wo + j + 2];
            }
        } else if (rest > 4) {
            s4 += x[xo + j + 4] * w[wo + j + 4];
            if (rest > 5) {
                s5 += x[xo + j + 5] * w[wo + j + 5];
            }
            if (rest > 6) {
                s6 += x[xo + j + 6] * w[wo + j + 6];
            }
        }
        return ((s0 + s4) + (s1 + s5)) + ((s2 + s6) + (s3 + s7));
    }

    static void dots(float[] x, int xo, double[] w, int wo, int stride, int d, int count, double[] out, int oo) {
        int c = 0;
        for (; c + 3 < count; c += 4) {
            dots4(x, xo, w, wo + c * stride, stride, d, out, oo + c);
        }
        for (; c + 1 < count; c += 2) {
            dots2(x, xo, w, wo + c * stride, stride, d, out, oo + c);
        }
        if (c < count) {
            out[oo + c] = dot(x, xo, w, wo + c * stride, d);
        }
    }

    private static void dots4(float[] x, int xo, double[] w, int w0, int stride, int d, double[] out, int oo) {
        int w1 = w0 + stride;
        int w2 = w1 + stride;
        int w3 = w2 + stride;
        DoubleVector a0 = DoubleVector.zero(D4);
        DoubleVector b0 = DoubleVector.zero(D4);
        DoubleVector a1 = DoubleVector.zero(D4);
        DoubleVector b1 = DoubleVector.zero(D4);
        DoubleVector a2 = DoubleVector.zero(D4);
        DoubleVector b2 = DoubleVector.zero(D4);
        DoubleVector a3 = DoubleVector.zero(D4);
        DoubleVector b3 = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0);
            DoubleVector xb = (DoubleVector) FloatVector.fromArray(F4, x, xo + j + 4)
                    .convertShape(VectorOperators.F2D, D4, 0);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            b0 = D4_TYPE.cast(b0).add(xb.mul(DoubleVector.fromArray(D4, w, w0 + j + 4)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            b1 = D4_TYPE.cast(b1).add(xb.mul(DoubleVector.fromArray(D4, w, w1 + j + 4)));
            a2 = D4_TYPE.cast(a2).add(xa.mul(DoubleVector.fromArray(D4, w, w2 + j)));
            b2 = D4_TYPE.cast(b2).add(xb.mul(DoubleVector.fromArray(D4, w, w2 + j + 4)));
            a3 = D4_TYPE.cast(a3).add(xa.mul(DoubleVector.fromArray(D4, w, w3 + j)));
            b3 = D4_TYPE.cast(b3).add(xb.mul(DoubleVector.fromArray(D4, w, w3 + j + 4)));
        }
        if (j + 3 < d) {
            DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            a2 = D4_TYPE.cast(a2).add(xa.mul(DoubleVector.fromArray(D4, w, w2 + j)));
            a3 = D4_TYPE.cast(a3).add(xa.mul(DoubleVector.fromArray(D4, w, w3 + j)));
        }
        a0 = D4_TYPE.cast(a0);
        b0 = D4_TYPE.cast(b0);
        out[oo] = finish(a0.lane(0), a0.lane(1), a0.lane(2), a0.lane(3),
                b0.lane(0), b0.lane(1), b0.lane(2), b0.lane(3),
                x, xo, w, w0, j, d);
        a1 = D4_TYPE.cast(a1);
        b1 = D4_TYPE.cast(b1);
        out[oo + 1] = finish(a1.lane(0), a1.lane(1), a1.lane(2), a1.lane(3),
                b1.lane(0), b1.lane(1), b1.lane(2), b1.lane(3),
                x, xo, w, w1, j, d);
        a2 = D4_TYPE.cast(a2);
        b2 = D4_TYPE.cast(b2);
        out[oo + 2] = finish(a2.lane(0), a2.lane(1), a2.lane(2), a2.lane(3),
                b2.lane(0), b2.lane(1), b2.lane(2), b2.lane(3),
                x, xo, w, w2, j, d);
        a3 = D4_TYPE.cast(a3);
        b3 = D4_TYPE.cast(b3);
        out[oo + 3] = finish(a3.lane(0), a3.lane(1), a3.lane(2), a3.lane(3),
                b3.lane(0), b3.lane(1), b3.lane(2), b3.lane(3),
                x, xo, w, w3, j, d);
    }

    private static void dots2(float[] x, int xo, double[] w, int w0, int stride, int d, double[] out, int oo) {
        int w1 = w0 + stride;
        DoubleVector a0 = DoubleVector.zero(D4);
        DoubleVector b0 = DoubleVector.zero(D4);
        DoubleVector a1 = DoubleVector.zero(D4);
        DoubleVector b1 = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0);
            DoubleVector xb = (DoubleVector) FloatVector.fromArray(F4, x, xo + j + 4)
                    .convertShape(VectorOperators.F2D, D4, 0);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            b0 = D4_TYPE.cast(b0).add(xb.mul(DoubleVector.fromArray(D4, w, w0 + j + 4)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
            b1 = D4_TYPE.cast(b1).add(xb.mul(DoubleVector.fromArray(D4, w, w1 + j + 4)));
        }
        if (j + 3 < d) {
            DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, xo + j)
                    .convertShape(VectorOperators.F2D, D4, 0);
            a0 = D4_TYPE.cast(a0).add(xa.mul(DoubleVector.fromArray(D4, w, w0 + j)));
            a1 = D4_TYPE.cast(a1).add(xa.mul(DoubleVector.fromArray(D4, w, w1 + j)));
        }
        a0 = D4_TYPE.cast(a0);
        b0 = D4_TYPE.cast(b0);
        out[oo] = finish(a0.lane(0), a0.lane(1), a0.lane(2), a0.lane(3),
                b0.lane(0), b0.lane(1), b0.lane(2), b0.lane(3),
                x, xo, w, w0, j, d);
        a1 = D4_TYPE.cast(a1);
        b1 = D4_TYPE.cast(b1);
        out[oo + 1] = finish(a1.lane(0), a1.lane(1), a1.lane(2), a1.lane(3),
                b1.lane(0), b1.lane(1), b1.lane(2), b1.lane(3),
                x, xo, w, w1, j, d);
    }

    static void runGradient(float[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out,
                            int wo) {
        // Each column's sum is independent of the others, so sixteen columns at a time give the scalar bits too.
        int j = 0;
        for (; j + 15 < d; j += 16) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi == 0.0) {
                    continue;
                }
                int o = base + i * d + j;
                a0 = D4_TYPE.cast(a0).add(((DoubleVector) FloatVector.fromArray(F4, x, o)
                        .convertShape(VectorOperators.F2D, D4, 0))
                        .mul(gi));
                a1 = D4_TYPE.cast(a1).add(((DoubleVector) FloatVector.fromArray(F4, x, o + 4)
                        .convertShape(VectorOperators.F2D, D4, 0))
                        .mul(gi));
                a2 = D4_TYPE.cast(a2).add(((DoubleVector) FloatVector.fromArray(F4, x, o + 8)
                        .convertShape(VectorOperators.F2D, D4, 0))
                        .mul(gi));
                a3 = D4_TYPE.cast(a3).add(((DoubleVector) FloatVector.fromArray(F4, x, o + 12)
                        .convertShape(VectorOperators.F2D, D4, 0))
                        .mul(gi));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(a1).intoArray(out, wo + j + 4);
            D4_TYPE.cast(a2).intoArray(out, wo + j + 8);
            D4_TYPE.cast(a3).intoArray(out, wo + j + 12);
        }
        for (; j + 3 < d; j += 4) {
            DoubleVector a0 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    a0 = D4_TYPE.cast(a0).add(((DoubleVector) FloatVector.fromArray(F4, x, base + i * d + j)
                            .convertShape(VectorOperators.F2D, D4, 0))
                            .mul(gi));
                }
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
        }
        DenseKernels.tailColumns(x, base, m, d, g, outputs, k, out, wo, j);
    }

    static void runGradient4(float[] x, int base, int m, int d, double[] g, int outputs, int k, double[] out, int wo,
                             int stride) {
        int j = 0;
        for (; j + 7 < d; j += 8) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector b0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector b1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector b2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            DoubleVector b3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                int o = base + i * d + j;
                int gi = i * outputs + k;
                DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, o)
                        .convertShape(VectorOperators.F2D, D4, 0);
                DoubleVector xb = (DoubleVector) FloatVector.fromArray(F4, x, o + 4)
                        .convertShape(VectorOperators.F2D, D4, 0);
                double g0 = g[gi];
                double g1 = g[gi + 1];
                double g2 = g[gi + 2];
                double g3 = g[gi + 3];
                a0 = D4_TYPE.cast(a0).add(xa.mul(g0));
                b0 = D4_TYPE.cast(b0).add(xb.mul(g0));
                a1 = D4_TYPE.cast(a1).add(xa.mul(g1));
                b1 = D4_TYPE.cast(b1).add(xb.mul(g1));
                a2 = D4_TYPE.cast(a2).add(xa.mul(g2));
                b2 = D4_TYPE.cast(b2).add(xb.mul(g2));
                a3 = D4_TYPE.cast(a3).add(xa.mul(g3));
                b3 = D4_TYPE.cast(b3).add(xb.mul(g3));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(b0).intoArray(out, wo + j + 4);
            D4_TYPE.cast(a1).intoArray(out, wo + stride + j);
            D4_TYPE.cast(b1).intoArray(out, wo + stride + j + 4);
            D4_TYPE.cast(a2).intoArray(out, wo + 2 * stride + j);
            D4_TYPE.cast(b2).intoArray(out, wo + 2 * stride + j + 4);
            D4_TYPE.cast(a3).intoArray(out, wo + 3 * stride + j);
            D4_TYPE.cast(b3).intoArray(out, wo + 3 * stride + j + 4);
        }
        if (j + 3 < d) {
            DoubleVector a0 = DoubleVector.zero(D4);
            DoubleVector a1 = DoubleVector.zero(D4);
            DoubleVector a2 = DoubleVector.zero(D4);
            DoubleVector a3 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                int gi = i * outputs + k;
                DoubleVector xa = (DoubleVector) FloatVector.fromArray(F4, x, base + i * d + j)
                        .convertShape(VectorOperators.F2D, D4, 0);
                a0 = D4_TYPE.cast(a0).add(xa.mul(g[gi]));
                a1 = D4_TYPE.cast(a1).add(xa.mul(g[gi + 1]));
                a2 = D4_TYPE.cast(a2).add(xa.mul(g[gi + 2]));
                a3 = D4_TYPE.cast(a3).add(xa.mul(g[gi + 3]));
            }
            D4_TYPE.cast(a0).intoArray(out, wo + j);
            D4_TYPE.cast(a1).intoArray(out, wo + stride + j);
            D4_TYPE.cast(a2).intoArray(out, wo + 2 * stride + j);
            D4_TYPE.cast(a3).intoArray(out, wo + 3 * stride + j);
            j += 4;
        }
        for (int c = 0; c < 4; c++) {
            DenseKernels.tailColumns(x, base, m, d, g, outputs, k + c, out, wo + c * stride, j);
        }
    }
}
