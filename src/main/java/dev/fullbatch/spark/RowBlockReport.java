package dev.fullbatch.spark;

import dev.fullbatch.data.LabelStats;
import dev.fullbatch.input.DataSummary;
import java.io.Serializable;
import java.util.List;

/**
 * What building one block of row-numbered input found, besides its rows.
 *
 * @param blockId the block's global position
 * @param fileIndex the file the block lies in
 * @param rows rows kept
 * @param storedValues feature values stored (nonzeros)
 * @param width the largest feature vector size among the kept rows, or 0
 * @param labels label statistics of the kept rows
 * @param badRecords rows that could not be used
 * @param problems the first of them, in row order, at most {@link DataSummary#MAX_EXAMPLES}, each
 *     "file row N: column 'c' ..."
 */
record RowBlockReport(long blockId, int fileIndex, long rows, long storedValues, int width, LabelStats labels,
                      long badRecords, List<String> problems) implements Serializable {
}
