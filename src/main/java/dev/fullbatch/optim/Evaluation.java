package dev.fullbatch.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * The value and gradient of a {@link DifferentiableFunction} at one point. Immutable: the gradient is copied on the
 * way in and on the way out. Non-finite numbers are kept as they are (they signal divergence).
 *
 * @param value    the function value
 * @param gradient the gradient, one entry per variable
 */
public record Evaluation(double value, double[] gradient) {

    public Evaluation {
        Objects.requireNonNull(gradient, "gradient");
        gradient = gradient.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    /** Reads the gradient without copying it; callers in this package never modify it. */
    double[] gradientView() {
        return gradient;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Evaluation e
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(e.value)
                && Arrays.equals(gradient, e.gradient);
    }

    @Override
    public int hashCode() {
        return 31 * Double.hashCode(value) + Arrays.hashCode(gradient);
    }

    @Override
    public String toString() {
        return "Evaluation[value=" + value + ", gradient=" + Arrays.toString(gradient) + "]";
    }
}
