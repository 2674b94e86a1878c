package dev.fullbatch.optim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * A rule that decides, after each iteration, whether training stops and why.
 *
 * <p>{@link #check} sees the state before and after the iteration; for the starting state (iteration 0) the
 * previous state is {@code null}, and rules that compare two states then say nothing. Rules are stateless apart
 * from {@link TimeLimit}'s start time, so they may be shared. Early stopping on validation data belongs to the
 * training loop, not here.
 */
@FunctionalInterface
public interface ConvergenceCriterion {

    /**
     * The reason to stop after reaching {@code current}, or empty to go on.
     *
     * @param previous the state before the iteration, or {@code null} when {@code current} is the starting state
     * @param current  the state after it
     */
    Optional<StopReason> check(OptimizerState previous, OptimizerState current);

    /** Stops (not converged) once {@code maxIterations} iterations have been done ({@code --max-iter}). */
    static ConvergenceCriterion maxIterations(int maxIterations) {
        return new MaxIterations(maxIterations);
    }

    /** Stops (converged) when the relative objective change falls to {@code tolerance} ({@code --tol}). */
    static ConvergenceCriterion relativeObjectiveChange(double tolerance) {
        return new RelativeObjectiveChange(tolerance);
    }

    /** Stops (converged) when the gradient norm falls to {@code tolerance} ({@code --grad-tol}). */
    static ConvergenceCriterion gradientNorm(double tolerance) {
        return new GradientNormTolerance(tolerance);
    }

    /** Stops (not converged) once {@code limit} has elapsed on {@code nanoClock} since this call. */
    static ConvergenceCriterion timeLimit(Duration limit, LongSupplier nanoClock) {
        return new TimeLimit(limit, nanoClock);
    }

    /** Stops (converged) when a line search found no step that lowers the objective. */
    static ConvergenceCriterion lineSearchStalled() {
        return new LineSearchStall();
    }

    /** Stops (not converged) when the objective, the gradient or the iterate is no longer finite. */
    static ConvergenceCriterion divergence() {
        return new Divergence();
    }

    /** The first of {@code criteria}, in order, that asks to stop. */
    static ConvergenceCriterion anyOf(ConvergenceCriterion... criteria) {
        return new AnyOf(List.of(criteria));
    }

    /**
     * The rules the training options ask for, in the order that names the most specific reason first: divergence,
     * gradient norm, stall, relative change, time limit, iteration limit.
     *
     * @param maxIterations {@code --max-iter}
     * @param tolerance     {@code --tol}; 0 disables it
     * @param gradTolerance {@code --grad-tol}; 0 disables it
     * @param timeLimit     {@code --time-limit}, or {@code null} for none
     * @param nanoClock     the clock of the time limit, e.g. {@code System::nanoTime}
     */
    static ConvergenceCriterion standard(int maxIterations, double tolerance, double gradTolerance,
            Duration timeLimit, LongSupplier nanoClock) {
        List<ConvergenceCriterion> rules = new ArrayList<>();
        rules.add(divergence());
        if (gradTolerance != 0) {
            rules.add(gradientNorm(gradTolerance));
        }
        rules.add(lineSearchStalled());
        if (tolerance != 0) {
            rules.add(relativeObjectiveChange(tolerance));
        }
        if (timeLimit != null) {
            rules.add(timeLimit(timeLimit, nanoClock));
        }
        rules.add(maxIterations(maxIterations));
        return new AnyOf(rules);
    }
}
