package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * Tweedie with log link and power {@code 1 < p < 2} (compound Poisson-Gamma: insurance claims, rainfall), labels
 * {@code y >= 0}: {@code -y exp((1-p) m) / (1-p) + exp((2-p) m) / (2-p)}; derivative {@code exp((1-p) m) (mu - y)},
 * curvature {@code (p-1) y exp((1-p) m) + (2-p) exp((2-p) m)}, positive, so the loss is convex. The negative
 * quasi-log-likelihood without its terms constant in {@code m}. Each exponential is taken of its own exponent
 * (never {@code mu} raised to a power), and a zero label skips the first term, whose exponential may overflow.
 */
public final class TweedieLoss implements LogLinkLoss {
    private static final long serialVersionUID = 1L;
    private final double power;

    /** @param power the variance power p, strictly between 1 and 2 */
    public TweedieLoss(double power) {
        if (!(power > 1.0 && power < 2.0)) {
            throw new IllegalArgumentException("the Tweedie power must be strictly between 1 and 2, got " + power);
        }
        this.power = power;
    }

    @Override
    public double variancePower() {
        return power;
    }

    @Override
    public double evaluate(double[] labels, double[] weights, int from, int n, double[] margins,
                           double[] derivatives) {
        double a = 1.0 - power;
        double b = 2.0 - power;
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
            double eb = DeterministicMath.exp(b * m);
            double loss = eb / b;
            double d = eb;
            if (y != 0) {
                double ea = DeterministicMath.exp(a * m);
                loss -= y * ea / a;
                d -= y * ea;
            }
            sum += w * loss;
            if (derivatives != null) {
                derivatives[i] = w * d;
            }
        }
        return sum;
    }

    @Override
    public void curvatures(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        double a = 1.0 - power;
        double b = 2.0 - power;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            if (w == 0.0) {
                out[i] = 0.0;
                continue;
            }
            double y = labels[from + i];
            double m = margins[i];
            double h = b * DeterministicMath.exp(b * m);
            if (y != 0) {
                h -= a * y * DeterministicMath.exp(a * m);
            }
            out[i] = w * h;
        }
    }

    /**
     * statmod's {@code tweedie(var.power = p, link.power = 0)$dev.resids}: {@code 2 (y theta - kappa)} with
     * {@code theta = (y^(1-p) - mu^(1-p)) / (1-p)} and {@code kappa = (y^(2-p) - mu^(2-p)) / (2-p)}; for
     * {@code y = 0} that is {@code 2 mu^(2-p) / (2-p)}.
     */
    @Override
    public double unitDeviance(double label, double margin) {
        double a = 1.0 - power;
        double b = 2.0 - power;
        double muB = DeterministicMath.exp(b * margin);
        if (label == 0) {
            return 2.0 * muB / b;
        }
        double logY = DeterministicMath.log(label);
        double theta = (DeterministicMath.exp(a * logY) - DeterministicMath.exp(a * margin)) / a;
        double kappa = (label * DeterministicMath.exp(a * logY) - muB) / b;
        return 2.0 * (label * theta - kappa);
    }
}
