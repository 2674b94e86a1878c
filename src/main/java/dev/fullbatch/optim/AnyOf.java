package dev.fullbatch.optim;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Stops for the first of its rules, in order, that asks to stop.
 *
 * @param criteria the rules, consulted in this order
 */
public record AnyOf(List<ConvergenceCriterion> criteria) implements ConvergenceCriterion {

    public AnyOf {
        Objects.requireNonNull(criteria, "criteria");
        criteria = List.copyOf(criteria);
    }

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        for (ConvergenceCriterion c : criteria) {
            Optional<StopReason> reason = c.check(previous, current);
            if (reason.isPresent()) {
                return reason;
            }
        }
        return Optional.empty();
    }
}
