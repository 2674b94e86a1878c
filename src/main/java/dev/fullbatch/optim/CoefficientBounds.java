package dev.fullbatch.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * Bounds on a linear model's coefficients, per feature and in model coordinates (on the features as given):
 * {@code lower[j] <= w_kj <= upper[j]} for every output {@code k}; intercepts are never bounded. What
 * {@code --nonnegative}, {@code --lower-bound}, {@code --upper-bound} and a per-feature bounds file ask for; the
 * training parametrization turns it into the optimizer's {@link Box}. Immutable.
 *
 * @param lower per-feature lower bounds, {@code -Infinity} for none
 * @param upper per-feature upper bounds, {@code +Infinity} for none
 */
public record CoefficientBounds(double[] lower, double[] upper) {

    /** Validates and copies: no NaN, {@code lower <= upper}, no side closed at an infinity. */
    public CoefficientBounds {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower and upper bounds differ in length: " + lower.length + " vs "
                    + upper.length);
        }
        lower = lower.clone();
        upper = upper.clone();
        for (int j = 0; j < lower.length; j++) {
            check(lower[j], upper[j], "feature " + (j + 1));
        }
    }

    /**
     * Checks one pair of bounds.
     *
     * @param what names them in the message, e.g. "--lower-bound/--upper-bound" or "feature 3"
     * @throws IllegalArgumentException when they are NaN, crossed, or closed at an infinity
     */
    public static void check(double lower, double upper, String what) {
        if (Double.isNaN(lower) || Double.isNaN(upper)) {
            throw new IllegalArgumentException("the bounds of " + what + " are not numbers");
        }
        if (lower == Double.POSITIVE_INFINITY || upper == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("the bounds of " + what + " [" + lower + ", " + upper
                    + "] admit no finite coefficient");
        }
        if (lower > upper) {
            throw new IllegalArgumentException("the lower bound " + lower + " of " + what + " is above its upper bound "
                    + upper);
        }
    }

    /** No bounds on {@code numFeatures} coefficients. */
    public static CoefficientBounds none(int numFeatures) {
        return uniform(numFeatures, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** The same bounds on every coefficient ({@code --lower-bound}/{@code --upper-bound}; 0 and +inf: nonnegative). */
    public static CoefficientBounds uniform(int numFeatures, double lower, double upper) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        double[] lo = new double[numFeatures];
        double[] hi = new double[numFeatures];
        Arrays.fill(lo, lower);
        Arrays.fill(hi, upper);
        return new CoefficientBounds(lo, hi);
    }

    /**
     * These bounds with some features' replaced (a bounds file over the uniform bounds).
     *
     * @param features 0-based feature indices, each at most once
     * @param lower their lower bounds
     * @param upper their upper bounds
     */
    public CoefficientBounds withFeatures(int[] features, double[] lower, double[] upper) {
        double[] lo = this.lower.clone();
        double[] hi = this.upper.clone();
        for (int t = 0; t < features.length; t++) {
            int j = features[t];
            if (j < 0 || j >= lo.length) {
                throw new IllegalArgumentException("feature index " + j + " outside [0, " + lo.length + ")");
            }
            lo[j] = lower[t];
            hi[j] = upper[t];
        }
        return new CoefficientBounds(lo, hi);
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** d. */
    public int numFeatures() {
        return lower.length;
    }

    /** The lower bound of feature j's coefficients. */
    public double lowerOf(int j) {
        return lower[j];
    }

    /** The upper bound of feature j's coefficients. */
    public double upperOf(int j) {
        return upper[j];
    }

    /** Whether no coefficient is bounded at all (then training is exactly as without bounds). */
    public boolean isUnbounded() {
        for (int j = 0; j < lower.length; j++) {
            if (lower[j] != Double.NEGATIVE_INFINITY || upper[j] != Double.POSITIVE_INFINITY) {
                return false;
            }
        }
        return true;
    }

    /** {@code w} clipped to feature j's bounds (NaN stays NaN). */
    public double clip(double w, int j) {
        if (w < lower[j]) {
            return lower[j];
        }
        return w > upper[j] ? upper[j] : w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CoefficientBounds b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "CoefficientBounds[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
