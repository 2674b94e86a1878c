package dev.fullbatch.job;

import dev.fullbatch.spark.ReadOptions;
import java.util.Locale;

/** Decides the input format from {@code --format}, else from the file extension, else LIBSVM. */
final class FormatChoice {
    private FormatChoice() {
    }

    static ReadOptions.Format resolve(String format, String uri) {
        if (format != null && !format.isBlank()) {
            switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "libsvm":
                case "svm":
                    return ReadOptions.Format.LIBSVM;
                case "csv":
                    return ReadOptions.Format.CSV;
                case "parquet":
                    throw new UsageException("--format parquet is not supported yet in this build; convert to "
                            + "LIBSVM or CSV");
                default:
                    throw new UsageException("--format must be libsvm, csv or parquet, got '" + format + "'");
            }
        }
        String name = uri.toLowerCase(Locale.ROOT).replaceAll("\\.(gz|bz2|deflate|zst|lz4|snappy)$", "");
        if (name.endsWith(".csv")) {
            return ReadOptions.Format.CSV;
        }
        return ReadOptions.Format.LIBSVM;
    }
}
