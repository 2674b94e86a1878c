package dev.fullbatch.job;

import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Trainer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Early stopping on validation data: stops training when a validation metric (lower is better) has not improved
 * for {@code patience} iterations, and keeps the iterate with the best score as the model, as Keras'
 * {@code restore_best_weights} and XGBoost's best iteration do. Ties keep the earlier iterate.
 *
 * <p>The best iterate is saved in every checkpoint, so a resumed run keeps the same one, bit for bit.
 */
final class EarlyStopping implements Trainer.Listener {
    private final int patience;
    private final String metric;
    private double bestScore = Double.POSITIVE_INFINITY;
    private Checkpoint.BestIterate best;

    /**
     * @param history rows of a run being resumed, so patience counts across the interruption
     * @param restored the best iterate the run's checkpoint kept, or null for a fresh run
     * @throws UsageException when {@code history} has validation scores but {@code restored} is missing (a
     *     checkpoint of a version that did not keep the best iterate)
     */
    EarlyStopping(int patience, String metric, List<HistoryRow> history, Checkpoint.BestIterate restored) {
        this.patience = patience;
        this.metric = metric;
        int bestIteration = 0;
        for (HistoryRow row : history) {
            Double v = row.validation().get(metric);
            if (v != null && v < bestScore) {
                bestScore = v;
                bestIteration = row.iteration();
            }
        }
        if (bestIteration > 0 && (restored == null || restored.iteration() != bestIteration)) {
            throw new UsageException("the checkpoint does not hold the best iterate of --patience (iteration "
                    + bestIteration + "; it was written by an older fullbatch): resuming would keep another model "
                    + "than an uninterrupted run. Pass --overwrite to start over");
        }
        this.best = restored;
    }

    /** The metric it watches. */
    String metric() {
        return metric;
    }

    /** The best iterate so far, or null before the first validation score. */
    Checkpoint.BestIterate best() {
        return best;
    }

    @Override
    public Optional<StopReason> afterIteration(OptimizerState state, HistoryRow row) {
        Double v = row.validation().get(metric);
        if (v == null) {
            return Optional.empty();
        }
        if (v < bestScore) {
            bestScore = v;
            best = new Checkpoint.BestIterate(row.iteration(), state.x(), state.value());
            return Optional.empty();
        }
        if (best != null && row.iteration() - best.iteration() >= patience) {
            return Optional.of(new StopReason("early-stop", false, String.format(Locale.ROOT,
                    "validation %s did not improve for %d iterations (best %.6g at iteration %d, the model kept)",
                    metric, patience, bestScore, best.iteration())));
        }
        return Optional.empty();
    }
}
