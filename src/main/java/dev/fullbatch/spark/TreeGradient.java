package dev.fullbatch.spark;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import dev.fullbatch.engine.SliceableAggregator;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.PartialSumsAggregator;
import dev.fullbatch.model.ReductionEngine;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;

/**
 * Runs passes over cached blocks on Spark: the one class that broadcasts parameters and merges partials across
 * tasks (named for its first use, the exact gradient). Every pass is a typed reduction ({@link BlockAggregator});
 * {@link #aggregate} runs a {@link BlockReduction}'s exact sums as one.
 *
 * <p>Each pass broadcasts the parameters, lets every task add its blocks into a partial, merges the partials and
 * destroys the broadcast: one Spark job, whose lineage is the cached input plus one map, so it never grows with
 * iterations. The aggregator's merge is exact (or otherwise independent of order), so the result is identical to the
 * last bit for any partition count, tree depth, executor count, task completion order or retry (a failed attempt's
 * partial is discarded by Spark, never merged). Narrow partials go straight to the driver (no shuffle), which merges
 * them. Wide ones ({@link SliceableAggregator}s of at least {@value #WIDE} components, or with so many partitions that
 * all partials together would hold {@value #DIRECT_COMPONENTS} components) go through the levels
 * {@code treeAggregate} would use at the configured depth and are then reduce-scattered: cut into slices, each slice
 * merged and finished by its own task, so the driver receives each finished slice once, however many tasks there are.
 */
public final class TreeGradient implements BlockPasses, ReductionEngine {
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

    /**
     * @param jsc the Spark context
     * @param blocks the cached blocks
     * @param depth the treeAggregate depth, at least 1
     */
    public TreeGradient(JavaSparkContext jsc, JavaRDD<Block> blocks, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("tree depth must be >= 1, got " + depth);
        }
        this.jsc = jsc;
        this.blocks = blocks;
        this.depth = depth;
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
        return reduce(new PartialSumsAggregator(reduction, wantVector), parameters, description);
    }

    /**
     * Runs {@code aggregator} over every block.
     *
     * @param parameters the parameters to broadcast (copied; not modified)
     * @param description the Spark job description shown in the UI, e.g. "iteration 17/100"
     */
    @Override
    public <A> A reduce(BlockAggregator<A> aggregator, double[] parameters, String description) {
        Broadcast<BroadcastParameters> shared = jsc.broadcast(new BroadcastParameters(parameters.clone()));
        try {
            jsc.setJobDescription(description);
            if (aggregator instanceof SliceableAggregator<A> sliced) {
                int width = sliced.width();
                if (width >= WIDE || (long) width * blocks.getNumPartitions() >= DIRECT_COMPONENTS) {
                    return reduceScatter(sliced, shared, width);
                }
            }
            // Narrow partials are small: one job whose tasks return them straight to the driver. A named task
            // function rather than treeAggregate's chain of lambdas, which Spark's closure cleaner inspects (reading
            // class files) on every job.
            Object[] parts = (Object[]) jsc.sc().runJob(blocks.rdd(), new PartitionTask<>(aggregator, shared),
                    ClassTag$.MODULE$.apply(Object.class));
            A total = aggregator.zero();
            for (Object part : parts) {
                @SuppressWarnings("unchecked")
                A partial = (A) part;
                total = aggregator.merge(total, partial);
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
     * every partial and finishes it, so the merging is spread over the executors and the driver receives each
     * finished slice once.
     */
    private <A> A reduceScatter(SliceableAggregator<A> aggregator, Broadcast<BroadcastParameters> shared, int width) {
        PartitionTask<A> task = new PartitionTask<>(aggregator, shared);
        JavaRDD<A> partials = blocks.mapPartitions(it -> List.of(task.sum(it)).iterator());
        int n = blocks.getNumPartitions();
        int scale = Math.max((int) Math.ceil(Math.pow(n, 1.0 / depth)), 2);
        while (n > scale + (int) Math.ceil((double) n / scale)) {
            n /= scale;
            int level = n;
            partials = JavaPairRDD.fromJavaRDD(partials.mapPartitionsWithIndex((i, it) -> {
                List<Tuple2<Integer, A>> keyed = new ArrayList<>();
                it.forEachRemaining(s -> keyed.add(new Tuple2<>(i % level, s)));
                return keyed.iterator();
            }, false)).reduceByKey(aggregator::merge, level).values();
        }
        // Slices of at least SLICE components: a task's fixed cost (its metrics travel with its result) must stay
        // small beside the slice it finishes. No more slices than cores: a second wave of slice tasks would pay every
        // task's fixed cost twice over for merging that one wave does in the same CPU time.
        int slices = (int) Math.max(1, Math.min(Math.min(n, width / SLICE), jsc.defaultParallelism()));
        List<Tuple2<Integer, double[]>> finished = partials
                .flatMapToPair(s -> {
                    List<A> parts = aggregator.split(s, slices);
                    List<Tuple2<Integer, A>> keyed = new ArrayList<>(slices);
                    for (int i = 0; i < slices; i++) {
                        keyed.add(new Tuple2<>(i, parts.get(i)));
                    }
                    return keyed.iterator();
                })
                .reduceByKey(aggregator::merge, slices)
                .mapValues(aggregator::finish)
                .collect();
        if (finished.isEmpty()) { // no partitions at all
            return aggregator.zero();
        }
        double[][] ordered = new double[slices][];
        for (Tuple2<Integer, double[]> slice : finished) {
            ordered[slice._1()] = slice._2();
        }
        return aggregator.assemble(Arrays.asList(ordered));
    }

    /** A task's work: the partial of its partition's blocks. */
    private static final class PartitionTask<A>
            extends AbstractFunction2<TaskContext, scala.collection.Iterator<Block>, A>
            implements Serializable {
        private static final long serialVersionUID = 1L;
        private final BlockAggregator<A> aggregator;
        private final Broadcast<BroadcastParameters> parameters;

        PartitionTask(BlockAggregator<A> aggregator, Broadcast<BroadcastParameters> parameters) {
            this.aggregator = aggregator;
            this.parameters = parameters;
        }

        @Override
        public A apply(TaskContext context, scala.collection.Iterator<Block> blocks) {
            return sum(scala.jdk.javaapi.CollectionConverters.asJava(blocks));
        }

        /** The partition's blocks added into one partial (both merge paths start here). */
        A sum(java.util.Iterator<Block> blocks) {
            A partial = aggregator.zero();
            double[] p = parameters.value().values();
            while (blocks.hasNext()) {
                partial = aggregator.add(partial, blocks.next(), p);
            }
            return partial;
        }
    }
}
