package dev.fullbatch.data;

import java.io.Serializable;

/**
 * What is wrong with one input record, located by block and byte offset (line numbers are resolved later, on the
 * driver, only for the problems that are reported).
 *
 * @param blockId the block whose byte range holds the record
 * @param byteOffset offset of the record's first byte in its (uncompressed) file
 * @param lineInBlock 0-based line index within the block, counting blank and comment lines
 * @param reason what is wrong, e.g. "feature index 0: indices are 1-based"
 * @param text the offending line, shortened and made printable for display
 */
public record RecordProblem(long blockId, long byteOffset, long lineInBlock, String reason, String text)
        implements Serializable {

    /** The longest excerpt of an offending line kept for messages. */
    public static final int MAX_TEXT = 120;

    /** Shortens a line for display, keeping its start and marking the cut (see {@link Excerpt}). */
    public static String excerpt(byte[] bytes, int from, int to) {
        return Excerpt.of(bytes, from, to, MAX_TEXT);
    }
}
