package dev.fullbatch.spark;

import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.ReadOptions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The engine on Spark for one DataFrame: loading reads the DataFrame through {@link FrameLoader} (with the read
 * options the run was given: block size, layout, feature storage, partitions, storage level), and passes run as on
 * {@link SparkEngine}. What the Spark ML estimators hand the training run, in place of files. Serves its one
 * DataFrame under the name it was given; any other input is refused.
 */
public final class FrameEngine implements DataEngine {
    private final JavaSparkContext jsc;
    private final int treeDepth;
    private final Dataset<Row> frame;
    private final FrameColumns columns;
    private final String name;

    /**
     * @param treeDepth the depth of the merge tree of every pass, at least 1
     * @param name the URI the run asks for the DataFrame by
     */
    public FrameEngine(JavaSparkContext jsc, int treeDepth, Dataset<Row> frame, FrameColumns columns, String name) {
        if (treeDepth < 1) {
            throw new IllegalArgumentException("tree depth must be >= 1, got " + treeDepth);
        }
        this.jsc = jsc;
        this.treeDepth = treeDepth;
        this.frame = frame;
        this.columns = columns;
        this.name = name;
    }

    @Override
    public LoadedData load(String uri, ReadOptions options) {
        if (!name.equals(uri)) {
            throw new IllegalArgumentException("this engine serves the DataFrame " + name + ", not " + uri);
        }
        return new SparkData(jsc, new FrameLoader(jsc).load(frame, columns, options, "the DataFrame"), treeDepth);
    }

    /** Never asked: the estimators read a features vector column, encoded by the pipeline before them. */
    @Override
    public CategoryCounts countCategories(String uri, ReadOptions options, List<String> columns, int maxDistinct) {
        throw new UnsupportedOperationException("a DataFrame's features come as one vector column; encode categorical "
                + "columns in the pipeline (StringIndexer, OneHotEncoder)");
    }

    @Override
    public Configuration hadoopConfiguration() {
        return jsc.hadoopConfiguration();
    }
}
