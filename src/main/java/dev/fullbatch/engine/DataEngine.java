package dev.fullbatch.engine;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.input.ReadOptions;
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

    /** The Hadoop configuration files are read and written with (the model directory, checkpoints). */
    Configuration hadoopConfiguration();
}
