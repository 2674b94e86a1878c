package dev.fullbatch.model;

import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;

/**
 * The wire form of running sums' pages of (s, c) pairs, as they travel between tasks and to the driver: the indexes
 * of the pages holding any nonzero pair, a bit mask of those pairs each, and the pairs themselves as the bytes of
 * big-endian doubles (16 bytes a touched component). Object streams copy a byte array in bulk but convert a
 * {@code double[]} one element at a time. Stateless.
 */
final class RunningSumsCodec {
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
            for (int o = 0; o < page; o++) {
                if (values[2 * o] != 0.0 || values[2 * o + 1] != 0.0) {
                    masks[p] |= 1L << o;
                }
            }
            if (masks[p] != 0) {
                used++;
                pairs += Long.bitCount(masks[p]);
            }
        }
        int[] pageIndex = new int[used];
        long[] pageMask = new long[used];
        double[] values = new double[2 * pairs];
        for (int p = 0, u = 0, v = 0; p < masks.length; p++) {
            long mask = masks[p];
            if (mask == 0) {
                continue;
            }
            pageIndex[u] = p;
            pageMask[u++] = mask;
            double[] from = pages[p];
            for (long m = mask; m != 0; m &= m - 1) {
                int o = Long.numberOfTrailingZeros(m);
                values[v++] = from[2 * o];
                values[v++] = from[2 * o + 1];
            }
        }
        out.writeObject(pageIndex);
        out.writeObject(pageMask);
        byte[] bytes = new byte[8 * values.length];
        ByteBuffer.wrap(bytes).asDoubleBuffer().put(values);
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
        if (bytes.length % 8 != 0) {
            throw new InvalidObjectException("malformed running sums: " + bytes.length + " bytes");
        }
        double[] values = new double[bytes.length / 8];
        ByteBuffer.wrap(bytes).asDoubleBuffer().get(values);
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
        if (values.length != 2 * pairs) {
            throw new InvalidObjectException("malformed running sums: " + values.length + " values for "
                    + pairs + " components");
        }
        if (pageIndex.length == 0) {
            return null;
        }
        double[][] pages = new double[pageCount][];
        for (int u = 0, v = 0; u < pageIndex.length; u++) {
            double[] to = new double[2 * page];
            for (long m = pageMask[u]; m != 0; m &= m - 1) {
                int o = Long.numberOfTrailingZeros(m);
                to[2 * o] = values[v++];
                to[2 * o + 1] = values[v++];
            }
            pages[pageIndex[u]] = to;
        }
        return pages;
    }
}
