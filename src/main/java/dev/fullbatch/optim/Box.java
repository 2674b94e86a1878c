package dev.fullbatch.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * Box constraints {@code lower[j] <= x_j <= upper[j]} on the optimizer's variables, the feasible set of a
 * {@link Problem}. Infinite bounds leave a side open (intercepts are free on both); {@code lower[j] == upper[j]}
 * fixes a variable. Every optimizer that accepts a box keeps every iterate inside it, so the objective never needs
 * the box's indicator function. Immutable.
 *
 * @param lower per-variable lower bounds, {@code -Infinity} for none
 * @param upper per-variable upper bounds, {@code +Infinity} for none
 */
public record Box(double[] lower, double[] upper) {

    /** Validates and copies: no NaN, {@code lower <= upper}, and neither side closed at an infinity. */
    public Box {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (lower.length != upper.length) {
            throw new IllegalArgumentException("lower and upper bounds differ in length: " + lower.length + " vs "
                    + upper.length);
        }
        lower = lower.clone();
        upper = upper.clone();
        for (int j = 0; j < lower.length; j++) {
            CoefficientBounds.check(lower[j], upper[j], "variable " + j);
        }
    }

    @Override
    public double[] lower() {
        return lower.clone();
    }

    @Override
    public double[] upper() {
        return upper.clone();
    }

    /** The number of variables. */
    public int dimension() {
        return lower.length;
    }

    /** The nearest point of the box: each coordinate clipped to its bounds (NaN stays NaN). Returns a new array. */
    public double[] project(double[] x) {
        requireLength(x);
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            out[j] = clip(x[j], j);
        }
        return out;
    }

    /** {@code v} clipped to variable {@code j}'s bounds; NaN stays NaN so that a diverged run is reported. */
    double clip(double v, int j) {
        if (v < lower[j]) {
            return lower[j];
        }
        return v > upper[j] ? upper[j] : v;
    }

    /** Whether every coordinate of {@code x} is within its bounds. */
    public boolean contains(double[] x) {
        requireLength(x);
        for (int j = 0; j < x.length; j++) {
            if (!(x[j] >= lower[j] && x[j] <= upper[j])) {
                return false;
            }
        }
        return true;
    }

    /** Whether variable {@code j} has no finite bound. */
    boolean isFree(int j) {
        return lower[j] == Double.NEGATIVE_INFINITY && upper[j] == Double.POSITIVE_INFINITY;
    }

    boolean atLower(double v, int j) {
        return v <= lower[j];
    }

    boolean atUpper(double v, int j) {
        return v >= upper[j];
    }

    double lowerAt(int j) {
        return lower[j];
    }

    double upperAt(int j) {
        return upper[j];
    }

    private void requireLength(double[] x) {
        Objects.requireNonNull(x, "x");
        if (x.length != lower.length) {
            throw new IllegalArgumentException("expected " + lower.length + " variables, got " + x.length);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Box b && Arrays.equals(lower, b.lower) && Arrays.equals(upper, b.upper);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lower) + Arrays.hashCode(upper);
    }

    @Override
    public String toString() {
        return "Box[lower=" + Arrays.toString(lower) + ", upper=" + Arrays.toString(upper) + "]";
    }
}
