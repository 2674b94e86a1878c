package dev.fullbatch.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SoftmaxLossTest {

    @Test
    void lossBitsDoNotDependOnWhetherDerivativesAreWanted() {
        SplittableRandom random = new SplittableRandom(7);
        int k = 5;
        int n = 50;
        double[] labels = new double[n];
        double[] weights = new double[n];
        double[] margins = new double[n * k];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
            weights[i] = 0.25 + random.nextDouble();
        }
        for (int j = 0; j < margins.length; j++) {
            margins[j] = 40 * (random.nextDouble() - 0.5);
        }
        SoftmaxLoss loss = new SoftmaxLoss(k);
        double[] derivatives = new double[n * k];
        double with = loss.evaluate(labels, weights, 0, n, margins, derivatives);
        double without = loss.evaluate(labels, weights, 0, n, margins, null);
        assertEquals(Double.doubleToRawLongBits(without), Double.doubleToRawLongBits(with));
        for (int i = 0; i < n; i++) {
            // Reference probabilities from the JDK's exp: the derivative is w * (softmax - e_y), and sums to ~0.
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, margins[i * k + c]);
            }
            double z = 0;
            for (int c = 0; c < k; c++) {
                z += Math.exp(margins[i * k + c] - max);
            }
            double total = 0;
            for (int c = 0; c < k; c++) {
                double p = Math.exp(margins[i * k + c] - max) / z;
                double expected = weights[i] * (c == labels[i] ? p - 1 : p);
                assertEquals(expected, derivatives[i * k + c], 1e-15 * weights[i], "row " + i + " class " + c);
                total += derivatives[i * k + c];
            }
            assertEquals(0.0, total, 1e-15 * weights[i] * k, "row " + i);
        }
    }
}
