package dev.fullbatch.spark;

import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.ReadOptions;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The engine on Spark: input is read and cached by {@link BlockLoader} (text) or {@link ParquetLoader}, every pass
 * runs as one job through {@link TreeGradient} at the configured tree depth, and per-row outputs are written by Spark
 * SQL's writers. The session's lifecycle is the caller's.
 */
public final class SparkEngine implements DataEngine {
    private final JavaSparkContext jsc;
    private final int treeDepth;
    private final Consumer<String> log;

    /** An engine that says nothing while reading; see {@link #SparkEngine(JavaSparkContext, int, Consumer)}. */
    public SparkEngine(JavaSparkContext jsc, int treeDepth) {
        this(jsc, treeDepth, null);
    }

    /**
     * @param jsc the running Spark context
     * @param treeDepth the depth of the merge tree of every pass ({@code --tree-depth}), at least 1
     * @param log where reads say their progress (at most every 5 s) and a cache that outgrew memory; null: nowhere
     */
    public SparkEngine(JavaSparkContext jsc, int treeDepth, Consumer<String> log) {
        if (treeDepth < 1) {
            throw new IllegalArgumentException("tree depth must be >= 1, got " + treeDepth);
        }
        this.jsc = jsc;
        this.treeDepth = treeDepth;
        this.log = log;
    }

    @Override
    public LoadedData load(String uri, ReadOptions options) {
        long interval = ReadProgressListener.DEFAULT_INTERVAL_NANOS;
        BlockLoader.Loaded loaded = options.format() == ReadOptions.Format.PARQUET
                ? new ParquetLoader(jsc, log, interval).load(uri, options)
                : new BlockLoader(jsc, log, interval).load(uri, options);
        return new SparkData(jsc, loaded, treeDepth);
    }

    /** Parquet: one Spark job ({@link ParquetCategories}); CSV: one Spark job over the segments ({@link CsvCategoryPass}). */
    @Override
    public CategoryCounts countCategories(String uri, ReadOptions options, List<String> columns, int maxDistinct) {
        return options.format() == ReadOptions.Format.PARQUET
                ? ParquetCategories.count(jsc, uri, options, columns, maxDistinct)
                : new CsvCategoryPass(jsc, treeDepth).count(uri, options, columns, maxDistinct);
    }

    @Override
    public Configuration hadoopConfiguration() {
        return jsc.hadoopConfiguration();
    }
}
