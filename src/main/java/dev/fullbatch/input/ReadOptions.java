package dev.fullbatch.input;

import dev.fullbatch.data.LabelRule;
import java.io.Serializable;

/**
 * How to read an input into blocks.
 *
 * @param format the input format
 * @param numFeatures the model width d, or 0 to infer it from the data
 * @param labelColumn 0-based label column (CSV)
 * @param header whether every CSV file starts with a header line
 * @param blockBytes bytes of input per block; part of what fixes the bits of a result
 * @param skipBadRecords skip malformed lines (true) or stop at the first one (false)
 * @param maxBadRecords with skipping, the most malformed lines tolerated before stopping anyway
 * @param floatStorage store feature values in single precision
 * @param layout dense, sparse, or auto (dense when at least half the values are nonzero)
 * @param partitions Spark partitions for the cached blocks, or 0 for what the input gives
 * @param storageLevel a Spark storage level name, e.g. MEMORY_AND_DISK
 * @param labels the labels the objective accepts; a record with another label is a bad record
 * @param widthOrigin what fixed {@code numFeatures}, for messages ("--num-features 100", "the 8 features of model
 *     m1"); empty when the width is inferred
 * @param parquetColumns Parquet: the label and feature columns (see {@link ParquetLoader}); never null
 */
public record ReadOptions(Format format, int numFeatures, int labelColumn, boolean header, long blockBytes,
                          boolean skipBadRecords, long maxBadRecords, boolean floatStorage, Layout layout,
                          int partitions, String storageLevel, LabelRule labels, String widthOrigin,
                          ParquetColumns parquetColumns)
        implements Serializable {

    /** Default bytes of input per block. */
    public static final long DEFAULT_BLOCK_BYTES = 4L << 20;

    /** Input formats. */
    public enum Format { LIBSVM, CSV, PARQUET }

    /** Feature storage layouts. */
    public enum Layout { AUTO, DENSE, SPARSE }

    /** Validates. */
    public ReadOptions {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        if (labelColumn < 0) {
            throw new IllegalArgumentException("labelColumn must be >= 0, got " + labelColumn);
        }
        if (blockBytes < 1024) {
            throw new IllegalArgumentException("blockBytes must be >= 1024, got " + blockBytes);
        }
        if (maxBadRecords < 0) {
            throw new IllegalArgumentException("maxBadRecords must be >= 0, got " + maxBadRecords);
        }
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0, got " + partitions);
        }
        java.util.Objects.requireNonNull(labels, "labels");
        if (widthOrigin == null || (widthOrigin.isEmpty() && numFeatures > 0)) {
            widthOrigin = numFeatures > 0 ? "--num-features " + numFeatures : "";
        }
        if (parquetColumns == null) {
            throw new IllegalArgumentException("parquetColumns must be given (ParquetColumns.defaults())");
        }
    }

    /** Options accepting any finite label, the width (if given) from {@code --num-features}, default columns. */
    public ReadOptions(Format format, int numFeatures, int labelColumn, boolean header, long blockBytes,
                       boolean skipBadRecords, long maxBadRecords, boolean floatStorage, Layout layout,
                       int partitions, String storageLevel) {
        this(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords, floatStorage,
                layout, partitions, storageLevel, LabelRule.real("least-squares"), null, ParquetColumns.defaults());
    }

    /** Options with given Parquet columns, accepting any finite label. */
    public ReadOptions(Format format, int numFeatures, int labelColumn, boolean header, long blockBytes,
                       boolean skipBadRecords, long maxBadRecords, boolean floatStorage, Layout layout,
                       int partitions, String storageLevel, ParquetColumns parquetColumns) {
        this(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords, floatStorage,
                layout, partitions, storageLevel, LabelRule.real("least-squares"), null, parquetColumns);
    }

    /** Options with a label rule and width origin, default Parquet columns. */
    public ReadOptions(Format format, int numFeatures, int labelColumn, boolean header, long blockBytes,
                       boolean skipBadRecords, long maxBadRecords, boolean floatStorage, Layout layout,
                       int partitions, String storageLevel, LabelRule labels, String widthOrigin) {
        this(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords, floatStorage,
                layout, partitions, storageLevel, labels, widthOrigin, ParquetColumns.defaults());
    }

    /** LIBSVM input with every default. */
    public static ReadOptions libsvm() {
        return new ReadOptions(Format.LIBSVM, 0, 0, false, DEFAULT_BLOCK_BYTES, false, 0, false, Layout.AUTO, 0,
                "MEMORY_AND_DISK");
    }

    /** A copy with another partition count. */
    public ReadOptions withPartitions(int n) {
        return new ReadOptions(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords,
                floatStorage, layout, n, storageLevel, labels, widthOrigin, parquetColumns);
    }

    /** A copy with another block size. */
    public ReadOptions withBlockBytes(long bytes) {
        return new ReadOptions(format, numFeatures, labelColumn, header, bytes, skipBadRecords, maxBadRecords,
                floatStorage, layout, partitions, storageLevel, labels, widthOrigin, parquetColumns);
    }

    /** A copy with another declared width, as if given with {@code --num-features}. */
    public ReadOptions withNumFeatures(int d) {
        return withNumFeatures(d, null);
    }

    /**
     * A copy with another declared width.
     *
     * @param origin what fixed the width, for messages, e.g. "the 8 features of the training data"
     */
    public ReadOptions withNumFeatures(int d, String origin) {
        return new ReadOptions(format, d, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords,
                floatStorage, layout, partitions, storageLevel, labels, origin, parquetColumns);
    }

    /** A copy accepting other labels. */
    public ReadOptions withLabels(LabelRule rule) {
        return new ReadOptions(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords,
                floatStorage, layout, partitions, storageLevel, rule, widthOrigin, parquetColumns);
    }

    /** A copy with another layout. */
    public ReadOptions withLayout(Layout l) {
        return new ReadOptions(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords, maxBadRecords,
                floatStorage, l, partitions, storageLevel, labels, widthOrigin, parquetColumns);
    }

    /** A copy reading these Parquet columns; {@code columns} null keeps the current ones. */
    public ReadOptions withParquetColumns(ParquetColumns columns) {
        return columns == null ? this : new ReadOptions(format, numFeatures, labelColumn, header, blockBytes,
                skipBadRecords, maxBadRecords, floatStorage, layout, partitions, storageLevel, labels, widthOrigin,
                columns);
    }
}
