package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Computes exact full-data sums of a {@link BlockReduction} over cached blocks: the one class that broadcasts
 * parameters and calls {@code treeAggregate}.
 *
 * <p>Each call broadcasts the parameters, lets every task add its blocks into a {@link PartialSums}, merges the
 * partials with {@code treeAggregate} at the configured depth and destroys the broadcast. The partials' merge is
 * exact, so the result is identical to the last bit for any partition count, tree depth, executor count, task
 * completion order or retry (a failed attempt's partial is discarded by Spark, never merged). One Spark job per
 * call; the lineage is the cached input plus one map, so it never grows with iterations. Narrow partials go straight
 * to the driver (no shuffle); wide ones (at least {@value #WIDE} components, with a vector) are merged on an executor
 * first, so the driver receives one partial per pass however many tasks there are.
 */
public final class TreeGradient implements ReductionEngine {
    /**
     * From this many vector components on, the partials are merged on an executor and only the total travels to
     * the driver: a wide model's partials are megabytes each, and the driver would otherwise receive one per task.
     */
    public static final int WIDE = 1 << 16;

    private final JavaSparkContext jsc;
    private final JavaRDD<Block> blocks;
    private final int depth;
    private final PartialSums.Merge merge;

    /**
     * @param jsc the Spark context
     * @param blocks the cached blocks
     * @param depth the treeAggregate depth, at least 1
     */
    public TreeGradient(JavaSparkContext jsc, JavaRDD<Block> blocks, int depth) {
        this(jsc, blocks, depth, PartialSums.Merge.EXACT);
    }

    /**
     * @param jsc the Spark context
     * @param blocks the cached blocks
     * @param depth the treeAggregate depth, at least 1
     * @param merge {@link PartialSums.Merge#EXACT}, or the plain-double merge benchmarks compare it with
     */
    public TreeGradient(JavaSparkContext jsc, JavaRDD<Block> blocks, int depth, PartialSums.Merge merge) {
        if (depth < 1) {
            throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
        }
        this.jsc = jsc;
        this.blocks = blocks;
        this.depth = depth;
        this.merge = java.util.Objects.requireNonNull(merge, "merge");
    }

    /**
     * Sums {@code reduction} over every block.
     *
     * @param parameters the parameters to broadcast (copied; not modified)
     * @param wantVector false for a loss-only pass (no vector is computed or shipped)
     * @param description the Spark job description shown in the UI, e.g. "iteration 17/100"
     */
    @Override
    public PartialSums aggregate(BlockReduction reduction, double[] parameters, boolean wantVector,
                                 String description) {
        Broadcast<double[]> shared = jsc.broadcast(parameters.clone());
        try {
            jsc.setJobDescription(description);
            int dim = reduction.dimension();
            return blocks.treeAggregate(new PartialSums(dim, wantVector, merge),
                    (sums, block) -> {
                        reduction.accumulate(block, shared.value(), sums);
                        return sums;
                    },
                    PartialSums::merge,
                    depth,
                    wantVector && dim >= WIDE);
        } finally {
            jsc.setJobDescription(null);
            shared.destroy();
        }
    }
}
