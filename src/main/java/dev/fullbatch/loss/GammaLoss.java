package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * Gamma with log link: {@code y exp(-m) + m} for labels {@code y > 0} (amounts, durations); derivative
 * {@code 1 - y exp(-m)}, curvature {@code y exp(-m)}. The negative log-likelihood for a fixed shape, without its
 * terms constant in {@code m}.
 */
public final class GammaLoss implements LogLinkLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public double variancePower() {
        return 2.0;
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
            double m = margins[i];
            double r = labels[from + i] * DeterministicMath.exp(-m);
            sum += w * (r + m);
            if (derivatives != null) {
                derivatives[i] = w * (1.0 - r);
            }
        }
        return sum;
    }

    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            out[i] = w == 0.0 ? 0.0 : w * (labels[from + i] * DeterministicMath.exp(-margins[i]));
        }
    }

    /**
     * R's {@code Gamma()$dev.resids}: {@code -2 (ln(y / mu) - (y - mu) / mu)}, written as {@code 2 (r - 1 - ln r)}
     * with {@code r = y / mu = y exp(-m)}.
     */
    @Override
    public double unitDeviance(double label, double margin) {
        double r = label * DeterministicMath.exp(-margin);
        if (r == Double.POSITIVE_INFINITY) {
            return r; // the mean underflowed against the label: not infinity minus infinity
        }
        return 2.0 * ((r - 1.0) - DeterministicMath.log(r));
    }
}
