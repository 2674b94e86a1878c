package dev.fullbatch.job;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * How a command starts Spark: {@code --master} and {@code --spark-conf}, a picocli mixin of every command that
 * runs Spark. Filled by picocli while parsing, then read once by {@link #open}.
 *
 * <p>A command may word the {@code --master} help its own way through its picocli resource bundle, key
 * {@code master} (train does, to mention spark-submit); the option itself stays this one.
 */
final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL", descriptionKey = "master",
            description = "Spark master (default local[*]).")
    String master;

    @Option(names = "--spark-conf", paramLabel = "KEY=VALUE", description = "Extra Spark setting; repeatable.")
    Map<String, String> sparkConf = new LinkedHashMap<>();

    /** Opens (or joins) the Spark session these options describe; see {@link SparkRuntime#open}. */
    SparkRuntime open(String appName) {
        return SparkRuntime.open(master, appName, sparkConf);
    }
}
