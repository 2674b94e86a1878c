package dev.fullbatch.optim;

import java.util.Arrays;
import java.util.Objects;

/**
 * A weighted L1 penalty {@code h(x) = sum_j weights[j] * |x_j|}, the non-smooth part of a {@link Problem}.
 *
 * <p>Weights are finite and non-negative; a zero weight leaves that variable unpenalized (intercepts). The penalty is
 * handled exactly, through its proximal operator and its minimum-norm subgradient, never by smoothing. Immutable.
 *
 * @param weights the per-variable penalty weights (for {@code --reg-l1 LAMBDA}: LAMBDA on weights, 0 on intercepts)
 */
public record L1Penalty(double[] weights) {

    public L1Penalty {
        Objects.requireNonNull(weights, "weights");
        weights = weights.clone();
        for (int j = 0; j < weights.length; j++) {
            if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
                throw new IllegalArgumentException(
                        "L1 weights must be finite and >= 0, got " + weights[j] + " at index " + j);
            }
        }
    }

    /** A penalty of {@code lambda} on every variable except the listed unpenalized ones (e.g. intercepts). */
    public static L1Penalty uniform(double lambda, int dimension, int... unpenalized) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        double[] w = new double[dimension];
        Arrays.fill(w, lambda);
        for (int j : unpenalized) {
            if (j < 0 || j >= dimension) {
                throw new IllegalArgumentException(
                        "unpenalized index must be in [0, " + dimension + "), got " + j);
            }
            w[j] = 0.0;
        }
        return new L1Penalty(w);
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Reads the weights without copying; callers in this package never modify them. */
    double[] weightsView() {
        return weights;
    }

    /** The number of variables. */
    public int dimension() {
        return weights.length;
    }

    /** {@code sum_j weights[j] * |x_j|}, summed in index order. */
    public double value(double[] x) {
        requireLength(x, "x");
        double sum = 0.0;
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] != 0.0) {
                sum += weights[j] * Math.abs(x[j]);
            }
        }
        return sum;
    }

    /**
     * The proximal operator of {@code step * h}: soft-thresholding of each {@code x_j} by {@code step * weights[j]}.
     * Returns a new array.
     *
     * @param step the step size, {@code >= 0}
     */
    public double[] prox(double[] x, double step) {
        requireLength(x, "x");
        if (!(step >= 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("prox step must be finite and >= 0, got " + step);
        }
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double threshold = step * weights[j];
            double v = x[j];
            if (v > threshold) {
                out[j] = v - threshold;
            } else if (v < -threshold) {
                out[j] = v + threshold;
            } else {
                // NaN must survive so that a diverged run is reported, not silently zeroed
                out[j] = Double.isNaN(v) ? v : 0.0;
            }
        }
        return out;
    }

    /**
     * The element of least norm in the subdifferential of {@code f + h} at {@code x}, given the gradient of the
     * smooth part {@code f}. It is zero exactly at minimizers of a convex {@code f + h}, so its norm plays the role
     * of the gradient norm; OWL-QN calls it the pseudo-gradient. Returns a new array.
     */
    public double[] minimumNormSubgradient(double[] x, double[] gradient) {
        requireLength(x, "x");
        requireLength(gradient, "gradient");
        double[] out = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double w = weights[j];
            double g = gradient[j];
            if (w == 0.0) {
                out[j] = g;
            } else if (x[j] > 0) {
                out[j] = g + w;
            } else if (x[j] < 0) {
                out[j] = g - w;
            } else if (g + w < 0) {
                out[j] = g + w;
            } else if (g - w > 0) {
                out[j] = g - w;
            } else {
                out[j] = 0.0;
            }
        }
        return out;
    }

    private void requireLength(double[] v, String name) {
        Objects.requireNonNull(v, name);
        if (v.length != weights.length) {
            throw new IllegalArgumentException(
                    name + " must have length " + weights.length + " (the penalty's dimension), got " + v.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof L1Penalty p && Arrays.equals(weights, p.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "L1Penalty" + Arrays.toString(weights);
    }
}
