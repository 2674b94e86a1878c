package dev.fullbatch.input;

import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.data.LabelRule;
import java.io.Serializable;
import java.util.List;

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
 * @param hashing LIBSVM-like text whose features are names ({@code --hash-features}): how the names become feature
 *     indices ({@link dev.fullbatch.data.HashedTextLineParser}); Parquet: how the hashed columns
 *     ({@link ParquetColumns#hashedColumns()}) become features; null for numbered features
 * @param ignoreUnknownFeatures LIBSVM with a declared width (predict's {@code --ignore-unknown-features}): leave out
 *     the values of indices beyond it, counted in {@link DataSummary#ignoredFeatureValues()}, instead of refusing
 *     the line
 * @param weighting which columns hold instance weights and offsets; never null ({@link RowWeighting#NONE})
 * @param categorical CSV with a header or Parquet ({@code --categorical-cols}): the one-hot dictionaries of the named
 *     columns, whose features follow the numeric columns' (the declared width counts them); null for none
 * @param keptColumns CSV with a header, Parquet: the input columns whose values travel with every row to the
 *     predictions ({@code predict --id-col}, {@code --keep-cols}), by name; empty for none (training keeps none)
 * @param rowIdentity Parquet: read every row's file and row index for the predictions to name it (text rows always
 *     carry their line numbers); off for training, which has no use for them
 * @param keptFeatures CSV: the kept columns that the model reads as features, by the names its training header gave
 *     them (so never columns kept only, see {@link CsvShape#keptOnly()}); empty when none are or the model has no
 *     names
 */
public record ReadOptions(Format format, int numFeatures, int labelColumn, boolean header, long blockBytes,
                          boolean skipBadRecords, long maxBadRecords, boolean floatStorage, Layout layout,
                          int partitions, String storageLevel, LabelRule labels, String widthOrigin,
                          ParquetColumns parquetColumns, FeatureHashing hashing, boolean ignoreUnknownFeatures,
                          RowWeighting weighting, CategoricalEncoding categorical, List<String> keptColumns,
                          boolean rowIdentity, List<String> keptFeatures)
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
        if (hashing != null && format != Format.LIBSVM
                && !(format == Format.PARQUET && !parquetColumns.hashedColumns().isEmpty())) {
            throw new IllegalArgumentException("hashed names are read from LIBSVM-like text or Parquet hashed columns "
                    + "only, got " + format);
        }
        if (hashing == null && !parquetColumns.hashedColumns().isEmpty()) {
            throw new IllegalArgumentException("hashed columns " + parquetColumns.hashedColumns() + " need a hashing");
        }
        if (weighting == null) {
            weighting = RowWeighting.NONE;
        }
        if (categorical != null && (format != Format.CSV || !header) && format != Format.PARQUET) {
            throw new IllegalArgumentException("categorical columns are read from CSV with a header or Parquet only, "
                    + "got " + format);
        }
        keptColumns = keptColumns == null ? List.of() : List.copyOf(keptColumns);
        keptFeatures = keptFeatures == null ? List.of() : List.copyOf(keptFeatures);
        if (!keptColumns.isEmpty() && !(format == Format.PARQUET || format == Format.CSV && header)) {
            throw new IllegalArgumentException("kept columns are read from CSV with a header or Parquet only, got "
                    + format);
        }
    }

    /** A copy one-hot encoding the columns of {@code encoding} (null: none). */
    public ReadOptions withCategorical(CategoricalEncoding encoding) {
        return toBuilder().categorical(encoding).build();
    }

    /**
     * CSV: the columns a line has when the model has {@code features} features: one per numeric feature, one per
     * categorical column (its levels' features counted in {@code features}), the label, weight and offset columns.
     */
    public int csvColumns(int features) {
        int encoded = categorical == null ? 0 : categorical.width() - categorical.columns().size();
        return features - encoded + 1 + weighting.csvExtraColumns();
    }

    /** A copy that leaves out (and counts) the values of LIBSVM indices beyond the declared width. */
    public ReadOptions ignoringUnknownFeatures() {
        return toBuilder().ignoreUnknownFeatures(true).build();
    }

    /** A copy reading named features hashed by {@code h} into its 2^bits features (the declared width). */
    public ReadOptions withHashing(FeatureHashing h, String origin) {
        return toBuilder().hashing(h, origin).build();
    }

    /**
     * Options for {@code format} with every default (width inferred, label column 0, no header, 4 MiB blocks, failing
     * on the first malformed line, float64, auto layout, the input's partitions, MEMORY_AND_DISK, any finite label,
     * default Parquet columns), to change by name.
     */
    public static Builder builder(Format format) {
        return new Builder(format);
    }

    /** LIBSVM input with every default. */
    public static ReadOptions libsvm() {
        return builder(Format.LIBSVM).build();
    }

    /** A builder holding these options, to change some by name. */
    public Builder toBuilder() {
        Builder b = new Builder(format);
        b.numFeatures = numFeatures;
        b.labelColumn = labelColumn;
        b.header = header;
        b.blockBytes = blockBytes;
        b.skipBadRecords = skipBadRecords;
        b.maxBadRecords = maxBadRecords;
        b.floatStorage = floatStorage;
        b.layout = layout;
        b.partitions = partitions;
        b.storageLevel = storageLevel;
        b.labels = labels;
        b.widthOrigin = widthOrigin;
        b.parquetColumns = parquetColumns;
        b.hashing = hashing;
        b.ignoreUnknownFeatures = ignoreUnknownFeatures;
        b.weighting = weighting;
        b.categorical = categorical;
        b.keptColumns = keptColumns;
        b.rowIdentity = rowIdentity;
        b.keptFeatures = keptFeatures;
        return b;
    }

    /** A copy reading weights and offsets as {@code w} says. */
    public ReadOptions withWeighting(RowWeighting w) {
        return toBuilder().weighting(w).build();
    }

    /** A copy with another partition count. */
    public ReadOptions withPartitions(int n) {
        return toBuilder().partitions(n).build();
    }

    /** A copy with another block size. */
    public ReadOptions withBlockBytes(long bytes) {
        return toBuilder().blockBytes(bytes).build();
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
        return toBuilder().numFeatures(d, origin).build();
    }

    /** A copy accepting other labels. */
    public ReadOptions withLabels(LabelRule rule) {
        return toBuilder().labels(rule).build();
    }

    /** A copy with another layout. */
    public ReadOptions withLayout(Layout l) {
        return toBuilder().layout(l).build();
    }

    /** A copy reading these Parquet columns; {@code columns} null keeps the current ones. */
    public ReadOptions withParquetColumns(ParquetColumns columns) {
        return columns == null ? this : toBuilder().parquetColumns(columns).build();
    }

    /**
     * Read options by name: each setter names the component of the same name; {@link #build()} validates. Mutable,
     * for one thread; the options it builds are immutable.
     */
    public static final class Builder {
        private final Format format;
        private int numFeatures;
        private int labelColumn;
        private boolean header;
        private long blockBytes = DEFAULT_BLOCK_BYTES;
        private boolean skipBadRecords;
        private long maxBadRecords;
        private boolean floatStorage;
        private Layout layout = Layout.AUTO;
        private int partitions;
        private String storageLevel = "MEMORY_AND_DISK";
        private LabelRule labels = LabelRule.real("least-squares");
        private String widthOrigin;
        private ParquetColumns parquetColumns = ParquetColumns.defaults();
        private FeatureHashing hashing;
        private boolean ignoreUnknownFeatures;
        private RowWeighting weighting = RowWeighting.NONE;
        private CategoricalEncoding categorical;
        private List<String> keptColumns = List.of();
        private boolean rowIdentity;
        private List<String> keptFeatures = List.of();

        private Builder(Format format) {
            this.format = format;
        }

        /** The declared width, as given with {@code --num-features} (0: inferred). */
        public Builder numFeatures(int d) {
            return numFeatures(d, null);
        }

        /** The declared width and what fixed it, for messages. */
        public Builder numFeatures(int d, String origin) {
            this.numFeatures = d;
            this.widthOrigin = origin;
            return this;
        }

        /** CSV: the 0-based label column. */
        public Builder labelColumn(int column) {
            this.labelColumn = column;
            return this;
        }

        /** CSV: every file starts with a header line. */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** Bytes of input per block. */
        public Builder blockBytes(long bytes) {
            this.blockBytes = bytes;
            return this;
        }

        /** Skip malformed lines, failing anyway beyond {@code max} of them. */
        public Builder skipBadRecords(long max) {
            this.skipBadRecords = true;
            this.maxBadRecords = max;
            return this;
        }

        /** Store feature values in single precision. */
        public Builder floatStorage(boolean floatStorage) {
            this.floatStorage = floatStorage;
            return this;
        }

        /** Dense, sparse or auto. */
        public Builder layout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /** Spark partitions of the cached blocks (0: what the input gives). */
        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** A Spark storage level name. */
        public Builder storageLevel(String storageLevel) {
            this.storageLevel = storageLevel;
            return this;
        }

        /** The labels the objective accepts. */
        public Builder labels(LabelRule labels) {
            this.labels = labels;
            return this;
        }

        /** Parquet: the label and feature columns. */
        public Builder parquetColumns(ParquetColumns columns) {
            this.parquetColumns = columns;
            return this;
        }

        /**
         * LIBSVM-like text of named features, hashed by {@code h}: the declared width is 2^bits. Parquet: the hashed
         * columns' features, after the others (the width is left as it is).
         */
        public Builder hashing(FeatureHashing h, String origin) {
            this.hashing = h;
            // Parquet's hashed features follow its numeric and categorical ones: the width is known once resolved
            return h == null || format == Format.PARQUET ? this : numFeatures(h.dimension(), origin);
        }

        /** LIBSVM with a declared width: leave out (and count) the values of indices beyond it. */
        public Builder ignoreUnknownFeatures(boolean ignore) {
            this.ignoreUnknownFeatures = ignore;
            return this;
        }

        /** The instance weight and offset columns ({@link RowWeighting#NONE}: none). */
        public Builder weighting(RowWeighting weighting) {
            this.weighting = weighting;
            return this;
        }

        /** CSV with a header or Parquet: one-hot encode the columns of {@code encoding} (null: none). */
        public Builder categorical(CategoricalEncoding encoding) {
            this.categorical = encoding;
            return this;
        }

        /** CSV with a header, Parquet: the input columns whose values travel to the predictions, by name. */
        public Builder keptColumns(List<String> names) {
            this.keptColumns = names;
            return this;
        }

        /** Parquet: read every row's file and row index, for predictions. */
        public Builder rowIdentity(boolean identity) {
            this.rowIdentity = identity;
            return this;
        }

        /** CSV: the kept columns that the model reads as features, by name. */
        public Builder keptFeatures(List<String> names) {
            this.keptFeatures = names;
            return this;
        }

        /** The options, validated. */
        public ReadOptions build() {
            return new ReadOptions(format, numFeatures, labelColumn, header, blockBytes, skipBadRecords,
                    maxBadRecords, floatStorage, layout, partitions, storageLevel, labels, widthOrigin,
                    parquetColumns, hashing, ignoreUnknownFeatures, weighting, categorical, keptColumns,
                    rowIdentity, keptFeatures);
        }
    }
}
