package dev.fullbatch.job;

import dev.fullbatch.input.ReadOptions;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code train} reads: the training and validation inputs and how to read them ({@code --data},
 * {@code --validation}, {@code --format} and the reading options). Immutable.
 *
 * @param data the training input URI
 * @param validation held-out data URI, or null
 * @param read how to read both (with {@code --hash-features}, the hashing of named text features)
 * @param featureNames {@code --feature-names}: a file naming the LIBSVM features, one a line, or null
 * @param categoricalCols {@code --categorical-cols}: CSV header or Parquet columns to one-hot encode (empty: none); their
 *     dictionary is counted from the data when training starts ({@code read} has no encoding yet)
 * @param minCategoryCount {@code --min-category-count}: the fewest training rows a kept level has
 */
record DataSpec(String data, String validation, ReadOptions read, String featureNames, List<String> categoricalCols,
                long minCategoryCount) implements TrainSpec {

    /** Inputs without a feature names file. */
    DataSpec(String data, String validation, ReadOptions read) {
        this(data, validation, read, null);
    }

    /** Inputs without categorical columns. */
    DataSpec(String data, String validation, ReadOptions read, String featureNames) {
        this(data, validation, read, featureNames, List.of(), 1);
    }

    /** Validates. */
    DataSpec {
        categoricalCols = List.copyOf(categoricalCols);
        TrainCommand.require(data, "--data", "the training input, e.g. --data file:/data/train.libsvm");
        TrainCommand.atMost("--num-features", read.numFeatures(), TrainCommand.MAX_FEATURES,
                "the largest model this engine can sum exactly");
        TrainCommand.atMost("--partitions", read.partitions(), TrainCommand.MAX_PARTITIONS,
                "more partitions than that only adds scheduling cost");
        if (read.blockBytes() > TrainCommand.MAX_BLOCK_BYTES) {
            throw new UsageException("--block-size must be from 1024 to " + TrainCommand.MAX_BLOCK_BYTES
                    + " bytes (1k to " + ByteSize.format(TrainCommand.MAX_BLOCK_BYTES) + "), got "
                    + read.blockBytes());
        }
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("data", data);
        m.put("format", read.format().name().toLowerCase(Locale.ROOT));
        m.put("num-features", read.numFeatures());
        if (read.format() == ReadOptions.Format.PARQUET) {
            m.put("label-col", read.parquetColumns().labelColumn());
            m.put("features-col", read.parquetColumns().vectorColumn());
            m.put("feature-cols", read.parquetColumns().numericColumns());
        } else {
            m.put("label-col", read.labelColumn());
        }
        m.put("header", read.header());
        m.put("feature-names", featureNames);
        m.put("hash-features", read.hashing() == null ? 0 : read.hashing().bits());
        m.put("hash-sign", read.hashing() != null && read.hashing().alternateSign());
        m.put("hash-cols", read.parquetColumns().hashedColumns());
        m.put("categorical-cols", categoricalCols);
        m.put("min-category-count", minCategoryCount);
        // issue 16's keys; a model or checkpoint written before them lacks them, and is then not compared on them
        m.putAll(read.weighting().toMap());
        m.put("validation", validation);
        m.put("partitions", read.partitions());
        m.put("block-size", read.blockBytes());
        m.put("feature-storage", read.floatStorage() ? "float32" : "float64");
        m.put("layout", read.layout().name().toLowerCase(Locale.ROOT));
        m.put("storage-level", read.storageLevel());
        m.put("bad-records", read.skipBadRecords() ? "skip" : "fail");
        m.put("max-bad-records", read.maxBadRecords());
    }

    /** Everything but how the cached data is spread and kept (partitions, storage level). */
    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
        m.remove("partitions");
        m.remove("storage-level");
    }
}
