package dev.fullbatch.input;

import dev.fullbatch.data.Block;
import java.io.Serializable;

/**
 * A parsed segment: its block of rows and the report of what parsing found. Cached together so that the report
 * comes from the same pass that caches the rows.
 *
 * @param block the rows
 * @param report what parsing found
 */
public record ParsedSegment(Block block, SegmentReport report) implements Serializable {
}
