package dev.fullbatch.spark;

import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.input.CsvCategories;
import dev.fullbatch.input.CsvShape;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.TextPlan;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The counting pass of CSV categorical columns as one Spark job: the input's segments, in the partitions the read
 * of the same options uses ({@link BlockLoader}), are counted on the executors ({@link CsvCategories}), and the
 * tallies merged up a tree whose last merge also runs on an executor, so the driver receives one tally: its memory
 * holds each distinct value once (at most {@code maxDistinct} per column, the bound that also caps every partial).
 * Counts are integers merged by adding, so the result is the same for any partitioning and merge order.
 */
final class CsvCategoryPass {
    private final JavaSparkContext jsc;
    private final int treeDepth;

    /** @param treeDepth the merge tree's depth ({@code --tree-depth}); at least 2 here, so partials meet on executors */
    CsvCategoryPass(JavaSparkContext jsc, int treeDepth) {
        this.jsc = jsc;
        this.treeDepth = Math.max(2, treeDepth);
    }

    /**
     * Counts the values of the header columns {@code names} of a CSV input.
     *
     * @throws dev.fullbatch.data.BadInputException when a name is not a feature column of the header, or for the
     *     first line too long or file unreadable, in file order
     */
    CategoryCounts count(String uri, ReadOptions options, List<String> names, int maxDistinct) {
        Configuration conf = jsc.hadoopConfiguration();
        TextPlan plan = TextPlan.of(uri, options, conf);
        int[] columns = CsvCategories.columns(plan, options, names);
        CsvShape csv = plan.csv();
        int slices = options.partitions() > 0 ? options.partitions()
                : BlockLoader.defaultPartitions(jsc, plan.files(), plan.segments().size());
        Broadcast<HadoopConf> hadoop = jsc.broadcast(new HadoopConf(conf));
        try {
            jsc.setJobDescription("counting the categories of " + uri);
            CsvCategories.Tally tally = jsc.parallelize(plan.segments(), slices).treeAggregate(
                    new CsvCategories.Tally(names, maxDistinct),
                    (t, seg) -> {
                        CsvCategories.count(seg, options, csv, columns, t, hadoop.value().get());
                        return t;
                    },
                    CsvCategories.Tally::merge, treeDepth, true);
            return tally.result(plan, conf);
        } finally {
            jsc.setJobDescription(null);
            hadoop.destroy();
        }
    }
}
