package dev.fullbatch.model;

import dev.fullbatch.data.Block;

/**
 * The data term of a training objective: per-row loss of a model with parameters as one flat vector.
 *
 * <p>{@link #accumulate} adds, for a block, the weighted loss sum, the weight sum and (when
 * {@link PartialSums#wantsVector()}) the gradient of the weighted loss sum. Dividing by the weight sum and adding
 * regularization happen once, on the driver.
 */
public interface BlockObjective extends BlockReduction {

    /** Number of parameters, the same as {@link #dimension()}. */
    default int numParameters() {
        return dimension();
    }

    /** The loss on the model's outputs. */
    dev.fullbatch.loss.OutputLoss loss();

    /** Model outputs per row (1, or K classes). */
    int outputs();

    /** Writes the model's outputs (margins) for every row of the block, {@link #outputs()} per row. */
    void margins(Block block, double[] parameters, double[] out);
}
