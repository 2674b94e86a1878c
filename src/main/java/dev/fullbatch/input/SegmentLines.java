package dev.fullbatch.input;

import dev.fullbatch.data.LineScanner;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;

/**
 * The lines that begin in one segment, in order: a line belongs to the segment holding its first byte, so the
 * segments of a file share out its lines whatever the block size. The one place that rule lives: {@link SegmentParser}
 * and the categorical counting pass both read through it. One open stream; close it. Not thread-safe.
 */
public final class SegmentLines implements Closeable {
    private final InputStream in;
    private final LineScanner scanner;
    private final long end;
    private boolean more;
    private long lines;

    private SegmentLines(InputStream in, LineScanner scanner, long end, boolean more) {
        this.in = in;
        this.scanner = scanner;
        this.end = end;
        this.more = more;
    }

    /**
     * Opens a segment at its first line.
     *
     * @throws IOException when the file cannot be opened or read
     */
    public static SegmentLines open(Segment seg, Configuration conf) throws IOException {
        long start = seg.start();
        InputStream in = InputStreams.open(seg.path(), seg.compressed(), start == 0 ? 0 : start - 1, conf);
        try {
            if (start == 0) {
                return new SegmentLines(in, new LineScanner(in, 0), seg.end(), true);
            }
            // The line at `start` belongs to this segment only if the byte before it ends a line.
            int first = in.read();
            LineScanner scanner = new LineScanner(in, start);
            boolean more = first >= 0 && (first == '\n' || scanner.skipLine());
            return new SegmentLines(in, scanner, seg.end(), more);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * Moves to the next line of the segment.
     *
     * @return false past the segment's last line
     * @throws dev.fullbatch.data.LineTooLongException for a line longer than a row can be
     * @throws IOException when the file cannot be read
     */
    public boolean next() throws IOException {
        if (!more || !scanner.next() || scanner.lineOffset() >= end) {
            more = false;
            return false;
        }
        lines++;
        return true;
    }

    /** The buffer holding the current line. */
    public byte[] buffer() {
        return scanner.buffer();
    }

    /** The current line's first byte in {@link #buffer()}. */
    public int lineStart() {
        return scanner.lineStart();
    }

    /** The current line's end (exclusive, without its line break) in {@link #buffer()}. */
    public int lineEnd() {
        return scanner.lineEnd();
    }

    /** The current line's byte offset in its file. */
    public long lineOffset() {
        return scanner.lineOffset();
    }

    /** Lines of the segment read so far, the current one included. */
    public long lines() {
        return lines;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
