package dev.fullbatch.engine;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.input.ReadOptions;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Where a command's data lives and its passes run: Spark ({@code dev.fullbatch.spark.SparkEngine}), or this
 * process alone ({@link LocalEngine}, for tests and tiny data). Commands see data only through this port: they load
 * it, run typed reductions over it, write per-row outputs from it and close it, and never see how.
 */
public interface DataEngine {

    /**
     * Reads, checks and caches an input.
     *
     * @throws BadInputException for every problem a user can fix (missing or empty input, malformed records, ...),
     *     with a message naming the file and line
     */
    LoadedData load(String uri, ReadOptions options);

    /**
     * The counting pass of {@code --categorical-cols}: every value of the columns {@code columns} over the whole
     * input, as exact integer counts that do not depend on how the input is split, before it is loaded (the
     * dictionary built from them fixes the model's width).
     *
     * @param maxDistinct the most distinct values a column may have (beyond it the column is overflowed)
     * @throws BadInputException when the input cannot be read or a column is not one that can be counted
     */
    CategoryCounts countCategories(String uri, ReadOptions options, List<String> columns, int maxDistinct);

    /** The Hadoop configuration files are read and written with (the model directory, checkpoints). */
    Configuration hadoopConfiguration();
}
