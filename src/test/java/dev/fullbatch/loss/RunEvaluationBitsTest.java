package dev.fullbatch.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.math.DeterministicMath;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The losses share work between a row's loss and derivative (one exponential per row and class); these tests hold
 * them, and {@link DeterministicMath}'s shared sigmoid and log(1 + e^z), to the bits of the plain formulas that
 * compute their own exponentials, over ordinary and extreme margins (NaN, infinities, signed zeros included).
 */
class RunEvaluationBitsTest {

    private static final double[] EXTREMES = {0.0, -0.0, 40.0, -40.0, Math.nextUp(40.0), 39.99999, 700.0, -700.0,
        Math.nextDown(-700.0), 745.2, -745.2, 1e-300, -1e-300, Double.MIN_VALUE, 1e308, -1e308,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 0.5, -0.5, 36.9, -36.9};

    private static double margin(SplittableRandom random, int j) {
        if (j % 3 == 0) {
            return EXTREMES[random.nextInt(EXTREMES.length)];
        }
        return (random.nextBoolean() ? 60 : 3) * (random.nextDouble() - 0.5);
    }

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
    }

    /** log(1 + e^z) as first written, with an exponential of its own: the bits the shared one must keep. */
    private static double log1pExp(double z) {
        if (z > 0) {
            return z > 40.0 ? z : z + DeterministicMath.log1p(DeterministicMath.exp(-z));
        }
        return DeterministicMath.log1p(DeterministicMath.exp(z));
    }

    /** The sigmoid as first written, with an exponential of its own. */
    private static double sigmoid(double z) {
        if (z >= 0) {
            return 1.0 / (1.0 + DeterministicMath.exp(-z));
        }
        double e = DeterministicMath.exp(z);
        return e / (1.0 + e);
    }

    @Test
    void logisticRunMatchesRowByRowScalarFormulasBitForBit() {
        SplittableRandom random = new SplittableRandom(21);
        LogisticLoss loss = new LogisticLoss();
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(70); // whole groups of four and a remainder
            double[] labels = new double[n];
            double[] weights = new double[n];
            double[] margins = new double[n];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(3) - 1; // -1, 0 and +1: 0 counts as negative
                weights[i] = 0.5 + random.nextDouble();
                margins[i] = margin(random, i + trial);
            }
            double[] derivatives = new double[n];
            double sum = loss.evaluate(labels, weights, 0, n, margins, derivatives);
            double expectedSum = 0;
            for (int i = 0; i < n; i++) {
                double y = labels[i] > 0 ? 1.0 : -1.0;
                double z = -y * margins[i];
                assertSameBits(log1pExp(z), DeterministicMath.log1pExp(z), "log1pExp(" + z + ")");
                assertSameBits(sigmoid(z), DeterministicMath.sigmoid(z), "sigmoid(" + z + ")");
                expectedSum += weights[i] * log1pExp(z);
                assertSameBits(-y * weights[i] * sigmoid(z), derivatives[i], "derivative of margin " + margins[i]);
            }
            assertSameBits(expectedSum, sum, "loss of trial " + trial);
            assertSameBits(sum, loss.evaluate(labels, weights, 0, n, margins, null), "loss-only pass");
        }
    }

    @Test
    void softmaxRunMatchesRowByRowScalarFormulasBitForBit() {
        SplittableRandom random = new SplittableRandom(22);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + random.nextInt(9);
            SoftmaxLoss loss = new SoftmaxLoss(k);
            int n = 1 + random.nextInt(40);
            double[] labels = new double[n];
            double[] margins = new double[n * k];
            for (int i = 0; i < n; i++) {
                labels[i] = random.nextInt(k);
            }
            for (int j = 0; j < margins.length; j++) {
                margins[j] = trial % 4 == 0 ? margin(random, j) : 50 * (random.nextDouble() - 0.5);
            }
            double[] derivatives = new double[n * k];
            double sum = loss.evaluate(labels, null, 0, n, margins, derivatives);
            double expectedSum = 0;
            for (int i = 0; i < n; i++) {
                int base = i * k;
                int y = (int) labels[i];
                double max = margins[base];
                for (int c = 1; c < k; c++) {
                    max = Math.max(max, margins[base + c]);
                }
                double z = 0;
                double[] e = new double[k];
                for (int c = 0; c < k; c++) {
                    e[c] = DeterministicMath.exp(margins[base + c] - max);
                    z += e[c];
                }
                expectedSum += 1.0 * (max + DeterministicMath.log(z) - margins[base + y]);
                for (int c = 0; c < k; c++) {
                    double p = e[c] / z;
                    assertSameBits(1.0 * (c == y ? p - 1.0 : p), derivatives[base + c], "derivative " + c);
                }
            }
            assertSameBits(expectedSum, sum, "loss of trial " + trial);
            assertSameBits(sum, loss.evaluate(labels, null, 0, n, margins, null), "loss-only pass");
        }
    }
}
