package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;

/**
 * The weighted first and second moments of every feature, in one pass: the vector holds {@code sum w x_j} at
 * {@code j} and {@code sum w x_j^2} at {@code d + j}; the weight sum is the usual one. Sparse blocks touch only their
 * nonzeros, so nothing is densified. Used for standardization.
 */
public final class FeatureMoments implements BlockReduction {
    private static final long serialVersionUID = 1L;
    private final int numFeatures;

    /** @param numFeatures d, at least 0 */
    public FeatureMoments(int numFeatures) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        this.numFeatures = numFeatures;
    }

    @Override
    public int dimension() {
        return 2 * numFeatures;
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        int n = block.rows();
        double[] w = block.weights();
        int d = numFeatures;
        if (block instanceof DenseBlock dense) {
            double[] chunk = new double[2 * d];
            int bd = dense.numFeatures();
            for (int r0 = 0; r0 < n; r0 += LinearObjective.RUN) {
                int m = Math.min(LinearObjective.RUN, n - r0);
                java.util.Arrays.fill(chunk, 0.0);
                double ws = 0;
                for (int i = r0; i < r0 + m; i++) {
                    double wi = w == null ? 1.0 : w[i];
                    ws += wi;
                    for (int j = 0; j < bd; j++) {
                        double x = dense.values() != null ? dense.values()[i * bd + j] : dense.floatValues()[i * bd + j];
                        double wx = wi * x;
                        chunk[j] += wx;
                        chunk[d + j] += wx * x;
                    }
                }
                sums.addAll(chunk);
                sums.addWeight(ws, m);
            }
        } else {
            SparseBlock sparse = (SparseBlock) block;
            int[] start = sparse.rowStart();
            int[] col = sparse.columns();
            double ws = 0;
            for (int i = 0; i < n; i++) {
                double wi = w == null ? 1.0 : w[i];
                ws += wi;
                for (int q = start[i]; q < start[i + 1]; q++) {
                    double x = sparse.values() != null ? sparse.values()[q] : sparse.floatValues()[q];
                    double wx = wi * x;
                    sums.add(col[q], wx);
                    sums.add(d + col[q], wx * x);
                }
                if ((i + 1) % LinearObjective.RUN == 0 || i == n - 1) {
                    sums.addWeight(ws, (i % LinearObjective.RUN) + 1);
                    ws = 0;
                }
            }
        }
        sums.endBlock();
    }
}
