package dev.fullbatch.io;

import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.train.HistoryRow;
import java.util.List;
import java.util.Map;

/**
 * A saved point of a training run: everything needed to continue it with identical bits.
 *
 * @param state the optimizer state, including all of the method's memory
 * @param history the history rows so far
 * @param config the result-defining configuration it was made with
 * @param data the fingerprint of the training data it was made with
 * @param stop why training stopped, for the final checkpoint written before the model directory is committed;
 *     null while training goes on
 */
public record Checkpoint(OptimizerState state, List<HistoryRow> history, Map<String, Object> config,
                         Map<String, Object> data, StopReason stop) {

    /** Copies. */
    public Checkpoint {
        history = List.copyOf(history);
    }
}
