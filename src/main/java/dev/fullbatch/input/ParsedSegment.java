package dev.fullbatch.input;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.KeptValues;
import java.io.Serializable;

/**
 * A parsed segment: its block of rows, the report of what parsing found, and where each row's line sits in the
 * segment. Cached together so that the report comes from the same pass that caches the rows.
 *
 * @param block the rows
 * @param report what parsing found
 * @param rowLines for every row of the block, the 0-based index of its line among the lines that begin in the
 *     segment (header, blank and malformed lines counted); {@link LineNumbering} turns it into file line numbers
 * @param kept the values of the kept CSV columns ({@link ReadOptions#keptColumns()}) of every row; null when none are
 *     kept
 */
public record ParsedSegment(Block block, SegmentReport report, int[] rowLines, KeptValues kept)
        implements Serializable {
}
