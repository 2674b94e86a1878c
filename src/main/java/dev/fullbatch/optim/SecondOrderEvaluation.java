package dev.fullbatch.optim;

import dev.fullbatch.math.SymmetricMatrix;
import java.util.Objects;

/**
 * The value, gradient and Hessian of a {@link TwiceDifferentiableFunction} at one point. Immutable (the gradient is
 * copied in and out; the matrix is immutable). Non-finite numbers are kept (they signal divergence).
 *
 * @param value    the function value
 * @param gradient the gradient
 * @param hessian  the Hessian, of the gradient's dimension
 */
public record SecondOrderEvaluation(double value, double[] gradient, SymmetricMatrix hessian) {

    public SecondOrderEvaluation {
        Objects.requireNonNull(gradient, "gradient");
        Objects.requireNonNull(hessian, "hessian");
        if (hessian.size() != gradient.length) {
            throw new IllegalArgumentException("a Hessian of size " + hessian.size() + " for a gradient of "
                    + gradient.length + " components");
        }
        gradient = gradient.clone();
    }

    @Override
    public double[] gradient() {
        return gradient.clone();
    }

    double[] gradientView() {
        return gradient;
    }
}
