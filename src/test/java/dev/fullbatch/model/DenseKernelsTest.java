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
    void severalOutputsAtOnceGiveEachOutputsDotProductBits() {
        SplittableRandom random = new SplittableRandom(5);
        for (int d = 0; d <= 41; d++) {
            for (int count = 1; count <= 11; count++) {
                int xo = random.nextInt(5);
                int wo = random.nextInt(5);
                int stride = d + random.nextInt(3);
                double[] x = new double[xo + d];
                double[] w = new double[wo + count * stride + d];
                for (int j = 0; j < x.length; j++) {
                    x[j] = value(random);
                }
                for (int j = 0; j < w.length; j++) {
                    w[j] = value(random);
                }
                int oo = random.nextInt(3);
                double[] out = new double[oo + count];
                VectorDenseKernels.dots(x, xo, w, wo, stride, d, count, out, oo);
                for (int c = 0; c < count; c++) {
                    assertEquals(Double.doubleToRawLongBits(DenseKernels.scalarDot(x, xo, w, wo + c * stride, d)),
                            Double.doubleToRawLongBits(out[oo + c]), "d=" + d + ", output " + c + " of " + count);
                }
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

    @Test
    void fourOutputsAtOnceGiveEachOutputsRunGradientBits() {
        SplittableRandom random = new SplittableRandom(6);
        for (int d = 0; d <= 37; d++) {
            for (int outputs = 4; outputs <= 11; outputs++) {
                int m = 1 + random.nextInt(64);
                int base = random.nextInt(7);
                double[] x = new double[base + m * d];
                for (int j = 0; j < x.length; j++) {
                    x[j] = value(random);
                }
                double[] g = new double[m * outputs];
                boolean zeros = random.nextInt(3) == 0;
                for (int i = 0; i < g.length; i++) {
                    g[i] = zeros && random.nextInt(8) == 0 ? 0.0 : value(random);
                }
                int stride = d + random.nextInt(3);
                double[] expected = new double[outputs * stride + d];
                double[] actual = new double[outputs * stride + d];
                for (int k = 0; k < outputs; k++) {
                    DenseKernels.scalarRunGradient(x, base, m, d, g, outputs, k, expected, k * stride);
                }
                DenseKernels.runGradients(x, base, m, d, g, outputs, actual, stride);
                assertBits(expected, actual, "d=" + d + ", outputs=" + outputs);
                if (DenseKernels.noZero(g, m, outputs, 0, 4)) {
                    double[] four = new double[outputs * stride + d];
                    VectorDenseKernels.runGradient4(x, base, m, d, g, outputs, 0, four, 0, stride);
                    for (int j = 0; j < 4 * stride; j++) {
                        assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(four[j]),
                                "d=" + d + ", outputs=" + outputs + ", index " + j);
                    }
                }
            }
        }
    }

    @Test
    void floatKernelsGiveTheBitsOfDoubleKernelsOnTheWidenedValues() {
        SplittableRandom random = new SplittableRandom(7);
        for (int d = 0; d <= 37; d++) {
            for (int outputs = 1; outputs <= 6; outputs++) {
                int m = 1 + random.nextInt(64);
                int base = random.nextInt(7);
                float[] xf = new float[base + m * d];
                double[] xd = new double[xf.length];
                for (int j = 0; j < xf.length; j++) {
                    xf[j] = (float) value(random);
                    xd[j] = xf[j];
                }
                int stride = d + random.nextInt(3);
                double[] w = new double[outputs * stride + d];
                for (int j = 0; j < w.length; j++) {
                    w[j] = value(random);
                }
                double[] g = new double[m * outputs];
                boolean zeros = random.nextInt(3) == 0;
                for (int i = 0; i < g.length; i++) {
                    g[i] = zeros && random.nextInt(8) == 0 ? 0.0 : value(random);
                }
                String what = "d=" + d + ", outputs=" + outputs;
                for (int i = 0; i < m; i++) {
                    double[] expected = new double[outputs];
                    double[] vector = new double[outputs];
                    double[] scalar = new double[outputs];
                    DenseKernels.dots(xd, base + i * d, w, 0, stride, d, outputs, expected, 0);
                    VectorDenseKernels.dots(xf, base + i * d, w, 0, stride, d, outputs, vector, 0);
                    for (int c = 0; c < outputs; c++) {
                        scalar[c] = DenseKernels.scalarDot(xf, base + i * d, w, c * stride, d);
                    }
                    assertBits(expected, vector, "float dots, vector, " + what);
                    assertBits(expected, scalar, "float dots, scalar, " + what);
                }
                double[] expected = new double[outputs * stride + d];
                double[] vector = new double[outputs * stride + d];
                double[] scalar = new double[outputs * stride + d];
                DenseKernels.runGradients(xd, base, m, d, g, outputs, expected, stride);
                DenseKernels.runGradients(xf, base, m, d, g, outputs, vector, stride);
                for (int k = 0; k < outputs; k++) {
                    DenseKernels.scalarRunGradient(xf, base, m, d, g, outputs, k, scalar, k * stride);
                }
                assertBits(expected, vector, "float gradients, vector, " + what);
                assertBits(expected, scalar, "float gradients, scalar, " + what);
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
