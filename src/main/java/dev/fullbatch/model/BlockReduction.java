package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import java.io.Serializable;

/**
 * A sum over all rows of a data set, computed block by block: the gradient of an objective, or feature moments.
 *
 * <p>Implementations are immutable and serializable (they are shipped to executors once per job). {@link
 * #accumulate} must add each block's contribution in an order fixed by the block's contents alone.
 */
public interface BlockReduction extends Serializable {

    /** Length of the summed vector (the parameter count for an objective). */
    int dimension();

    /**
     * Adds one block's contribution to {@code sums} and ends the block with {@link PartialSums#endBlock()}.
     *
     * @param parameters the current parameters (read only); ignored by reductions that take none
     */
    void accumulate(Block block, double[] parameters, PartialSums sums);
}
