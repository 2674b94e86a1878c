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
     * Both halves from one exponential per row: with {@code e = exp(-|z|)} (computed for the whole run at once),
     * {@code log(1 + e^z)} is {@code log1p(e)}, plus {@code z} when {@code z > 0}, and the sigmoid is {@code 1/(1+e)}
     * or {@code e/(1+e)} by the sign of {@code z}: the same operations, so the same bits, as
     * {@link DeterministicMath#log1pExp} and {@link DeterministicMath#sigmoid}, which each compute that exponential.
     */
    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = -(labels[from + i] > 0 ? 1.0 : -1.0) * margins[i];
        }
        double[] e = new double[n];
        DeterministicMath.expOfMinusMagnitude(z, 0, n, e, 0);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double zi = z[i];
            double ei = e[i];
            double w = weights == null ? 1.0 : weights[from + i];
            // log1pExp: beyond 40, e < 2^-53 * z cannot change z.
            double log1pExp = zi > 0 ? (zi > 40.0 ? zi : zi + DeterministicMath.log1p(ei)) : DeterministicMath.log1p(ei);
            sum += w * log1pExp;
            if (derivatives != null) {
                double y = labels[from + i] > 0 ? 1.0 : -1.0;
                double sigmoid = zi >= 0 ? 1.0 / (1.0 + ei) : ei / (1.0 + ei);
                derivatives[i] = -y * w * sigmoid;
            }
        }
        return sum;
    }
}
