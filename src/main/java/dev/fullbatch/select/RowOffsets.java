package dev.fullbatch.select;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The global index of every block's first row: blocks are numbered in the global row order (files sorted by path,
 * then byte ranges or row groups), so a block's first row is the number of rows in the blocks before it. Found by
 * one pass that counts each block's rows. Immutable and serializable (it travels with the fold passes).
 */
final class RowOffsets implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long[] ids;
    private final long[] firstRows;

    private RowOffsets(long[] ids, long[] firstRows) {
        this.ids = ids;
        this.firstRows = firstRows;
    }

    /** Counts the rows of every block of {@code data} (one pass). */
    static RowOffsets of(BlockPasses data) {
        long[] pairs = data.reduce(new RowCounts(), new double[0], "row offsets of the folds");
        TreeMap<Long, Long> rows = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            rows.put(pairs[i], pairs[i + 1]);
        }
        long[] ids = new long[rows.size()];
        long[] first = new long[rows.size()];
        int i = 0;
        long sum = 0;
        for (Map.Entry<Long, Long> e : rows.entrySet()) {
            ids[i] = e.getKey();
            first[i] = sum;
            sum += e.getValue();
            i++;
        }
        return new RowOffsets(ids, first);
    }

    /** The global index of the first row of block {@code id}. */
    long firstRow(long id) {
        int i = Arrays.binarySearch(ids, id);
        if (i < 0) {
            throw new IllegalStateException("block " + id + " was not counted");
        }
        return firstRows[i];
    }

    /** Block ids and row counts, as pairs in a plain array (a type every serializer carries). */
    private static final class RowCounts implements BlockAggregator<long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] zero() {
            return new long[0];
        }

        @Override
        public long[] add(long[] partial, Block block, double[] parameters) {
            long[] out = Arrays.copyOf(partial, partial.length + 2);
            out[partial.length] = block.id();
            out[partial.length + 1] = block.rows();
            return out;
        }

        @Override
        public long[] merge(long[] left, long[] right) {
            long[] out = Arrays.copyOf(left, left.length + right.length);
            System.arraycopy(right, 0, out, left.length, right.length);
            return out;
        }
    }
}
