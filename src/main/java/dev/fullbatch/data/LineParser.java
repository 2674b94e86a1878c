package dev.fullbatch.data;

/**
 * Turns one line of input text into one row of a {@link BlockBuilder}.
 *
 * <p>Implementations are stateless between lines apart from reusable scratch space; one instance serves one task.
 */
public interface LineParser {

    /** Returned by {@link #parse} for a line that holds no row (blank, or only a comment). */
    String SKIPPED = "";

    /**
     * Parses {@code bytes[from, to)} (one line, without its terminating newline; a trailing carriage return is
     * allowed) and appends its row to {@code out}.
     *
     * @return {@code null} when a row was added, {@link #SKIPPED} (compare by reference) for a line without a row,
     *     otherwise a sentence saying what is wrong with the line; on a problem nothing is added to {@code out}
     */
    String parse(byte[] bytes, int from, int to, BlockBuilder out);
}
