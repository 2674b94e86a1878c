package dev.fullbatch.optim;

import java.util.Optional;

/**
 * Stops, not converged, when the objective, the gradient norm or a weight is no longer finite: the run diverged
 * (exit code 3 in the contract). The message says what to change.
 */
public record Divergence() implements ConvergenceCriterion {

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        if (current.isFinite()) {
            return Optional.empty();
        }
        String what = !Double.isFinite(current.value()) ? "objective became " + current.value()
                : !Double.isFinite(current.gradNorm()) ? "gradient became " + current.gradNorm()
                : "weights became non-finite";
        return Optional.of(new StopReason("diverged", false, "training diverged: the " + what + " at iteration "
                + current.iteration() + " of " + current.method() + "; use a smaller --step-size or --step-size auto"));
    }
}
