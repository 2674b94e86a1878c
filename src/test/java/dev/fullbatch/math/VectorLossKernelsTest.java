package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels of the losses ({@link VectorExp#exp}, {@link VectorLogistic#run}) give the bits of the scalar
 * functions of {@link DeterministicMath} for every argument: both sides of each branch the scalar code takes (the
 * near-zero and table paths of log1p at e = 2^-7, e = 1, z above 40, the vector range's ends), every table entry, and
 * the special values the scalar fallback keeps (NaN with its sign, infinities, signed zeros).
 */
class VectorLossKernelsTest {
    private static final double[] SPECIAL = {0.0, -0.0, 40.0, -40.0, Math.nextUp(40.0), Math.nextDown(40.0), 700,
        -700, Math.nextDown(-700.0), 745.2, -745.2, 800, -800, 1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE,
        1e-300, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -Double.NaN, Math.log(128),
        -Math.log(128), Math.nextUp(Math.log(128)), Math.nextDown(Math.log(128))};

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
    }

    /** Margins of every kind: specials, around ln 128 (where e crosses 2^-7), every table cell of log1p, wide. */
    private static double margin(SplittableRandom rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> SPECIAL[rnd.nextInt(SPECIAL.length)];
            case 1 -> (rnd.nextBoolean() ? 1 : -1) * (Math.log(128) + (rnd.nextDouble() - 0.5) * 1e-9);
            case 2 -> (rnd.nextBoolean() ? 1 : -1) * 5 * rnd.nextDouble();
            case 3 -> (rnd.nextBoolean() ? 1 : -1) * Math.scalb(rnd.nextDouble(), -rnd.nextInt(60));
            case 4 -> (rnd.nextBoolean() ? 1 : -1) * 760 * rnd.nextDouble();
            default -> 80 * rnd.nextDouble() - 40;
        };
    }

    @Test
    void vectorExponentialGivesTheScalarBitsForEveryArgument() {
        assertTrue(VectorApi.USED, "run the tests with --add-modules=jdk.incubator.vector");
        SplittableRandom rnd = new SplittableRandom(31);
        for (int trial = 0; trial < 3000; trial++) {
            int from = rnd.nextInt(4);
            int n = rnd.nextInt(45);
            double[] x = new double[from + n + 2];
            for (int q = 0; q < x.length; q++) {
                // Mostly the softmax's arguments (margin minus the row's largest: at most 0), some of any sign.
                x[q] = rnd.nextInt(5) == 0 ? margin(rnd) : -Math.abs(margin(rnd));
            }
            double[] out = new double[n];
            VectorExp.exp(x, from, n, out, 0);
            double[] inPlace = x.clone();
            VectorExp.exp(inPlace, from, n, inPlace, from);
            for (int q = 0; q < n; q++) {
                double expected = DeterministicMath.exp(x[from + q]);
                assertSameBits(expected, out[q], "exp(" + x[from + q] + ")");
                assertSameBits(expected, inPlace[from + q], "in place, exp(" + x[from + q] + ")");
            }
        }
    }

    @Test
    void vectorLogisticRunGivesTheScalarBitsOfEveryTermAndTheSum() {
        assertTrue(VectorApi.USED, "run the tests with --add-modules=jdk.incubator.vector");
        SplittableRandom rnd = new SplittableRandom(32);
        for (int trial = 0; trial < 3000; trial++) {
            int from = rnd.nextInt(3);
            int n = rnd.nextInt(70);
            double[] labels = new double[from + n];
            double[] weights = new double[from + n];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = rnd.nextInt(3) - 1;
                weights[i] = rnd.nextBoolean() ? 1.0 : 0.25 + 2 * rnd.nextDouble();
            }
            double[] margins = new double[n];
            for (int i = 0; i < n; i++) {
                // Most trials without NaN, so that whole runs take the vector path.
                do {
                    margins[i] = margin(rnd);
                } while (trial % 5 != 0 && Double.isNaN(margins[i]));
            }
            boolean weighted = trial % 2 == 0;
            double[] e = new double[n];
            VectorExp.expOfMinusMagnitude(margins, 0, n, e, 0);
            double[] derivatives = new double[n];
            double sum = VectorLogistic.run(labels, weighted ? weights : null, from, n, margins, e, derivatives);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double y = labels[from + i] > 0 ? 1.0 : -1.0;
                double z = -y * margins[i];
                double w = weighted ? weights[from + i] : 1.0;
                double ez = DeterministicMath.expOfMinusMagnitude(z);
                expected += w * DeterministicMath.log1pExp(z, ez);
                assertSameBits(-y * w * DeterministicMath.sigmoid(z, ez), derivatives[i],
                        "derivative at margin " + margins[i]);
            }
            assertSameBits(expected, sum, "loss of trial " + trial);
            // Without derivatives, and with the exponentials in the derivatives' room, as LogisticLoss passes them.
            assertSameBits(sum, VectorLogistic.run(labels, weighted ? weights : null, from, n, margins, e.clone(),
                    null), "loss-only run");
            double[] shared = e.clone();
            assertSameBits(sum, VectorLogistic.run(labels, weighted ? weights : null, from, n, margins, shared,
                    shared), "exponentials in the derivatives' array");
        }
    }

    @Test
    void vectorLogisticCoversEveryLogTableCellAndBothSidesOfTheNearZeroBoundary() {
        // e = exp(-|m|) sweeps (0, 1]: log1p(e) takes the table path from 2^-7 on, cell j for 1 + e in
        // [1 + j/128, 1 + (j+1)/128): margins spread over each cell's preimage, and just around the boundary.
        int n = 128 * 16 + 64;
        double[] margins = new double[n];
        for (int q = 0; q < 128 * 16; q++) {
            double e = (q / 16 + (q % 16 + 0.5) / 16) / 128.0;
            margins[q] = (q % 2 == 0 ? 1 : -1) * -Math.log(Math.max(e, 1e-300));
        }
        double boundary = Math.log(128);
        for (int q = 0; q < 64; q++) {
            margins[128 * 16 + q] = (q % 2 == 0 ? 1 : -1) * (boundary + (q - 32) * Math.ulp(boundary));
        }
        double[] labels = new double[n];
        for (int q = 0; q < n; q++) {
            labels[q] = (q / 2) % 2;
        }
        double[] e = new double[n];
        VectorExp.expOfMinusMagnitude(margins, 0, n, e, 0);
        double[] derivatives = new double[n];
        double sum = VectorLogistic.run(labels, null, 0, n, margins, e, derivatives);
        double expected = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[i] > 0 ? 1.0 : -1.0;
            double z = -y * margins[i];
            expected += DeterministicMath.log1pExp(z);
            assertSameBits(-y * DeterministicMath.sigmoid(z), derivatives[i], "derivative at margin " + margins[i]);
        }
        assertSameBits(expected, sum, "loss");
    }
}
