package dev.fullbatch.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads {@code \n}-terminated lines from a byte stream without decoding or allocating per line.
 *
 * <p>After {@link #next()} returns true, the line is {@link #buffer()}{@code [}{@link #lineStart()}{@code ,}
 * {@link #lineEnd()}{@code )} (without the newline; a trailing {@code \r} is left for the parser) and
 * {@link #lineOffset()} is the byte offset of its first byte in the stream, counted from {@code baseOffset}.
 * The buffer is reused; copy what must outlive the next call.
 */
public final class LineScanner {
    private final InputStream in;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bufferOffset;
    private boolean eof;
    private int lineStart;
    private int lineEnd;
    private long lineOffset;

    /** @param in the stream, positioned at byte {@code baseOffset} of the file */
    public LineScanner(InputStream in, long baseOffset) {
        this.in = in;
        this.bufferOffset = baseOffset;
    }

    /** Offset of the next unread byte. */
    public long position() {
        return bufferOffset + pos;
    }

    /** Skips to just after the next newline (or to the end); returns false at the end of the stream. */
    public boolean skipLine() throws IOException {
        while (true) {
            for (int k = pos; k < limit; k++) {
                if (buf[k] == '\n') {
                    pos = k + 1;
                    return true;
                }
            }
            pos = limit;
            if (!fill()) {
                return false;
            }
        }
    }

    /** Reads the next line; false at the end of the stream. */
    public boolean next() throws IOException {
        if (pos >= limit && !fill()) {
            return false;
        }
        int scan = pos;
        while (true) {
            for (int k = scan; k < limit; k++) {
                if (buf[k] == '\n') {
                    lineStart = pos;
                    lineEnd = k;
                    lineOffset = bufferOffset + pos;
                    pos = k + 1;
                    return true;
                }
            }
            scan = limit - pos;
            if (!fill()) {
                lineStart = pos;
                lineEnd = limit;
                lineOffset = bufferOffset + pos;
                pos = limit;
                return lineEnd > lineStart;
            }
            scan += pos;
        }
    }

    /** Moves unread bytes to the front and reads more; false when nothing more could be read. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            bufferOffset += pos;
            limit -= pos;
            pos = 0;
        }
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit += n;
        return true;
    }

    /** The buffer holding the current line. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the current line's first byte in {@link #buffer()}. */
    public int lineStart() {
        return lineStart;
    }

    /** Index just past the current line's last byte (before the newline). */
    public int lineEnd() {
        return lineEnd;
    }

    /** Offset of the current line's first byte in the file. */
    public long lineOffset() {
        return lineOffset;
    }
}
