package dev.fullbatch.data;

import java.io.Serializable;
import java.util.Objects;

/**
 * Where the rows of one block of text input came from: the file and, for every row in block order, its 1-based line
 * number in that file, counting every line (header, blank, comment and skipped malformed lines too), the numbering
 * bad-record messages use. Immutable once built; travels with the blocks to executors.
 *
 * @param file the source file's path, as the input listing names it
 * @param lines one 1-based line number per row of the block
 */
public record RowOrigins(String file, long[] lines) implements Serializable {
    /** Validates (the array is kept, not copied: the producer hands it over). */
    public RowOrigins {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(lines, "lines");
    }

    /**
     * The origins of a block whose rows sit at the given line indices within its byte range.
     *
     * @param firstLine the 1-based number, in the file, of the first line that begins in the block's byte range
     * @param lineInBlock for every row, the 0-based index of its line among the lines that begin in the range
     */
    public static RowOrigins of(String file, long firstLine, int[] lineInBlock) {
        long[] lines = new long[lineInBlock.length];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = firstLine + lineInBlock[i];
        }
        return new RowOrigins(file, lines);
    }
}
