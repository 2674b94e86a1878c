package dev.fullbatch.optim;

import java.util.Objects;

/**
 * The value, gradient and the Hessian's diagonal of a {@link TwiceDifferentiableFunction} at one point: what a
 * gradient pass gives plus the diagonal the trust-region Newton method preconditions its conjugate gradients with.
 * Immutable (arrays copied in and out). Non-finite numbers are kept (they signal divergence).
 *
 * @param value    the function value
 * @param gradient the gradient
 * @param diagonal the Hessian's diagonal, of the gradient's dimension
 */
public record DiagonalEvaluation(double value, double[] gradient, double[] diagonal) {

    public DiagonalEvaluation {
        Objects.requireNonNull(gradient, "gradient");
        Objects.requireNonNull(diagonal, "diagonal");
        if (diagonal.length != gradient.length) {
            throw new IllegalArgumentException("a diagonal of " + diagonal.length + " entries for a gradient of "
                    + gradient.length + " components");
        }
        gradient = gradient.clone();
        diagonal = diagonal.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    @Override
    public double[] diagonal() {
        return diagonal.clone();
    }
}
