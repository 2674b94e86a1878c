package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the rows of one block came from, for predictions to name them: the file and, for every row in block order,
 * its position in that file, and the values of the input columns predictions pass through. For text input the
 * position is the 1-based line number, counting every line (header, blank, comment and skipped malformed lines too),
 * the numbering bad-record messages use; for Parquet input it is the 0-based row index within the file (Spark's
 * {@code _metadata.row_index}). Immutable once built; travels with the blocks to executors.
 *
 * @param file the source file's path, as the input listing names it (a block never spans two files)
 * @param positions one line number (text) or row index (Parquet) per row of the block
 * @param kept the values of the kept input columns ({@code --id-col}, {@code --keep-cols}), one row per row of the
 *     block; null when none are kept
 */
public record RowOrigins(String file, long[] positions, KeptValues kept) implements Serializable {
    /** Validates (the arrays are kept, not copied: the producer hands them over). */
    public RowOrigins {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(positions, "positions");
        if (kept != null && kept.rows().length != positions.length) {
            throw new IllegalArgumentException("kept values of " + kept.rows().length + " rows for "
                    + positions.length + " rows");
        }
    }

    /**
     * The origins of a block of text whose rows sit at the given line indices within its byte range.
     *
     * @param firstLine the 1-based number, in the file, of the first line that begins in the block's byte range
     * @param lineInBlock for every row, the 0-based index of its line among the lines that begin in the range
     * @param kept the rows' kept values, or null
     */
    public static RowOrigins ofLines(String file, long firstLine, int[] lineInBlock, KeptValues kept) {
        long[] lines = new long[lineInBlock.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = firstLine + lineInBlock[i];
        }
        return new RowOrigins(file, lines, kept);
    }
}
