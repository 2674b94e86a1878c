package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;

/**
 * Reads the cells of the kept CSV columns ({@code predict --id-col}, {@code --keep-cols}) of a line as text: each
 * cell's characters exactly, only the blanks around them (spaces, tabs, a carriage return) removed, as
 * {@link CsvLineParser} trims every cell; an empty cell is null (a missing value). Stateless.
 */
public final class KeptCsvCells {
    private final int[] columns;
    private final int last;

    /** @param columns the 0-based columns to read, in the order their values are wanted */
    public KeptCsvCells(int[] columns) {
        this.columns = columns.clone();
        int max = -1;
        for (int c : columns) {
            max = Math.max(max, c);
        }
        this.last = max;
    }

    /**
     * The kept cells of {@code b[from, to)}, a line that {@link CsvLineParser} accepted (so it has every column).
     *
     * @return one value per kept column, in their order
     */
    public Object[] read(byte[] b, int from, int to) {
        Object[] out = new Object[columns.length];
        int column = 0;
        int cell = from;
        while (column <= last && cell <= to) {
            int cellEnd = cell;
            while (cellEnd < to && b[cellEnd] != ',') {
                cellEnd++;
            }
            for (int k = 0; k < columns.length; k++) {
                if (columns[k] == column) {
                    out[k] = text(b, cell, cellEnd);
                }
            }
            column++;
            cell = cellEnd + 1;
        }
        return out;
    }

    private static String text(byte[] b, int from, int to) {
        int a = from;
        int z = to;
        while (a < z && LibsvmLineParser.isBlank(b[a])) {
            a++;
        }
        while (z > a && LibsvmLineParser.isBlank(b[z - 1])) {
            z--;
        }
        return z > a ? new String(b, a, z - a, StandardCharsets.UTF_8) : null;
    }
}
