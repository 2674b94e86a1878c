package dev.fullbatch.data;

/**
 * Reads the cells of the kept CSV columns ({@code predict --id-col}, {@code --keep-cols}) of a line as text, split as
 * {@link CsvLineParser} splits it ({@link CsvCells}, RFC 4180): each cell's characters exactly, only the blanks
 * around them (spaces, tabs, a carriage return) and its quotes removed, doubled quotes undone; an empty cell is null
 * (a missing value). Mutable scratch for one thread, reused line after line.
 */
public final class KeptCsvCells {
    private final int[] columns;
    private final CsvCells cells = new CsvCells();

    /** @param columns the 0-based columns to read, in the order their values are wanted */
    public KeptCsvCells(int[] columns) {
        this.columns = columns.clone();
    }

    /**
     * The kept cells of {@code b[from, to)}, a line that {@link CsvLineParser} accepted (so it is CSV and has every
     * column).
     *
     * @return one value per kept column, in their order
     */
    public Object[] read(byte[] b, int from, int to) {
        String problem = cells.split(b, from, to);
        if (problem != null) {
            throw new IllegalStateException("a line the parser accepted is not CSV: " + problem);
        }
        Object[] out = new Object[columns.length];
        for (int k = 0; k < columns.length; k++) {
            out[k] = columns[k] < cells.count() ? cells.text(b, columns[k]) : null;
        }
        return out;
    }
}
