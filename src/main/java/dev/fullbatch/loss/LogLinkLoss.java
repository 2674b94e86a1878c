package dev.fullbatch.loss;

import dev.fullbatch.math.DeterministicMath;

/**
 * A loss of the log-link families: the negative log-likelihood, up to terms constant in the margin {@code m}, of an
 * exponential dispersion family with mean {@code mu = exp(m)} and variance function {@code mu^p}: Poisson
 * ({@code p = 1}), Gamma ({@code p = 2}) and Tweedie ({@code 1 < p < 2}). Predictions are means, not margins.
 *
 * <p>Beside the loss each family gives its unit deviance, twice the log-likelihood ratio of the saturated model to
 * the fitted one for one row of weight 1, exactly R's {@code family$dev.resids(y, mu, 1)} ({@code poisson()},
 * {@code Gamma()}, statmod's {@code tweedie(var.power = p, link.power = 0)}), computed from the margin so that
 * {@code log mu} is {@code m} itself. Every exponential and logarithm is {@link DeterministicMath}'s, and no row
 * gives {@code 0 * Infinity}: a row of weight 0 adds exactly nothing, and a zero label never multiplies an
 * exponential that may have overflowed.
 *
 * <p>As {@link GlmFamily}s (R's {@code glm} with {@code link = "log"}): the expected curvature of a row is
 * {@code weight * mu^(2-p)} (R's IRLS weight {@code (dmu/deta)^2 / V(mu)}; the observed one for Poisson, whose link is
 * canonical), Pearson's statistic sums {@code weight (y - mu)^2 / mu^p}, and the dispersion is fixed at 1 for Poisson
 * and estimated for Gamma and Tweedie.
 */
public sealed interface LogLinkLoss extends OutputLoss, GlmFamily permits PoissonLoss, GammaLoss, TweedieLoss {

    @Override
    default int outputs() {
        return 1;
    }

    /** One output: a row's Hessian is its curvature, so the product is the curvature times the direction. */
    @Override
    default void hessianTimes(double[] labels, double[] weights, int from, int n, double[] margins,
                              double[] direction, double[] out) {
        curvatures(labels, weights, from, n, margins, out);
        for (int i = 0; i < n; i++) {
            out[i] *= direction[i];
        }
    }

    /** Poisson fixes the dispersion at 1; Gamma and Tweedie estimate it. */
    @Override
    default boolean estimatesDispersion() {
        return variancePower() != 1.0;
    }

    /** {@code out[i] = weight_i * mu_i^(2-p)}: 1 per unit of weight for Gamma. */
    @Override
    default void fisherWeights(double[] labels, double[] weights, int from, int n, double[] margins, double[] out) {
        double b = 2.0 - variancePower();
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            out[i] = w == 0.0 ? 0.0 : b == 0.0 ? w : w * DeterministicMath.exp(b * margins[i]);
        }
    }

    /** {@code sum_i weight_i (y_i - mu_i)^2 / mu_i^p}, rows of weight 0 left out, added in row order. */
    @Override
    default double pearsonChiSquare(double[] labels, double[] weights, int from, int n, double[] margins) {
        double p = variancePower();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[from + i];
            if (w == 0.0) {
                continue;
            }
            double m = margins[i];
            double r = labels[from + i] - mean(m);
            sum += w * (r * r) * DeterministicMath.exp(-p * m);
        }
        return sum;
    }

    /** The power {@code p} of the variance function {@code V(mu) = mu^p}: 1, 2, or the Tweedie power. */
    double variancePower();

    /** The predicted mean {@code exp(margin)}. */
    default double mean(double margin) {
        return DeterministicMath.exp(margin);
    }

    /**
     * The unit deviance of a row: R's {@code dev.resids(y, mu, 1)} with {@code mu = exp(margin)}; 0 when the mean
     * equals the label, positive otherwise, +Infinity where the mean overflows or underflows against the label.
     *
     * @param label the row's label (in the family's label domain)
     * @param margin the row's margin, offset included
     */
    double unitDeviance(double label, double margin);

    /**
     * 1: a log-link loss has no bound (its curvature grows as {@code exp} of the margin), so it states its curvature
     * at the margin 0 (where a linear model starts) for a label of 1, which is 1 for every power {@code p}.
     */
    @Override
    default double curvatureBound() {
        return 1.0;
    }
}
