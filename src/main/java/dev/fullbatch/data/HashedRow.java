package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Builds one row of hashed features at a time from its tokens ({@link FeatureHashing}): tokens and values are
 * collected, then {@link #finishInto} sorts them by index, adds the values that share an index (in token order, so
 * the bits depend only on the row) and appends the row's features to a {@link BlockBuilder}. A token repeated in a
 * row adds up (term frequency); two <em>different</em> tokens on one index are a collision, counted.
 *
 * <p>Mutable scratch space, reused from row to row: one per task.
 */
public final class HashedRow {
    private final FeatureHashing hashing;
    private int count;
    private int[] hashes = new int[16];
    private double[] values = new double[16];
    /** Token t's bytes are tokenBytes[tokenStart[t], tokenStart[t + 1]). */
    private int[] tokenStart = new int[17];
    private byte[] tokenBytes = new byte[256];
    private long[] order = new long[16];
    private long collisions;
    private long rowsWithCollisions;

    /** @param hashing the width and sign rule */
    public HashedRow(FeatureHashing hashing) {
        this.hashing = hashing;
    }

    /** The width and sign rule. */
    public FeatureHashing hashing() {
        return hashing;
    }

    /** Adds a token (its UTF-8 bytes are hashed) with a value. */
    public void add(String token, double value) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        add(utf8, 0, utf8.length, value);
    }

    /** Adds the token spelled by {@code bytes[from, to)} (UTF-8 text) with a value. */
    public void add(byte[] bytes, int from, int to, double value) {
        if (count == hashes.length) {
            int capacity = 2 * count;
            hashes = Arrays.copyOf(hashes, capacity);
            values = Arrays.copyOf(values, capacity);
            tokenStart = Arrays.copyOf(tokenStart, capacity + 1);
            order = new long[capacity];
        }
        int start = tokenStart[count];
        int length = to - from;
        if (start + length > tokenBytes.length) {
            tokenBytes = Arrays.copyOf(tokenBytes, Math.max(2 * tokenBytes.length, start + length));
        }
        System.arraycopy(bytes, from, tokenBytes, start, length);
        hashes[count] = FeatureHashing.hash(bytes, from, to);
        values[count] = value;
        tokenStart[++count] = start + length;
    }

    /** Tokens added to the current row. */
    public int tokens() {
        return count;
    }

    /**
     * Appends the current row's features (ascending indices, one value per index) to {@code out} and starts a new
     * row; the caller then ends the row in {@code out} with its label.
     *
     * @return the collisions in this row: tokens that landed on an index already holding a different token
     */
    public int finishInto(BlockBuilder out) {
        return finishInto(out, 0);
    }

    /**
     * As {@link #finishInto(BlockBuilder)}, the features placed from {@code offset} on (index i goes to column
     * {@code offset + i}): the hashed block of a row whose first {@code offset} features are others.
     */
    public int finishInto(BlockBuilder out, int offset) {
        for (int t = 0; t < count; t++) {
            order[t] = (long) hashing.indexOf(hashes[t]) << 32 | t;
        }
        Arrays.sort(order, 0, count);
        int rowCollisions = 0;
        int t = 0;
        while (t < count) {
            int index = (int) (order[t] >>> 32);
            int end = t + 1;
            while (end < count && (int) (order[end] >>> 32) == index) {
                end++;
            }
            double sum = 0;
            for (int k = t; k < end; k++) {
                int token = (int) order[k];
                sum += hashing.signOf(hashes[token]) * values[token];
                if (k > t && isNew(token, t, k)) {
                    rowCollisions++;
                }
            }
            out.addValue(offset + index, sum);
            t = end;
        }
        collisions += rowCollisions;
        if (rowCollisions > 0) {
            rowsWithCollisions++;
        }
        clear();
        return rowCollisions;
    }

    /** Whether token {@code token} differs from every token at sorted positions [from, until). */
    private boolean isNew(int token, int from, int until) {
        for (int k = from; k < until; k++) {
            if (sameToken(token, (int) order[k])) {
                return false;
            }
        }
        return true;
    }

    private boolean sameToken(int a, int b) {
        return hashes[a] == hashes[b] && Arrays.equals(tokenBytes, tokenStart[a], tokenStart[a + 1], tokenBytes,
                tokenStart[b], tokenStart[b + 1]);
    }

    /** Drops the current row's tokens. */
    public void clear() {
        count = 0;
    }

    /** Collisions over every row finished so far (see {@link #finishInto}). */
    public long collisions() {
        return collisions;
    }

    /** Rows finished so far that had at least one collision. */
    public long rowsWithCollisions() {
        return rowsWithCollisions;
    }
}
