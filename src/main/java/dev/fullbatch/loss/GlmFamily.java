package dev.fullbatch.loss;

/**
 * A loss that is, up to terms free of the margin, {@code phi} times the negative log-likelihood of a generalized
 * linear model (R's {@code glm} family with its link), which is what standard errors and the dispersion estimate
 * of {@code summary(glm(...))} need beyond the loss itself.
 *
 * <p>With {@code mu_i} the row's mean (the inverse link of its margin) and {@code V} the family's variance function,
 * the covariance of the coefficients is {@code phi (X^T W X)^-1}, {@code W} the expected curvatures
 * ({@link #fisherWeights}, which equal {@link OutputLoss#curvatures} for a canonical link), and {@code phi} is 1 for
 * the binomial and Poisson families and otherwise estimated as R does: Pearson's {@code chi^2 / (n - p)}.
 * Implementations are immutable and pure, rows in order.
 */
public interface GlmFamily {

    /** Whether the dispersion is estimated (gaussian, Gamma, inverse Gaussian, Tweedie) rather than fixed at 1. */
    boolean estimatesDispersion();

    /**
     * {@code out[i] = weight_i * E[d^2 loss_i / dm^2]} for rows {@code from .. from+n-1} (the IRLS working
     * weights, in the loss's scale).
     */
    void fisherWeights(double[] labels, double[] weights, int from, int n, double[] margins, double[] out);

    /** Pearson's statistic of the rows: {@code sum_i weight_i (y_i - mu_i)^2 / V(mu_i)}, added in row order. */
    double pearsonChiSquare(double[] labels, double[] weights, int from, int n, double[] margins);
}
