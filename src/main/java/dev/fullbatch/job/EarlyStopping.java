package dev.fullbatch.job;

import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Trainer;
import java.util.Locale;
import java.util.Optional;

/**
 * Stops training when a validation metric (lower is better) has not improved for {@code patience} iterations.
 * The model kept is the last iterate, as with Keras' default.
 */
final class EarlyStopping implements Trainer.Listener {
    private final int patience;
    private final String metric;
    private double best = Double.POSITIVE_INFINITY;
    private int bestIteration;

    /** @param history rows of a run being resumed, so patience counts across the interruption */
    EarlyStopping(int patience, String metric, java.util.List<HistoryRow> history) {
        this.patience = patience;
        this.metric = metric;
        for (HistoryRow row : history) {
            Double v = row.validation().get(metric);
            if (v != null && v < best) {
                best = v;
                bestIteration = row.iteration();
            }
        }
    }

    @Override
    public Optional<StopReason> afterIteration(OptimizerState state, HistoryRow row) {
        Double v = row.validation().get(metric);
        if (v == null) {
            return Optional.empty();
        }
        if (v < best) {
            best = v;
            bestIteration = row.iteration();
            return Optional.empty();
        }
        if (row.iteration() - bestIteration >= patience) {
            return Optional.of(new StopReason("early-stop", false, String.format(Locale.ROOT,
                    "validation %s did not improve for %d iterations (best %.6g at iteration %d)", metric,
                    patience, best, bestIteration)));
        }
        return Optional.empty();
    }
}
