package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;

/**
 * Exact Hessian-vector products of a {@link LinearObjective}'s data term, several directions in one pass:
 * {@code sum_i X_i^T H_i(m_i) X_i v_t} for directions {@code v_1 .. v_m}, where {@code X_i} maps parameters to row
 * i's outputs (its features, and 1 for each intercept) and {@code H_i} is the loss's weighted {@code K x K}
 * curvature block at the row's margins ({@link dev.fullbatch.loss.OutputLoss#hessianTimes}).
 *
 * <p>The "parameters" of a pass are {@link #pack packed}: the point {@code p}, then the directions, each
 * {@link LinearObjective#dimension()} long; the summed vector is the products, direction after direction. Per run of
 * {@value LinearObjective#RUN} rows: the margins at {@code p}, then per direction its margins {@code X_i v} (the
 * same kernel: the model is linear), the loss's curvature times them, and the products folded back exactly as the
 * gradient's derivatives are ({@link LinearObjective}'s run kernels, dense or sparse, double or float storage). So
 * the sums are exact, and their bits do not depend on blocks, partitions or merge order. The weight sum and row count
 * are added too (not the loss); dividing by the weight sum is the caller's. Immutable.
 */
public final class LinearHessianProducts implements BlockReduction {
    private static final long serialVersionUID = 1L;
    private final LinearObjective objective;
    private final int directions;

    /**
     * @param objective the model and loss
     * @param directions how many directions each pass multiplies, at least 1
     */
    public LinearHessianProducts(LinearObjective objective, int directions) {
        if (directions < 1) {
            throw new IllegalArgumentException("directions must be >= 1, got " + directions);
        }
        if ((long) directions * objective.dimension() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(directions + " directions of " + objective.dimension()
                    + " parameters do not fit in one vector");
        }
        this.objective = objective;
        this.directions = directions;
    }

    /** The number of directions per pass. */
    public int directions() {
        return directions;
    }

    @Override
    public int dimension() {
        return directions * objective.dimension();
    }

    /** The pass's parameters: {@code point}, then each direction (all of the objective's dimension). */
    public static double[] pack(double[] point, double[][] directions) {
        int p = point.length;
        double[] packed = new double[(directions.length + 1) * p];
        System.arraycopy(point, 0, packed, 0, p);
        for (int t = 0; t < directions.length; t++) {
            if (directions[t].length != p) {
                throw new IllegalArgumentException("direction " + t + " has " + directions[t].length
                        + " components, the point " + p);
            }
            System.arraycopy(directions[t], 0, packed, (t + 1) * p, p);
        }
        return packed;
    }

    /** The summed vector cut into the products, one per direction. */
    public double[][] unpack(double[] sums) {
        int p = objective.dimension();
        double[][] out = new double[directions][];
        for (int t = 0; t < directions; t++) {
            out[t] = java.util.Arrays.copyOfRange(sums, t * p, (t + 1) * p);
        }
        return out;
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        int p = objective.dimension();
        if (parameters.length != (directions + 1) * p) {
            throw new IllegalArgumentException("expected a point and " + directions + " directions of " + p
                    + " components, got " + parameters.length + " numbers");
        }
        objective.checkWidth(block);
        int k = objective.outputs();
        int run = LinearObjective.RUN;
        double[] margins = new double[run * k];
        double[] directionMargins = new double[run * k];
        double[] products = new double[run * k];
        DenseBlock dense = block instanceof DenseBlock d ? d : null;
        double[] chunk = dense != null ? new double[dimension()] : null;
        LinearObjective.SparseScratch scratch = dense == null ? objective.sparseScratch() : null;
        double[] weights = objective.rowWeights(block);
        int n = block.rows();
        for (int r0 = 0; r0 < n; r0 += run) {
            int m = Math.min(run, n - r0);
            objective.pointMargins(block, r0, m, parameters, margins);
            LinearObjective.addWeights(weights, r0, m, sums);
            if (chunk != null) {
                java.util.Arrays.fill(chunk, 0.0);
            }
            for (int t = 0; t < directions; t++) {
                objective.runMargins(block, r0, m, parameters, (t + 1) * p, directionMargins);
                objective.loss().hessianTimes(block.labels(), weights, r0, m, margins, directionMargins,
                        products);
                if (dense != null) {
                    objective.denseRunProducts(dense, r0, m, products, chunk, t * p);
                } else {
                    objective.sparseRunProducts((SparseBlock) block, r0, m, products, t * p, scratch, sums);
                }
            }
            if (chunk != null) {
                sums.addAll(chunk);
            }
        }
        sums.endBlock();
    }
}
