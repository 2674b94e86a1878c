package dev.fullbatch.job;

import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes a checkpoint after every {@code --checkpoint-every}-th iteration, and after any iteration that ends more than
 * {@code --checkpoint-interval} seconds after the last checkpoint; and, once training stops, the final state with its
 * stop reason, so that a crash while committing is finished by {@code --resume}. Each checkpoint holds the
 * result-defining settings and the data fingerprint that a resumption must match, and the best iterate of early
 * stopping. Used by one run, on the driver's thread.
 */
final class CheckpointListener implements Trainer.Listener {
    private final OutputSpec spec;
    private final ClaimedOutput output;
    private final CheckpointStore store;
    private final Map<String, Object> config;
    private final Map<String, Object> fingerprint;
    private final EarlyStopping early;
    private final List<HistoryRow> sofar;
    private long lastSave = System.nanoTime();
    private int lastIteration;

    /**
     * @param history the rows of the run so far (a resumed run's)
     * @param lastIteration the iteration of the checkpoint the run resumed from, or -1 for a fresh run
     * @param early the run's early stopping, whose best iterate each checkpoint keeps, or null
     */
    CheckpointListener(OutputSpec spec, ClaimedOutput output, CheckpointStore store, Map<String, Object> config,
                       Map<String, Object> fingerprint, List<HistoryRow> history, int lastIteration,
                       EarlyStopping early) {
        this.spec = spec;
        this.output = output;
        this.store = store;
        this.config = config;
        this.fingerprint = fingerprint;
        this.sofar = new ArrayList<>(history);
        this.lastIteration = lastIteration;
        this.early = early;
    }

    @Override
    public Optional<StopReason> afterIteration(OptimizerState state, HistoryRow row) {
        sofar.add(row);
        boolean byCount = spec.checkpointEvery() > 0 && state.iteration() % spec.checkpointEvery() == 0;
        boolean byTime = spec.checkpointSeconds() > 0
                && (System.nanoTime() - lastSave) / 1e9 >= spec.checkpointSeconds();
        if (byCount || byTime) {
            try {
                save(new Checkpoint(state, sofar, config, fingerprint, null, early == null ? null : early.best()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write a checkpoint to " + spec.output(), e);
            }
            lastSave = System.nanoTime();
            lastIteration = state.iteration();
        }
        return Optional.empty();
    }

    /** The final state with its stop reason and the best iterate kept. */
    void saveFinal(Trainer.Outcome outcome, Checkpoint.BestIterate best) throws IOException {
        save(new Checkpoint(outcome.state(), outcome.history(), config, fingerprint, outcome.reason(), best));
    }

    /** The iteration of the newest checkpoint (written or resumed from), or -1 for none. */
    int lastIteration() {
        return lastIteration;
    }

    private void save(Checkpoint c) throws IOException {
        output.markRun();
        store.save(c);
    }
}
