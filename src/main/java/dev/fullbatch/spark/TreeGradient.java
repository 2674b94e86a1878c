package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.io.Serializable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
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
 * to the driver (no shuffle), which merges them. Wide ones (at least {@value #WIDE} components with a vector, or
 * so many partitions that all partials together would hold {@value #DIRECT_COMPONENTS} components) go
 * through the levels {@code treeAggregate} would use at the configured depth and are then reduce-scattered: cut into
 * slices, each slice merged and rounded by its own task, so the driver receives the rounded vector (8 bytes a
 * component) once, however many tasks there are.
 */
public final class TreeGradient implements ReductionEngine {
    /**
     * From this many vector components on, the partials are merged on an executor and only the total travels to
     * the driver: a wide model's partials are megabytes each, and the driver would otherwise receive one per task.
     */
    public static final int WIDE = 1 << 16;
    /**
     * Narrower partials also take the wide path when all of them together hold this many components (about 130 MB
     * of exact accumulators): many partitions would otherwise flood the driver.
     */
    static final long DIRECT_COMPONENTS = 1L << 22;
    /**
     * Components per reduce-scatter slice, at least (2 MB of rounded doubles): a model of 2^20 components is merged
     * by up to four tasks in parallel, where one task would keep every other core idle while it decodes and merges.
     */
    static final int SLICE = 1 << 18;

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
            if (wantVector && (dim >= WIDE || (long) dim * blocks.getNumPartitions() >= DIRECT_COMPONENTS)) {
                return reduceScatter(reduction, shared, dim);
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

    /**
     * The wide path: each task's partial, after the intermediate levels {@code treeAggregate} would use at this
     * depth, is cut into at most as many slices as there are partials left; one task per slice merges that slice of
     * every partial and rounds it, so the merging is spread over the executors and the driver receives 8 bytes a
     * component, once. Rounding a slice where it is merged gives the bits rounding the whole total would.
     */
    private PartialSums reduceScatter(BlockReduction reduction, Broadcast<double[]> shared, int dim) {
        PartitionSums task = new PartitionSums(reduction, shared, true, merge);
        JavaRDD<PartialSums> partials = blocks.mapPartitions(it -> java.util.List.of(task.sum(it)).iterator());
        int n = blocks.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + (int) Math.ceil((double) n / scale)) {
            n /= scale;
            int level = n;
            partials = JavaPairRDD.fromJavaRDD(partials.mapPartitionsWithIndex((i, it) -> {
                java.util.List<Tuple2<Integer, PartialSums>> keyed = new java.util.ArrayList<>();
                it.forEachRemaining(s -> keyed.add(new Tuple2<>(i % level, s)));
                return keyed.iterator();
            }, false)).reduceByKey(PartialSums::merge, level).values();
        }
        // Slices of at least SLICE components: a task's fixed cost (its metrics travel with its result) must stay
        // small beside the slice it rounds.
        int slices = (int) Math.max(1, Math.min(n, dim / SLICE));
        // Each rounded slice travels as one double[]: its components, then loss, weight, rows and the slice index
        // (exact as doubles: counts stay below 2^53), with no class descriptors beside them.
        java.util.List<double[]> totals = partials
                .flatMapToPair(s -> {
                    PartialSums[] parts = s.split(slices);
                    java.util.List<Tuple2<Integer, PartialSums>> keyed = new java.util.ArrayList<>(slices);
                    for (int i = 0; i < slices; i++) {
                        keyed.add(new Tuple2<>(i, parts[i]));
                    }
                    return keyed.iterator();
                })
                .reduceByKey(PartialSums::merge, slices)
                .map(t -> {
                    PartialSums s = t._2();
                    double[] v = s.vectorSum();
                    double[] packed = java.util.Arrays.copyOf(v, v.length + 4);
                    packed[v.length] = s.lossSum();
                    packed[v.length + 1] = s.weightSum();
                    packed[v.length + 2] = s.rows();
                    packed[v.length + 3] = t._1();
                    return packed;
                })
                .collect();
        int[] bounds = PartialSums.sliceBounds(dim, slices);
        double[] vector = new double[dim];
        double[] first = null;
        for (double[] packed : totals) {
            int length = packed.length - 4;
            int i = (int) packed[length + 3];
            System.arraycopy(packed, 0, vector, bounds[i], length);
            if (i == 0) {
                first = packed;
            }
        }
        if (first == null) { // no partitions at all
            return new PartialSums(dim, true, merge);
        }
        int at = first.length - 4;
        return PartialSums.ofTotals(dim, (long) first[at + 2], first[at], first[at + 1], vector, merge);
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
            return sum(scala.jdk.javaapi.CollectionConverters.asJava(blocks));
        }

        /** The partition's blocks summed into one partial (both merge paths start here). */
        PartialSums sum(java.util.Iterator<Block> blocks) {
            PartialSums sums = new PartialSums(reduction.dimension(), wantVector, merge);
            double[] p = parameters.value();
            while (blocks.hasNext()) {
                reduction.accumulate(blocks.next(), p, sums);
            }
            return sums;
        }
    }
}
