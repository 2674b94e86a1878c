package dev.fullbatch.optim;

import java.util.Optional;

/**
 * Stops, not converged, when the iteration count reaches {@code maxIterations} ({@code --max-iter}).
 *
 * @param maxIterations the number of iterations allowed, at least 0
 */
public record MaxIterations(int maxIterations) implements ConvergenceCriterion {

    public MaxIterations {
        if (maxIterations < 0) {
            throw new IllegalArgumentException("--max-iter must be >= 0, got " + maxIterations);
        }
    }

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        if (current.iteration() < maxIterations) {
            return Optional.empty();
        }
        return Optional.of(new StopReason("max-iter", false, "reached --max-iter " + maxIterations
                + " before the convergence tolerances were met (last relative objective change "
                + (previous == null ? "unknown" : NumberText.rounded(RelativeObjectiveChange.of(previous, current), 2))
                + ", gradient norm " + NumberText.rounded(current.gradNorm(), 2) + ")"));
    }
}
