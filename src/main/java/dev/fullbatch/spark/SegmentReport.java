package dev.fullbatch.spark;

import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.RecordProblem;
import java.io.Serializable;
import java.util.List;

/**
 * What parsing one segment found, besides its rows.
 *
 * @param blockId the segment's block
 * @param rows rows kept
 * @param storedValues feature values stored
 * @param maxColumn the largest 0-based feature column seen, or -1
 * @param labels label statistics of the kept rows
 * @param badRecords malformed lines found (skipped or fatal, depending on the policy)
 * @param problems the first malformed lines, in file order, at most {@link BlockLoader#MAX_EXAMPLES}
 * @param headerProblem a header that does not match the first file's, or null
 */
public record SegmentReport(long blockId, long rows, long storedValues, int maxColumn, LabelStats labels,
                            long badRecords, List<RecordProblem> problems, String headerProblem)
        implements Serializable {
}
