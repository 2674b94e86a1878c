package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * Poisson with log link: {@code exp(m) - y m} for labels {@code y >= 0} (counts, or rates with weights); derivative
 * {@code mu - y}, curvature {@code mu}, with {@code mu = exp(m)}. The negative log-likelihood without its constant
 * {@code ln(y!)}.
 */
public final class PoissonLoss implements LogLinkLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public double variancePower() {
        return 1.0;
    }

    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            if (w == 0.0) {
                if (derivatives != null) {
                    derivatives[i] = 0.0;
                }
                continue;
            }
            double y = labels[from + i];
            double m = margins[i];
            double mu = DeterministicMath.exp(m);
            sum += w * (mu - y * m);
            if (derivatives != null) {
                derivatives[i] = w * (mu - y);
            }
        }
        return sum;
    }

    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            out[i] = w == 0.0 ? 0.0 : w * DeterministicMath.exp(margins[i]);
        }
    }

    /** R's {@code poisson()$dev.resids}: {@code 2 (y ln(y / mu) - (y - mu))}, and {@code 2 mu} for {@code y = 0}. */
    @Override
    public double unitDeviance(double label, double margin) {
        double mu = DeterministicMath.exp(margin);
        if (label == 0 || mu == Double.POSITIVE_INFINITY) {
            return 2.0 * mu;
        }
        return 2.0 * (label * (DeterministicMath.log(label) - margin) - (label - mu));
    }
}
