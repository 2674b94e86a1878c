package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The cells of one CSV line, split as RFC 4180 quotes them: a cell that starts with {@code "} (after blanks) runs
 * to the next lone {@code "}, may hold commas, and writes a quote inside as {@code ""}; any other cell runs to the
 * next comma. Blanks (space, tab, CR) around a cell are dropped, blanks inside quotes kept. A quote inside an
 * unquoted cell is an ordinary character, as in Python's {@code csv} module.
 *
 * <p>Refused, with a sentence naming the column: a quote the line does not close (rows are lines, so a quoted cell
 * cannot hold a line break) and text between a closing quote and the next comma. A cell's bounds exclude its quotes;
 * {@link #text} undoes doubled quotes. Bytes are never copied, so splitting a numeric line costs one scan.
 *
 * <p>Mutable scratch, reused line after line by one thread: each {@link #split} replaces the previous line's cells.
 */
public final class CsvCells {
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    /** Per cell: 0 unquoted, 1 quoted, 2 quoted with doubled quotes inside. */
    private byte[] quoting = new byte[16];
    private int count;

    /**
     * Splits {@code b[from, to)} (one line without its line break) into cells.
     *
     * @return null, or why the line is not CSV (then {@link #count()} is the cells before the bad one)
     */
    public String split(byte[] b, int from, int to) {
        count = 0;
        int p = from;
        while (true) {
            int a = p;
            while (a < to && LibsvmLineParser.isBlank(b[a])) {
                a++;
            }
            int next;
            if (a < to && b[a] == '"') {
                int q = a + 1;
                byte kind = 1;
                while (true) {
                    if (q >= to) {
                        return "column " + (count + 1) + " opens a quote that its line does not close (a quoted "
                                + "cell cannot hold a line break)";
                    }
                    if (b[q] == '"') {
                        if (q + 1 < to && b[q + 1] == '"') {
                            kind = 2;
                            q += 2;
                            continue;
                        }
                        break;
                    }
                    q++;
                }
                next = q + 1;
                while (next < to && LibsvmLineParser.isBlank(b[next])) {
                    next++;
                }
                if (next < to && b[next] != ',') {
                    int end = next;
                    while (end < to && b[end] != ',') {
                        end++;
                    }
                    return "column " + (count + 1) + " ('" + Excerpt.of(b, a, end, 40) + "') has text after its "
                            + "closing quote; a quoted cell is quoted whole, with \"\" for a quote inside it";
                }
                add(a + 1, q, kind);
            } else {
                next = a;
                while (next < to && b[next] != ',') {
                    next++;
                }
                int z = next;
                while (z > a && LibsvmLineParser.isBlank(b[z - 1])) {
                    z--;
                }
                add(a, z, (byte) 0);
            }
            if (next >= to) {
                return null;
            }
            p = next + 1;
        }
    }

    private void add(int start, int end, byte kind) {
        if (count == starts.length) {
            starts = Arrays.copyOf(starts, count * 2);
            ends = Arrays.copyOf(ends, count * 2);
            quoting = Arrays.copyOf(quoting, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        quoting[count] = kind;
        count++;
    }

    /** Cells of the last line split. */
    public int count() {
        return count;
    }

    /** The first byte of cell {@code k}'s content: after its blanks and opening quote. */
    public int start(int k) {
        return starts[k];
    }

    /** The end (exclusive) of cell {@code k}'s content: before its closing quote and blanks. */
    public int end(int k) {
        return ends[k];
    }

    /** Whether cell {@code k} was quoted. */
    public boolean quoted(int k) {
        return quoting[k] != 0;
    }

    /**
     * Cell {@code k}'s text (UTF-8, doubled quotes undone), or null when it is empty: an empty cell, quoted or not,
     * is a missing value.
     */
    public String text(byte[] b, int k) {
        if (ends[k] <= starts[k]) {
            return null;
        }
        String s = new String(b, starts[k], ends[k] - starts[k], StandardCharsets.UTF_8);
        return quoting[k] == 2 ? s.replace("\"\"", "\"") : s;
    }

    /**
     * The cells of a line held as a string (a header), empty cells as "".
     *
     * @throws IllegalArgumentException with the problem, when the line is not CSV
     */
    public static List<String> of(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        CsvCells cells = new CsvCells();
        String problem = cells.split(b, 0, b.length);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        List<String> out = new ArrayList<>(cells.count());
        for (int k = 0; k < cells.count(); k++) {
            String text = cells.text(b, k);
            out.add(text == null ? "" : text);
        }
        return out;
    }
}
