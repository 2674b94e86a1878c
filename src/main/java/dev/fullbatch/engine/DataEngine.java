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
     * The counting pass of categorical columns: every value of {@code columns} counted over the whole input, in one
     * pass over its records before any block is built (the dictionary fixes the blocks' width). The counts are exact
     * integers, the same for any partitioning.
     *
     * @param columns the columns' names (CSV header names, Parquet columns)
     * @param maxDistinct the most distinct values a column may have; a column with more comes back
     *     {@linkplain CategoryCounts#overflowed overflowed}, its values no longer counted
     * @throws BadInputException for every problem a user can fix, naming the file and line or the column
     */
    CategoryCounts countCategories(String uri, ReadOptions options, List<String> columns, int maxDistinct);

    /** The Hadoop configuration files are read and written with (the model directory, checkpoints). */
    Configuration hadoopConfiguration();
}
