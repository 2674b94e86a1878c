package dev.fullbatch.model;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The wire form of running sums' pages of (s, c) pairs, as they travel between tasks and to the driver: the indexes
 * of the pages holding any nonzero pair, a bit mask of those pairs each, and the pairs themselves as the bytes of
 * big-endian doubles (16 bytes a touched component), written from the pages and read into them directly. Object
 * streams copy a byte array in bulk but convert a {@code double[]} one element at a time. Stateless.
 */
final class RunningSumsCodec {
    /** Doubles as 8 big-endian bytes at any offset of a byte array. */
    private static final VarHandle DOUBLES = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private RunningSumsCodec() {
    }

    /** Writes {@code pages} (null when nothing was added) of {@code page} components each. */
    static void write(double[][] pages, int page, ObjectOutputStream out) throws IOException {
        int used = 0;
        int pairs = 0;
        long[] masks = pages == null ? new long[0] : new long[pages.length];
        for (int p = 0; p < masks.length; p++) {
            double[] values = pages[p];
            if (values == null) {
                continue;
            }
            long mask = 0;
            for (int o = 0; o < page; o++) {
                if (values[2 * o] != 0.0 || values[2 * o + 1] != 0.0) {
                    mask |= 1L << o;
                }
            }
            masks[p] = mask;
            if (mask != 0) {
                used++;
                pairs += Long.bitCount(mask);
            }
        }
        int[] pageIndex = new int[used];
        long[] pageMask = new long[used];
        // The pairs go straight from the pages into the bytes: a 16-byte copy of each, nothing in between.
        byte[] bytes = new byte[16 * pairs];
        for (int p = 0, u = 0, at = 0; p < masks.length; p++) {
            long mask = masks[p];
            if (mask == 0) {
                continue;
            }
            pageIndex[u] = p;
            pageMask[u++] = mask;
            double[] from = pages[p];
            if (mask == -1L) {
                for (int i = 0; i < 2 * page; i++, at += 8) {
                    DOUBLES.set(bytes, at, from[i]);
                }
                continue;
            }
            for (long m = mask; m != 0; m &= m - 1) {
                int o = Long.numberOfTrailingZeros(m);
                DOUBLES.set(bytes, at, from[2 * o]);
                DOUBLES.set(bytes, at + 8, from[2 * o + 1]);
                at += 16;
            }
        }
        out.writeObject(pageIndex);
        out.writeObject(pageMask);
        out.writeObject(bytes);
    }

    /**
     * Reads what {@link #write} wrote for a vector of {@code pageCount} pages.
     *
     * @return the pages, or null when no pair holds anything
     * @throws InvalidObjectException when the data is not a well-formed encoding
     */
    static double[][] read(int pageCount, int page, ObjectInputStream in) throws IOException, ClassNotFoundException {
        int[] pageIndex = (int[]) in.readObject();
        long[] pageMask = (long[]) in.readObject();
        byte[] bytes = (byte[]) in.readObject();
        if (pageIndex.length != pageMask.length) {
            throw new InvalidObjectException("malformed running sums: " + pageIndex.length + " pages, "
                    + pageMask.length + " masks");
        }
        long pairs = 0;
        for (int u = 0; u < pageIndex.length; u++) {
            if (pageIndex[u] < 0 || pageIndex[u] >= pageCount || (u > 0 && pageIndex[u] <= pageIndex[u - 1])
                    || pageMask[u] == 0) {
                throw new InvalidObjectException("malformed running sums at page " + pageIndex[u]);
            }
            pairs += Long.bitCount(pageMask[u]);
        }
        if (bytes.length != 16 * pairs) {
            throw new InvalidObjectException("malformed running sums: " + bytes.length + " bytes for "
                    + pairs + " components");
        }
        if (pageIndex.length == 0) {
            return null;
        }
        double[][] pages = new double[pageCount][];
        for (int u = 0, at = 0; u < pageIndex.length; u++) {
            double[] to = new double[2 * page];
            long mask = pageMask[u];
            if (mask == -1L) {
                for (int i = 0; i < 2 * page; i++, at += 8) {
                    to[i] = (double) DOUBLES.get(bytes, at);
                }
            } else {
                for (long m = mask; m != 0; m &= m - 1) {
                    int o = Long.numberOfTrailingZeros(m);
                    to[2 * o] = (double) DOUBLES.get(bytes, at);
                    to[2 * o + 1] = (double) DOUBLES.get(bytes, at + 8);
                    at += 16;
                }
            }
            pages[pageIndex[u]] = to;
        }
        return pages;
    }
}
