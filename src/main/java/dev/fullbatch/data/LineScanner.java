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
 *
 * <p>A UTF-8 byte order mark ({@code EF BB BF}) at the very start of the file (a scanner whose base offset is 0) is
 * not part of the first line: spreadsheet programs write one at the start of their CSV exports.
 *
 * <p>A line longer than the scanner's limit ({@value #MAX_LINE_BYTES} bytes by default) ends the scan with a
 * {@link LineTooLongException} instead of growing the buffer until memory runs out: such "lines" come from binary
 * files, not from rows.
 */
public final class LineScanner {
    /** The default longest line, in bytes (64 MiB: a LIBSVM row of several million nonzeros). */
    public static final int MAX_LINE_BYTES = 64 << 20;

    private final InputStream in;
    private final int maxLine;
    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private long bufferOffset;
    private boolean eof;
    private int lineStart;
    private int lineEnd;
    private long lineOffset;
    /** Whether the next line is the file's first (a byte order mark may start it). */
    private boolean atFileStart;

    /** @param in the stream, positioned at byte {@code baseOffset} of the file */
    public LineScanner(InputStream in, long baseOffset) {
        this(in, baseOffset, MAX_LINE_BYTES);
    }

    /**
     * @param in the stream, positioned at byte {@code baseOffset} of the file
     * @param maxLine the longest line allowed, in bytes, at least 1
     */
    public LineScanner(InputStream in, long baseOffset, int maxLine) {
        if (maxLine < 1) {
            throw new IllegalArgumentException("maxLine must be >= 1, got " + maxLine);
        }
        this.in = in;
        this.bufferOffset = baseOffset;
        this.maxLine = maxLine;
        this.atFileStart = baseOffset == 0;
    }

    /** Offset of the next unread byte. */
    public long position() {
        return bufferOffset + pos;
    }

    /**
     * Skips to just after the next newline (or to the end); returns false at the end of the stream. Skipping
     * never buffers more than one read, so it has no line limit.
     */
    public boolean skipLine() throws IOException {
        atFileStart = false;
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
                    skipByteOrderMark();
                    return true;
                }
            }
            scan = limit - pos;
            if (scan > maxLine) {
                throw new LineTooLongException(bufferOffset + pos, maxLine);
            }
            if (!fill()) {
                lineStart = pos;
                lineEnd = limit;
                lineOffset = bufferOffset + pos;
                pos = limit;
                skipByteOrderMark();
                return lineEnd > lineStart;
            }
            scan += pos;
        }
    }

    /** Leaves a byte order mark at the start of the file out of the first line. */
    private void skipByteOrderMark() {
        if (atFileStart && lineOffset == 0 && lineEnd - lineStart >= 3 && buf[lineStart] == (byte) 0xEF
                && buf[lineStart + 1] == (byte) 0xBB && buf[lineStart + 2] == (byte) 0xBF) {
            lineStart += 3;
        }
        atFileStart = false;
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
