package dev.fullbatch.select;

import java.util.Arrays;

/**
 * A regularization path: penalties {@code lambda_0 > lambda_1 > ...} of the elastic net
 * {@code lambda ((1-alpha)/2 ||w||^2 + alpha ||w||_1)} (glmnet's parametrization; the intercept is never penalized),
 * so that at penalty {@code k} the run's {@code --reg-l2} is {@code lambda_k (1-alpha)} and its {@code --reg-l1}
 * {@code lambda_k alpha}. Immutable.
 *
 * <p>The sequence is log-spaced from {@code lambda_max} down to {@code lambda_max * ratio}:
 * {@code lambda_k = lambda_max * ratio^(k/(N-1))} (with {@link StrictMath#pow}, so the same bits on every JVM).
 * {@code lambda_max} is the smallest penalty at which every coefficient is 0 ({@link #lambdaMax}).
 *
 * @param alpha   the L1 share, in [0, 1]
 * @param lambdas the penalties, decreasing
 */
public record PenaltyPath(double alpha, double[] lambdas) {

    /**
     * The L1 share {@link #lambdaMax} uses for a pure L2 path (alpha 0), as glmnet does: an L2 penalty never zeroes
     * a coefficient, so there is no smallest penalty that does; glmnet starts its ridge path at the lambda_max of
     * alpha = 0.001, a penalty large enough to shrink every coefficient to near 0.
     */
    public static final double RIDGE_START_ALPHA = 1e-3;

    public PenaltyPath {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], got " + alpha);
        }
        lambdas = lambdas.clone();
    }

    /**
     * {@code N} penalties from {@code lambdaMax} down to {@code lambdaMax * ratio}.
     *
     * @param ratio in (0, 1)
     * @param n at least 1 (one penalty: lambda_max alone)
     */
    public static PenaltyPath logSpaced(double lambdaMax, double ratio, int n, double alpha) {
        if (!(lambdaMax > 0) || Double.isInfinite(lambdaMax)) {
            throw new IllegalArgumentException("lambda_max must be positive and finite, got " + lambdaMax);
        }
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("the path ratio must be in (0, 1), got " + ratio);
        }
        if (n < 1) {
            throw new IllegalArgumentException("a path needs at least 1 penalty, got " + n);
        }
        double[] lambdas = new double[n];
        for (int k = 0; k < n; k++) {
            lambdas[k] = n == 1 ? lambdaMax : lambdaMax * StrictMath.pow(ratio, (double) k / (n - 1));
        }
        return new PenaltyPath(alpha, lambdas);
    }

    /**
     * glmnet's default {@code lambda.min.ratio}: 1e-4 when there are more rows than features, else 1e-2 (with few
     * rows the small penalties overfit, and the solutions stop changing).
     */
    public static double defaultRatio(long rows, int features) {
        return rows > features ? 1e-4 : 1e-2;
    }

    /**
     * The smallest penalty at which every penalized coefficient is 0: {@code max_j |g_j| / (alpha' f_j)} over the
     * coefficients with a positive penalty factor {@code f_j}, where {@code g} is the gradient of the mean loss at the
     * intercept-only optimum and {@code alpha' = max(alpha, }{@link #RIDGE_START_ALPHA}{@code )}. At that point the
     * zero coefficients satisfy the optimality condition {@code |g_j| <= lambda alpha f_j} exactly.
     *
     * @param gradient the mean loss's gradient with respect to the coefficients (model units) at the intercept-only
     *     optimum
     * @param factors per-coefficient penalty factors, or null for all 1
     * @return lambda_max; the smallest positive double when the gradient is 0 (every coefficient is 0 at any penalty)
     */
    public static double lambdaMax(double[] gradient, double alpha, double[] factors) {
        double a = Math.max(alpha, RIDGE_START_ALPHA);
        double max = 0;
        for (int j = 0; j < gradient.length; j++) {
            double f = factors == null ? 1.0 : factors[j];
            if (f > 0) {
                max = Math.max(max, Math.abs(gradient[j]) / (a * f));
            }
        }
        return max > 0 ? max : Double.MIN_NORMAL;
    }

    /** The number of penalties. */
    public int size() {
        return lambdas.length;
    }

    /** Penalty {@code k}. */
    public double lambda(int k) {
        return lambdas[k];
    }

    /** The L2 strength at penalty {@code k}: {@code lambda_k (1 - alpha)}. */
    public double l2(int k) {
        return lambdas[k] * (1 - alpha);
    }

    /** The L1 strength at penalty {@code k}: {@code lambda_k alpha}. */
    public double l1(int k) {
        return lambdas[k] * alpha;
    }

    /** A copy of the penalties. */
    @Override
    public double[] lambdas() {
        return lambdas.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PenaltyPath p && Double.compare(p.alpha, alpha) == 0 && Arrays.equals(p.lambdas, lambdas);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(alpha) + Arrays.hashCode(lambdas);
    }

    @Override
    public String toString() {
        return "PenaltyPath[alpha=" + alpha + ", lambdas=" + Arrays.toString(lambdas) + "]";
    }
}
