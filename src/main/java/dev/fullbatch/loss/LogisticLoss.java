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

    /**
     * Both halves from one exponential per row: with {@code e = exp(-|z|)}, {@code log(1 + e^z)} is
     * {@code log1p(e)}, plus {@code z} when {@code z > 0}, and the sigmoid is {@code 1/(1+e)} or {@code e/(1+e)} by the
     * sign of {@code z}: the same operations, so the same bits, as {@link DeterministicMath#log1pExp} and
     * {@link DeterministicMath#sigmoid}, which each compute that exponential.
     */
    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double y = labels[from + i] > 0 ? 1.0 : -1.0;
            double z = -y * margins[i];
            double w = weights == null ? 1.0 : weights[from + i];
            double e = DeterministicMath.exp(-Math.abs(z));
            // log1pExp: beyond 40, e < 2^-53 * z cannot change z.
            double log1pExp = z > 0 ? (z > 40.0 ? z : z + DeterministicMath.log1p(e)) : DeterministicMath.log1p(e);
            sum += w * log1pExp;
            if (derivatives != null) {
                double sigmoid = z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
                derivatives[i] = -y * w * sigmoid;
            }
        }
        return sum;
    }
}
