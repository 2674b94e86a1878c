package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * Logistic: {@code log(1 + exp(-y m))} with {@code y = +1} for a positive label (greater than 0) and {@code -1}
 * otherwise, so both the 0/1 and the -1/+1 encodings work. Computed without overflow for any margin.
 */
public final class LogisticLoss implements OutputLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public int outputs() {
        return 1;
    }

    /** Loss and derivative of a row from one exponential ({@link DeterministicMath#expOfMinusMagnitude}). */
    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double z = -y * margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            double e = DeterministicMath.expOfMinusMagnitude(z);
            sum += w * DeterministicMath.log1pExp(z, e);
            if (derivatives != null) {
                derivatives[i] = -y * w * DeterministicMath.sigmoid(z, e);
            }
        }
        return sum;
    }
}
