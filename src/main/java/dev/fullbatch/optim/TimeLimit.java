package dev.fullbatch.optim;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Stops, not converged, once a wall-clock budget ({@code --time-limit}) has elapsed since this rule was created.
 * The clock is injected (nanoseconds, as {@link System#nanoTime}) so tests control it. The time limit makes the
 * number of iterations depend on the machine, so it is the one rule that can end two identical runs differently.
 */
public final class TimeLimit implements ConvergenceCriterion {

    private final Duration limit;
    private final LongSupplier nanoClock;
    private final long startNanos;

    /**
     * @param limit     the budget, positive
     * @param nanoClock the clock in nanoseconds; read once now and at every check
     */
    public TimeLimit(Duration limit, LongSupplier nanoClock) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(nanoClock, "nanoClock");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("--time-limit must be positive, got " + limit);
        }
        this.limit = limit;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
    }

    /** The budget. */
    public Duration limit() {
        return limit;
    }

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        long elapsed = nanoClock.getAsLong() - startNanos;
        if (elapsed < limit.toNanos()) {
            return Optional.empty();
        }
        return Optional.of(new StopReason("time-limit", false, "the --time-limit of "
                + NumberText.rounded(limit.toNanos() / 1e9, 3) + " s was reached after " + current.iteration()
                + " iterations (" + NumberText.rounded(elapsed / 1e9, 3) + " s elapsed)"));
    }
}
