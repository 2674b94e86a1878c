package dev.fullbatch.optim;

import java.util.Objects;

/**
 * What an {@link Optimizer} minimizes: {@code F(x) = f(x) + h(x)} with {@code f} smooth and {@code h} an optional
 * weighted L1 penalty. Immutable.
 *
 * @param smooth the smooth part {@code f}
 * @param l1     the L1 part {@code h}, or {@code null} for none
 */
public record Problem(DifferentiableFunction smooth, L1Penalty l1) {

    public Problem {
        Objects.requireNonNull(smooth, "smooth");
        if (l1 != null && l1.dimension() != smooth.dimension()) {
            throw new IllegalArgumentException("the L1 penalty must have the function's dimension "
                    + smooth.dimension() + ", got " + l1.dimension());
        }
    }

    /** A problem with no L1 part. */
    public static Problem smooth(DifferentiableFunction f) {
        return new Problem(f, null);
    }

    /** The number of variables. */
    public int dimension() {
        return smooth.dimension();
    }

    /** Whether there is an L1 part. */
    public boolean hasL1() {
        return l1 != null;
    }

    /** {@code h(x)}, or 0 without an L1 part. */
    public double penalty(double[] x) {
        return l1 == null ? 0.0 : l1.value(x);
    }

    /**
     * The optimality measure at {@code x} given the smooth gradient there: the gradient's L2 norm, or with L1 the
     * norm of the minimum-norm subgradient of {@code f + h}.
     */
    public double stationarity(double[] x, double[] gradient) {
        return DenseVectors.norm(l1 == null ? gradient : l1.minimumNormSubgradient(x, gradient));
    }
}
