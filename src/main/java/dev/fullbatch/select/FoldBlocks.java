package dev.fullbatch.select;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;

/**
 * Splits a block into one block per fold: the rows of each fold, in their order, with their labels, weights, offsets
 * and features, under the block's id. The split depends only on the block's rows and its first global row index, so
 * it is the same on every cluster and partitioning.
 */
final class FoldBlocks {
    private FoldBlocks() {
    }

    /** The fold of every row of {@code block}, whose first row has global index {@code firstRow}. */
    static int[] foldsOf(Block block, long firstRow, FoldAssignment folds) {
        long key = folds.key();
        int[] out = new int[block.rows()];
        for (int r = 0; r < out.length; r++) {
            out[r] = folds.foldOf(key, firstRow + r);
        }
        return out;
    }

    /** {@code block}'s rows split by {@code fold} (one fold per row) into {@code k} blocks. */
    static Block[] split(Block block, int[] fold, int k) {
        int[] counts = new int[k];
        for (int f : fold) {
            counts[f]++;
        }
        int[][] rows = new int[k][];
        for (int f = 0; f < k; f++) {
            rows[f] = new int[counts[f]];
        }
        int[] next = new int[k];
        for (int r = 0; r < fold.length; r++) {
            rows[fold[r]][next[fold[r]]++] = r;
        }
        Block[] out = new Block[k];
        for (int f = 0; f < k; f++) {
            out[f] = select(block, rows[f]);
        }
        return out;
    }

    private static double[] pick(double[] values, int[] rows) {
        if (values == null) {
            return null;
        }
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = values[rows[i]];
        }
        return out;
    }

    /** The rows {@code rows} (ascending) of {@code block}, as a block of the same layout. */
    static Block select(Block block, int[] rows) {
        double[] labels = pick(block.labels(), rows);
        double[] weights = pick(block.weights(), rows);
        double[] offsets = pick(block.offsets(), rows);
        if (block instanceof DenseBlock dense) {
            int d = dense.numFeatures();
            double[] values = dense.values() == null ? null : new double[rows.length * d];
            float[] floats = dense.floatValues() == null ? null : new float[rows.length * d];
            for (int i = 0; i < rows.length; i++) {
                if (values != null) {
                    System.arraycopy(dense.values(), rows[i] * d, values, i * d, d);
                } else {
                    System.arraycopy(dense.floatValues(), rows[i] * d, floats, i * d, d);
                }
            }
            return new DenseBlock(block.id(), d, labels, weights, offsets, values, floats);
        }
        SparseBlock sparse = (SparseBlock) block;
        int[] start = sparse.rowStart();
        int[] rowStart = new int[rows.length + 1];
        for (int i = 0; i < rows.length; i++) {
            rowStart[i + 1] = rowStart[i] + start[rows[i] + 1] - start[rows[i]];
        }
        int nnz = rowStart[rows.length];
        int[] columns = new int[nnz];
        double[] values = sparse.values() == null ? null : new double[nnz];
        float[] floats = sparse.floatValues() == null ? null : new float[nnz];
        for (int i = 0; i < rows.length; i++) {
            int from = start[rows[i]];
            int len = start[rows[i] + 1] - from;
            System.arraycopy(sparse.columns(), from, columns, rowStart[i], len);
            if (values != null) {
                System.arraycopy(sparse.values(), from, values, rowStart[i], len);
            } else {
                System.arraycopy(sparse.floatValues(), from, floats, rowStart[i], len);
            }
        }
        return new SparseBlock(block.id(), sparse.numFeatures(), labels, weights, offsets, rowStart, columns, values,
                floats);
    }
}
