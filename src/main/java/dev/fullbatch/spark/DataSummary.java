package dev.fullbatch.spark;

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
 * @param badExamples the first skipped lines, as "file:line: reason: text", at most {@link BlockLoader#MAX_EXAMPLES}
 * @param blocks number of blocks
 */
public record DataSummary(List<InputFile> files, long[] rowsPerFile, long rows, int numFeatures, long storedValues,
                          boolean dense, LabelStats labels, long badRecords, List<String> badExamples, int blocks)
        implements Serializable {
}
