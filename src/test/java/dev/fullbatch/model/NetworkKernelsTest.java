package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The network's matrix products give the bits of the plain per-element sequential sum, on the vector and the scalar
 * path alike, for every block shape, tail, stride and offset.
 */
class NetworkKernelsTest {

    private static double value(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> 0.0;
            case 1 -> -0.0;
            case 2 -> (random.nextBoolean() ? 1 : -1) * 1e8 * random.nextDouble();
            case 3 -> (random.nextBoolean() ? 1 : -1) * 1e-8 * random.nextDouble();
            default -> 2 * random.nextDouble() - 1;
        };
    }

    private static double[] values(SplittableRandom random, int n) {
        double[] v = new double[n];
        for (int q = 0; q < n; q++) {
            v[q] = value(random);
        }
        return v;
    }

    @Test
    void vectorModuleIsPresentInTestJvms() {
        assertTrue(DenseKernels.VECTOR, "run the tests with --add-modules=jdk.incubator.vector");
    }

    @Test
    void vectorAndScalarProductsGiveTheSequentialSumsBits() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 3000; trial++) {
            int rows = 1 + random.nextInt(11);
            int cols = 1 + random.nextInt(21);
            int len = random.nextInt(70);
            boolean transposedLeft = random.nextBoolean();
            int lo = random.nextInt(4);
            int lr = transposedLeft ? 1 : len + random.nextInt(3);
            int lt = transposedLeft ? rows + random.nextInt(3) : 1;
            int ro = random.nextInt(4);
            int ldr = cols + random.nextInt(3);
            int co = random.nextInt(4);
            int ldc = cols + random.nextInt(3);
            double[] left = values(random, lo + rows * lr + len * lt + 1);
            double[] right = values(random, ro + len * ldr + cols);
            double[] c = values(random, co + rows * ldc + cols);
            double[] expected = c.clone();
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    double s = expected[co + r * ldc + k];
                    for (int t = 0; t < len; t++) {
                        s = s + left[lo + r * lr + t * lt] * right[ro + t * ldr + k];
                    }
                    expected[co + r * ldc + k] = s;
                }
            }
            double[] scalar = c.clone();
            NetworkKernels.scalarMultiplyAdd(left, lo, lr, lt, right, ro, ldr, scalar, co, ldc, rows, cols, len);
            double[] blocked = c.clone();
            NetworkKernels.blockedMultiplyAdd(left, lo, lr, lt, right, ro, ldr, blocked, co, ldc, rows, cols, len);
            double[] vector = c.clone();
            VectorNetworkKernels.multiplyAdd(left, lo, lr, lt, right, ro, ldr, vector, co, ldc, rows, cols, len);
            String what = rows + "x" + cols + " over " + len + (transposedLeft ? " (transposed left)" : "");
            for (int q = 0; q < c.length; q++) {
                assertEquals(Double.doubleToRawLongBits(expected[q]), Double.doubleToRawLongBits(scalar[q]),
                        "scalar " + what + ", element " + q);
                assertEquals(Double.doubleToRawLongBits(expected[q]), Double.doubleToRawLongBits(blocked[q]),
                        "blocked scalar " + what + ", element " + q);
                assertEquals(Double.doubleToRawLongBits(expected[q]), Double.doubleToRawLongBits(vector[q]),
                        "vector " + what + ", element " + q);
            }
        }
    }
}
