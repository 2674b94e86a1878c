package dev.fullbatch.train;

import dev.fullbatch.optim.L1Penalty;
import java.util.Arrays;
import java.util.Objects;

/**
 * Per-feature penalty factors, glmnet's {@code penalty.factor}: feature {@code j}'s coefficients are penalized by
 * {@code f_j (l2/2) w_j^2 + f_j l1 |w_j|}, so 0 leaves a feature unpenalized and 1 (the default) is the plain
 * penalty. Intercepts are never penalized.
 *
 * <p>Used as given, never rescaled: the objective is literally {@code l2/2 sum_j f_j w_j^2 + l1 sum_j f_j |w_j|}.
 * glmnet instead rescales the factors to sum to the number of variables {@code d} before it uses them, so its fit for
 * a given lambda uses {@code f_j d / sum_k f_k}; to reproduce it here, pass those rescaled factors (or keep the
 * factors and multiply both penalty strengths by {@code d / sum_k f_k}). Immutable.
 *
 * @param factors one finite factor {@code >= 0} per feature
 */
public record PenaltyFactors(double[] factors) {

    /** Validates and copies. */
    public PenaltyFactors {
        Objects.requireNonNull(factors, "factors");
        factors = factors.clone();
        for (int j = 0; j < factors.length; j++) {
            check(factors[j], "feature " + (j + 1));
        }
    }

    /**
     * Checks one factor.
     *
     * @param what names it in the message, e.g. "feature 3"
     * @throws IllegalArgumentException when it is negative, NaN or infinite
     */
    public static void check(double factor, String what) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("the penalty factor of " + what + " is " + factor
                    + "; penalty factors must be finite and >= 0 (0 leaves the feature unpenalized)");
        }
    }

    /** Factor 1 on every one of {@code numFeatures} features: the plain penalty. */
    public static PenaltyFactors uniform(int numFeatures) {
        double[] f = new double[numFeatures];
        Arrays.fill(f, 1.0);
        return new PenaltyFactors(f);
    }

    /**
     * These factors with some features' replaced (a penalty-factors file over the default 1).
     *
     * @param features 0-based feature indices
     * @param values their factors
     */
    public PenaltyFactors withFeatures(int[] features, double[] values) {
        double[] f = factors.clone();
        for (int t = 0; t < features.length; t++) {
            if (features[t] < 0 || features[t] >= f.length) {
                throw new IllegalArgumentException("feature index " + features[t] + " outside [0, " + f.length + ")");
            }
            f[features[t]] = values[t];
        }
        return new PenaltyFactors(f);
    }

    @Override
    public double[] factors() {
        return factors.clone();
    }

    /** d. */
    public int numFeatures() {
        return factors.length;
    }

    /**
     * The factor of every coordinate of a linear model's parameters ({@code K x d} weights row-major, then the
     * intercepts, whose factor 1 is never used: they are not penalized).
     */
    public double[] perCoordinate(int outputs, boolean intercept) {
        int d = factors.length;
        double[] c = new double[outputs * d + (intercept ? outputs : 0)];
        Arrays.fill(c, 1.0);
        for (int k = 0; k < outputs * d; k++) {
            c[k] = factors[k % d];
        }
        return c;
    }

    /**
     * The L1 part of the problem in optimizer coordinates: {@code l1 * penaltyScale[k] * factor[k]} per coordinate,
     * the same bits as {@code l1 * penaltyScale[k]} where the factor is 1.
     *
     * @param l1 the L1 strength, {@code >= 0}
     * @param penaltyScale the parametrization's {@link Parametrization#penaltyScale()}
     * @param outputs K
     * @param intercept whether the parameters end with intercepts
     */
    public L1Penalty l1Penalty(double l1, double[] penaltyScale, int outputs, boolean intercept) {
        double[] f = perCoordinate(outputs, intercept);
        if (f.length != penaltyScale.length) {
            throw new IllegalArgumentException("the penalty scale has " + penaltyScale.length + " coordinates, the "
                    + "factors " + f.length);
        }
        double[] w = penaltyScale.clone();
        for (int k = 0; k < w.length; k++) {
            w[k] = w[k] * l1 * f[k];
        }
        return new L1Penalty(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PenaltyFactors p && Arrays.equals(factors, p.factors);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(factors);
    }

    @Override
    public String toString() {
        return "PenaltyFactors" + Arrays.toString(factors);
    }
}
