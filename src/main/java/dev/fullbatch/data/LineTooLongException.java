package dev.fullbatch.data;

import java.io.IOException;

/**
 * A line grew beyond {@link LineScanner}'s limit without a newline: the input is most likely not a text file of
 * rows (a binary file, or a file with a different line separator), and reading on would exhaust memory.
 */
public final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long lineOffset;
    private final int limit;

    /**
     * @param lineOffset offset of the line's first byte in the (uncompressed) file
     * @param limit the longest line allowed, in bytes
     */
    public LineTooLongException(long lineOffset, int limit) {
        super("a line starting at byte " + lineOffset + " is longer than " + limit + " bytes");
        this.lineOffset = lineOffset;
        this.limit = limit;
    }

    /** Offset of the line's first byte in the (uncompressed) file. */
    public long lineOffset() {
        return lineOffset;
    }

    /** The longest line allowed, in bytes. */
    public int limit() {
        return limit;
    }
}
