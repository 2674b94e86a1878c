package dev.fullbatch.input;

import dev.fullbatch.data.LabelStats;
import java.io.Serializable;
import java.util.List;

/**
 * What the loaded training data holds, from the same pass that cached it.
 *
 * @param files the data files, sorted by path (the global row order)
 * @param rowsPerFile rows kept per file, in the same order
 * @param rows rows kept in all
 * @param numFeatures the model width d (declared or inferred)
 * @param storedValues feature values stored (dense: rows x d; sparse: nonzeros)
 * @param dense whether blocks are laid out densely
 * @param labels label statistics
 * @param badRecords malformed lines skipped
 * @param badExamples the first skipped lines, as "file:line: reason: text" (Parquet: "file row N: reason"), at
 *     most {@link #MAX_EXAMPLES}
 * @param blocks number of blocks
 * @param columns for Parquet input, the label and feature columns read (resolved); null for text input
 * @param ignoredFeatureValues values of feature indices beyond the declared width that were left out
 *     ({@link ReadOptions#ignoreUnknownFeatures()}); 0 otherwise
 */
public record DataSummary(List<InputFile> files, long[] rowsPerFile, long rows, int numFeatures, long storedValues,
                          boolean dense, LabelStats labels, long badRecords, List<String> badExamples, int blocks,
                          ParquetColumns columns, long ignoredFeatureValues)
        implements Serializable {

    /** The most bad-record examples kept. */
    public static final int MAX_EXAMPLES = 100;

    /** A summary of text input (no named columns). */
    public DataSummary(List<InputFile> files, long[] rowsPerFile, long rows, int numFeatures, long storedValues,
                       boolean dense, LabelStats labels, long badRecords, List<String> badExamples, int blocks) {
        this(files, rowsPerFile, rows, numFeatures, storedValues, dense, labels, badRecords, badExamples, blocks,
                null, 0);
    }

    /** A summary without ignored feature values. */
    public DataSummary(List<InputFile> files, long[] rowsPerFile, long rows, int numFeatures, long storedValues,
                       boolean dense, LabelStats labels, long badRecords, List<String> badExamples, int blocks,
                       ParquetColumns columns) {
        this(files, rowsPerFile, rows, numFeatures, storedValues, dense, labels, badRecords, badExamples, blocks,
                columns, 0);
    }
}
