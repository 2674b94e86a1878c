package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector kernels give exactly the scalar kernels' bits, for every width and tail length. */
class DenseKernelsTest {

    private static double value(SplittableRandom random) {
        double scale = switch (random.nextInt(4)) {
            case 0 -> 1e8;
            case 1 -> 1e-8;
            case 2 -> 1.0;
            default -> 1e3;
        };
        return (random.nextBoolean() ? 1 : -1) * scale * random.nextDouble();
    }

    @Test
    void vectorModuleIsPresentInTestJvms() {
        // Otherwise the comparisons below would compare the scalar kernels with themselves.
        assertTrue(DenseKernels.VECTOR, "run the tests with --add-modules=jdk.incubator.vector");
    }

    @Test
    void vectorDotProductsEqualScalarBits() {
        SplittableRandom random = new SplittableRandom(3);
        for (int d = 0; d <= 41; d++) {
            for (int trial = 0; trial < 20; trial++) {
                int xo = random.nextInt(5);
                int wo = random.nextInt(5);
                double[] x = new double[xo + d];
                double[] w = new double[wo + d];
                for (int j = 0; j < x.length; j++) {
                    x[j] = value(random);
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] = value(random);
                }
                assertEquals(Double.doubleToRawLongBits(DenseKernels.scalarDot(x, xo, w, wo, d)),
                        Double.doubleToRawLongBits(VectorDenseKernels.dot(x, xo, w, wo, d)), "double, d=" + d);
            }
        }
    }

    @Test
    void vectorRunGradientsEqualScalarBits() {
        SplittableRandom random = new SplittableRandom(4);
        for (int d = 0; d <= 37; d++) {
            for (int outputs = 1; outputs <= 3; outputs++) {
                int m = 1 + random.nextInt(64);
                int base = random.nextInt(7);
                double[] x = new double[base + m * d];
                for (int j = 0; j < x.length; j++) {
                    x[j] = value(random);
                }
                double[] g = new double[m * outputs];
                for (int i = 0; i < g.length; i++) {
                    g[i] = random.nextInt(4) == 0 ? 0.0 : value(random);
                }
                for (int k = 0; k < outputs; k++) {
                    int wo = random.nextInt(3);
                    double[] a = new double[wo + d];
                    double[] b = new double[wo + d];
                    DenseKernels.scalarRunGradient(x, base, m, d, g, outputs, k, a, wo);
                    VectorDenseKernels.runGradient(x, base, m, d, g, outputs, k, b, wo);
                    assertBits(a, b, "double, d=" + d);
                }
            }
        }
    }

    private static void assertBits(double[] expected, double[] actual, String what) {
        for (int j = 0; j < expected.length; j++) {
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(actual[j]),
                    what + ", column " + j);
        }
    }
}
