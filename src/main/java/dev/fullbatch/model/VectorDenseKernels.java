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

    private VectorDenseKernels() {
    }

    static void widen(float[] from, int offset, int count, double[] to) {
        int i = 0;
        for (; i + 3 < count; i += 4) {
            FloatVector.fromArray(F4, from, offset + i).convertShape(VectorOperators.F2D, D4, 0)
                    .reinterpretAsDoubles().intoArray(to, i);
        }
        for (; i < count; i++) {
            to[i] = from[offset + i];
        }
    }

    static double dot(double[] x, int xo, double[] w, int wo, int d) {
        // Lane l of a holds the scalar sum s_l, lane l of b the sum s_(4+l).
        DoubleVector a = DoubleVector.zero(D4);
        DoubleVector b = DoubleVector.zero(D4);
        int j = 0;
        for (; j + 7 < d; j += 8) {
            a = a.add(DoubleVector.fromArray(D4, x, xo + j).mul(DoubleVector.fromArray(D4, w, wo + j)));
            b = b.add(DoubleVector.fromArray(D4, x, xo + j + 4).mul(DoubleVector.fromArray(D4, w, wo + j + 4)));
        }
        double s0 = a.lane(0);
        for (; j < d; j++) {
            s0 += x[xo + j] * w[wo + j];
        }
        return ((s0 + a.lane(1)) + (a.lane(2) + a.lane(3))) + ((b.lane(0) + b.lane(1)) + (b.lane(2) + b.lane(3)));
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
                a0 = a0.add(DoubleVector.fromArray(D4, x, o).mul(gi));
                a1 = a1.add(DoubleVector.fromArray(D4, x, o + 4).mul(gi));
                a2 = a2.add(DoubleVector.fromArray(D4, x, o + 8).mul(gi));
                a3 = a3.add(DoubleVector.fromArray(D4, x, o + 12).mul(gi));
            }
            a0.intoArray(out, wo + j);
            a1.intoArray(out, wo + j + 4);
            a2.intoArray(out, wo + j + 8);
            a3.intoArray(out, wo + j + 12);
        }
        for (; j + 3 < d; j += 4) {
            DoubleVector a0 = DoubleVector.zero(D4);
            for (int i = 0; i < m; i++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    a0 = a0.add(DoubleVector.fromArray(D4, x, base + i * d + j).mul(gi));
                }
            }
            a0.intoArray(out, wo + j);
        }
        DenseKernels.tailColumns(x, base, m, d, g, outputs, k, out, wo, j);
    }
}
