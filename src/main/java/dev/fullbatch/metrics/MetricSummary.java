package dev.fullbatch.metrics;

import dev.fullbatch.data.Block;
import java.io.Serializable;

/**
 * A mergeable partial of one kind of metrics: what one task of an evaluation pass builds from its blocks. The
 * merged result depends only on the rows added, never on blocks, tasks or merge order.
 */
public sealed interface MetricSummary extends Serializable
        permits BinarySummary, MulticlassSummary, RegressionSummary {

    /**
     * Adds a block's rows from the model's outputs for them (binary: one margin per row; multiclass: K per row;
     * regression: the prediction per row).
     *
     * @return this summary
     */
    MetricSummary addBlock(Block block, double[] outputs);

    /**
     * Adds every row of {@code other}, a summary of the same kind and shape; {@code other} must not be used
     * afterwards.
     *
     * @return this summary
     */
    MetricSummary merge(MetricSummary other);

    /** The metrics of the rows added. */
    ModelMetrics metrics();
}
