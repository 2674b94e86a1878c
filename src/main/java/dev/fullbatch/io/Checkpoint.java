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
 * @param best with early stopping, the iterate with the best validation score so far (the model to keep); null
 *     without early stopping
 */
public record Checkpoint(OptimizerState state, List<HistoryRow> history, Map<String, Object> config,
                         Map<String, Object> data, StopReason stop, BestIterate best) {

    /** Copies. */
    public Checkpoint {
        history = List.copyOf(history);
    }

    /** A checkpoint without a kept best iterate. */
    public Checkpoint(OptimizerState state, List<HistoryRow> history, Map<String, Object> config,
                      Map<String, Object> data, StopReason stop) {
        this(state, history, config, data, stop, null);
    }

    /**
     * The iterate kept by early stopping.
     *
     * @param iteration the iteration that produced it
     * @param x its point, in the optimizer's coordinates
     * @param value its objective
     */
    public record BestIterate(int iteration, double[] x, double value) {
        /** Copies. */
        public BestIterate {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }
    }
}
