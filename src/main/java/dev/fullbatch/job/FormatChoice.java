package dev.fullbatch.job;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.spark.ParquetLoader;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * Decides the input format from {@code --format}, else from the file extension ({@code .csv}, {@code .parquet}),
 * else Parquet for a folder or glob of {@code .parquet} files, else LIBSVM.
 */
final class FormatChoice {
    private FormatChoice() {
    }

    /**
     * @param format the --format option, or null
     * @param uri the input
     * @param conf the Hadoop configuration to list a folder with, or null to decide without listing
     */
    static ReadOptions.Format resolve(String format, String uri, Configuration conf) {
        if (format != null && !format.isBlank()) {
            switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "libsvm":
                case "svm":
                    return ReadOptions.Format.LIBSVM;
                case "csv":
                    return ReadOptions.Format.CSV;
                case "parquet":
                    return ReadOptions.Format.PARQUET;
                default:
                    throw new UsageException("--format must be libsvm, csv or parquet, got '" + format + "'");
            }
        }
        String name = uri.toLowerCase(Locale.ROOT).replaceAll("/+$", "")
                .replaceAll("\\.(gz|bz2|deflate|zst|lz4|snappy)$", "");
        if (name.endsWith(".csv")) {
            return ReadOptions.Format.CSV;
        }
        if (name.endsWith(".parquet")) {
            return ReadOptions.Format.PARQUET;
        }
        if (conf != null && ParquetLoader.isParquetFolder(uri, conf)) {
            return ReadOptions.Format.PARQUET;
        }
        return ReadOptions.Format.LIBSVM;
    }

    /**
     * The Hadoop configuration Spark will use, as far as it can be known before Spark starts: the defaults (and
     * any {@code *-site.xml} on the class path) plus {@code spark.hadoop.*} settings from system properties (set by
     * spark-submit) and from {@code --spark-conf}.
     */
    static Configuration beforeSpark(Map<String, String> sparkConf) {
        Configuration conf = new Configuration();
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("spark.hadoop.")) {
                conf.set(key.substring("spark.hadoop.".length()), System.getProperty(key));
            }
        }
        for (Map.Entry<String, String> e : sparkConf.entrySet()) {
            if (e.getKey().startsWith("spark.hadoop.")) {
                conf.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
            }
        }
        return conf;
    }
}
