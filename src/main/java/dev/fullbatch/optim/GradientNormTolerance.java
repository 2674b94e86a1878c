package dev.fullbatch.optim;

import java.util.Optional;

/**
 * Stops, converged, when the state's gradient norm (with L1: the norm of the minimum-norm subgradient) is at most
 * {@code tolerance} ({@code --grad-tol}). Applies to the starting state too.
 *
 * @param tolerance the absolute tolerance, finite and {@code >= 0}
 */
public record GradientNormTolerance(double tolerance) implements ConvergenceCriterion {

    public GradientNormTolerance {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("--grad-tol must be a finite number >= 0, got " + tolerance);
        }
    }

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        if (!(current.gradNorm() <= tolerance)) {
            return Optional.empty();
        }
        return Optional.of(new StopReason("grad-tol", true, "gradient norm "
                + NumberText.rounded(current.gradNorm(), 2) + " fell below --grad-tol " + NumberText.exact(tolerance)
                + " at iteration " + current.iteration()));
    }
}
