package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;
import org.apache.spark.TaskContext;

/**
 * A reduction that fails the first attempt of every even-numbered task after it has added a block, so that Spark
 * retries the task: a retried task's partial sums must count once. Outside a Spark task it never fails.
 * Serializable and immutable, like the reduction it wraps.
 */
public final class FailingFirstAttempt implements BlockReduction {
    private static final long serialVersionUID = 1L;
    private final BlockReduction inner;

    /** @param inner the reduction to compute, unchanged on attempts that do not fail */
    public FailingFirstAttempt(BlockReduction inner) {
        this.inner = inner;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        inner.accumulate(block, parameters, sums);
        TaskContext tc = TaskContext.get();
        if (tc != null && tc.attemptNumber() == 0 && tc.partitionId() % 2 == 0) {
            throw new IllegalStateException("injected failure of task " + tc.partitionId());
        }
    }
}
