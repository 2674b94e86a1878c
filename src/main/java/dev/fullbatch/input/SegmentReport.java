package dev.fullbatch.input;

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
 * @param widestOffset byte offset of the first line holding {@code maxColumn}, or -1 when there is none
 * @param labels label statistics of the kept rows
 * @param badRecords malformed lines found (skipped or fatal, depending on the policy)
 * @param problems the first malformed lines, in file order, at most {@link DataSummary#MAX_EXAMPLES}
 * @param fatal a problem no policy can skip (a CSV header that differs from the first file's, a line too long to
 *     be a row), located at its line; null when there is none. Parsing stops there.
 * @param readError why the segment could not be read (an I/O or decompression failure), a complete sentence
 *     naming the file; null when it was read to its end
 * @param ignoredFeatureValues values of indices beyond the declared width left out of the kept rows
 *     ({@link ReadOptions#ignoreUnknownFeatures()})
 * @param lines the lines that begin in the segment's byte range and were read (all of them when parsing did not
 *     stop early), counting header, blank and malformed lines: what numbers the next segment's lines
 */
public record SegmentReport(long blockId, long rows, long storedValues, int maxColumn, long widestOffset,
                            LabelStats labels, long badRecords, List<RecordProblem> problems, RecordProblem fatal,
                            String readError, long ignoredFeatureValues, long lines) implements Serializable {
}
