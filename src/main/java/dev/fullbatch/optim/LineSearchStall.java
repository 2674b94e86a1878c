package dev.fullbatch.optim;

import java.util.Optional;

/**
 * Stops, converged, when the optimizer marked its state {@code stalled}: its line search found no step that lowers
 * the objective by an amount double precision can resolve. With a correct gradient that happens only at the
 * minimum, to within rounding.
 */
public record LineSearchStall() implements ConvergenceCriterion {

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        if (current.scalarOr("stalled", 0.0) == 0.0) {
            return Optional.empty();
        }
        return Optional.of(new StopReason("stalled", true, "no step lowered the objective any further at iteration "
                + current.iteration() + ": it is flat to double precision there (gradient norm "
                + NumberText.rounded(current.gradNorm(), 2) + ")"));
    }
}
