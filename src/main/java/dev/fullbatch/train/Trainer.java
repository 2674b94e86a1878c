package dev.fullbatch.train;

import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.optim.StopReason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Runs an optimizer until a stopping rule fires, recording one {@link HistoryRow} per iteration.
 *
 * <p>Listeners see every iteration (progress lines, checkpoints, validation scoring) and may stop training (early
 * stopping). A non-finite objective or gradient stops training with a {@link DivergenceException}. The loop itself
 * holds no state between runs: resuming is starting from a restored {@link OptimizerState} and history.
 */
public final class Trainer {

    /** Sees each completed iteration. */
    public interface Listener {
        /**
         * Called after iteration {@code row.iteration()}.
         *
         * @return a reason to stop now, or empty to go on
         */
        Optional<StopReason> afterIteration(OptimizerState state, HistoryRow row);
    }

    /** Supplies validation metrics for an iterate (empty map when there is no validation data). */
    public interface Validator {
        /** Metrics of the model at optimizer coordinates {@code x}. */
        Map<String, Double> score(double[] x);
    }

    /**
     * What training ended with.
     *
     * @param state the final iterate
     * @param reason why it stopped
     * @param history every iteration's row, oldest first
     */
    public record Outcome(OptimizerState state, StopReason reason, List<HistoryRow> history) {
        /** Copies the history. */
        public Outcome {
            history = List.copyOf(history);
        }
    }

    private final Optimizer optimizer;
    private final ConvergenceCriterion criterion;
    private final ToDoubleFunction<OptimizerState> gradNorm;
    private final Validator validator;
    private final List<Listener> listeners;
    private final LongSupplier nanoTime;

    /**
     * @param optimizer the update rule
     * @param criterion when to stop
     * @param gradNorm the gradient norm to record for a state
     * @param validator scores each iterate on validation data
     * @param listeners called after every iteration, in order
     * @param nanoTime a monotonic clock in nanoseconds
     */
    public Trainer(Optimizer optimizer, ConvergenceCriterion criterion, ToDoubleFunction<OptimizerState> gradNorm,
                   Validator validator, List<Listener> listeners, LongSupplier nanoTime) {
        this.optimizer = optimizer;
        this.criterion = criterion;
        this.gradNorm = gradNorm;
        this.validator = validator;
        this.listeners = List.copyOf(listeners);
        this.nanoTime = nanoTime;
    }

    /** Starts from {@code x0}. */
    public Outcome run(Problem problem, double[] x0) {
        OptimizerState start = optimizer.start(x0, problem);
        checkFinite(start, 0);
        return run(problem, start, List.of());
    }

    /** Continues from a state (iteration 0 when fresh, or restored from a checkpoint) and its history. */
    public Outcome run(Problem problem, OptimizerState from, List<HistoryRow> historySoFar) {
        List<HistoryRow> history = new ArrayList<>(historySoFar);
        OptimizerState state = from;
        while (true) {
            long t0 = nanoTime.getAsLong();
            OptimizerState next = optimizer.step(state, problem);
            checkFinite(next, next.iteration());
            Map<String, Double> validation = validator.score(next.x());
            double seconds = (nanoTime.getAsLong() - t0) / 1e9;
            HistoryRow row = new HistoryRow(next.iteration(), next.value(), gradNorm.applyAsDouble(next),
                    next.stepSize(), seconds, validation);
            history.add(row);
            Optional<StopReason> stop = Optional.empty();
            for (Listener l : listeners) {
                Optional<StopReason> s = l.afterIteration(next, row);
                if (stop.isEmpty() && s.isPresent()) {
                    stop = s;
                }
            }
            if (stop.isEmpty()) {
                stop = criterion.check(state, next);
            }
            state = next;
            if (stop.isPresent()) {
                return new Outcome(state, stop.get(), history);
            }
        }
    }

    private static void checkFinite(OptimizerState s, int iteration) {
        if (!Double.isFinite(s.value()) || !Double.isFinite(s.gradNorm())) {
            throw new DivergenceException(iteration, "training diverged at iteration " + iteration
                    + ": the objective is " + s.value() + " and the gradient norm " + s.gradNorm()
                    + ". Use --step-size auto (the default), a smaller --step-size, or --standardize true; check "
                    + "the data for extreme values");
        }
    }
}
