package dev.fullbatch.generate;

/**
 * The contiguous global rows [start, end) that one part file holds. Part {@code p} of {@code P} gets
 * {@code rows / P} rows, plus one more for the first {@code rows % P} parts, so parts differ by at most one row and
 * part order is row order.
 *
 * @param start first global row, inclusive
 * @param end last global row, exclusive; equal to start for an empty part
 */
record RowRange(long start, long end) {

    RowRange {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("row range needs 0 <= start <= end, got [" + start + ", " + end + ")");
        }
    }

    /** The range of part {@code part} (0-based) when {@code rows} rows are split into {@code parts} parts. */
    static RowRange of(long rows, int parts, int part) {
        if (rows < 0 || parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("need rows >= 0 and 0 <= part < parts >= 1, got rows=" + rows
                    + ", parts=" + parts + ", part=" + part);
        }
        return new RowRange(startOf(rows, parts, part), startOf(rows, parts, part + 1));
    }

    private static long startOf(long rows, int parts, int part) {
        // Written this way, not part * rows / parts, so that it cannot overflow for any long row count.
        return (rows / parts) * part + Math.min(part, rows % parts);
    }

    long size() {
        return end - start;
    }
}
