package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Computes exact full-data sums of a {@link BlockReduction} over cached blocks: the one class that broadcasts
 * parameters and calls {@code treeAggregate}.
 *
 * <p>Each call broadcasts the parameters, lets every task add its blocks into a {@link PartialSums}, merges the
 * partials with {@code treeAggregate} at the configured depth and destroys the broadcast. The partials' merge is
 * exact, so the result is identical to the last bit for any partition count, tree depth, executor count, task
 * completion order or retry (a failed attempt's partial is discarded by Spark, never merged). One Spark job per
 * call; the lineage is the cached input plus one map, so it never grows with iterations. Narrow partials go straight
 * to the driver (no shuffle), which merges them; wide ones (at least {@value #WIDE} components, with a vector) are
 * merged with {@code treeAggregate} at the configured depth and then on an executor, so the driver receives one
 * partial per pass however many tasks there are.
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
            if (wantVector && dim >= WIDE) {
                return blocks.treeAggregate(new PartialSums(dim, true, merge),
                        (sums, block) -> {
                            reduction.accumulate(block, shared.value(), sums);
                            return sums;
                        },
                        PartialSums::merge,
                        depth,
                        true);
            }
            // Narrow partials are small: one job whose tasks return them straight to the driver. A named task
            // function rather than treeAggregate's chain of lambdas, which Spark's closure cleaner inspects (reading
            // class files) on every job.
            PartialSums[] parts = (PartialSums[]) jsc.sc().runJob(blocks.rdd(),
                    new PartitionSums(reduction, shared, wantVector, merge), ClassTag$.MODULE$.apply(PartialSums.class));
            PartialSums total = new PartialSums(dim, wantVector, merge);
            for (PartialSums part : parts) {
                total.merge(part);
            }
            return total;
        } finally {
            jsc.setJobDescription(null);
            shared.destroy();
        }
    }

    /** A task's work: the exact partial sums of its partition's blocks. */
    private static final class PartitionSums
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<Block>, PartialSums>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final BlockReduction reduction;
        private final Broadcast<double[]> parameters;
        private final boolean wantVector;
        private final PartialSums.Merge merge;

        PartitionSums(BlockReduction reduction, Broadcast<double[]> parameters, boolean wantVector,
                      PartialSums.Merge merge) {
            this.reduction = reduction;
            this.parameters = parameters;
            this.wantVector = wantVector;
            this.merge = merge;
        }

        @Override
        public PartialSums apply(TaskContext context, scala.collection.Iterator<Block> blocks) {
            PartialSums sums = new PartialSums(reduction.dimension(), wantVector, merge);
            double[] p = parameters.value();
            while (blocks.hasNext()) {
                reduction.accumulate(blocks.next(), p, sums);
            }
            return sums;
        }
    }
}
