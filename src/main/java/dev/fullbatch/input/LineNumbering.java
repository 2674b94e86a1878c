package dev.fullbatch.input;

import dev.fullbatch.data.RowOrigins;
import java.io.Serializable;
import java.util.List;

/**
 * The 1-based line number, in its file, of the first line of every segment: one plus the lines begun in the same
 * file's earlier segments, as their reports count them. Line numbers of rows are then exact however a file is cut
 * into byte ranges, and agree with the ones bad-record messages give (counting every newline before the row).
 * Immutable and small (two entries per segment): it travels to executors in the closure that labels rows.
 *
 * @param files every segment's file path, by block id
 * @param firstLines every segment's first line number, by block id
 */
public record LineNumbering(String[] files, long[] firstLines) implements Serializable {

    /**
     * Numbers the lines of {@code segments} from their reports.
     *
     * @param reports one per segment, sorted by block id
     */
    public static LineNumbering of(List<Segment> segments, List<SegmentReport> reports) {
        String[] files = new String[segments.size()];
        long[] first = new long[segments.size()];
        long next = 1;
        for (int b = 0; b < segments.size(); b++) {
            Segment seg = segments.get(b);
            if (b > 0 && segments.get(b - 1).fileIndex() != seg.fileIndex()) {
                next = 1;
            }
            files[b] = seg.path();
            first[b] = next;
            next += reports.get(b).lines();
        }
        return new LineNumbering(files, first);
    }

    /** Where the rows of a parsed segment came from, with their kept values. */
    public RowOrigins origins(ParsedSegment parsed) {
        int b = Math.toIntExact(parsed.report().blockId());
        return RowOrigins.ofLines(files[b], firstLines[b], parsed.rowLines(), parsed.kept());
    }
}
