package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.OutputLoss;

/**
 * A {@link LinearObjective}'s loss and gradient with the sums its Hessian's diagonal is made of, in one pass: what
 * the trust-region Newton method's diagonal preconditioner needs at each point it evaluates, without a pass of its
 * own.
 *
 * <p>With {@code C_i} row i's {@code K x K} curvature block ({@link OutputLoss#curvatures}) and {@code x_ij} its
 * feature values, the summed vector is the gradient ({@code P} components), then {@code A_kj = sum_i C_i[k][k]
 * x_ij^2} ({@code K d}), and with an intercept {@code B_kj = sum_i C_i[k][k] x_ij} ({@code K d}) and
 * {@code D_k = sum_i C_i[k][k]} ({@code K}). The diagonal of the Hessian is {@code A} for the weights and {@code D}
 * for the intercepts; the cross terms {@code B} let a caller map the diagonal through a centring (the diagonal of
 * {@code S^T H S} for {@code S e_kj = e_kj / s_j - (mu_j / s_j) e_bk} is {@code (A - 2 mu B + mu^2 D) / s^2}), which
 * the diagonal alone cannot. Dense blocks sum each run of {@value LinearObjective#RUN} rows in plain double in row
 * order and fold it into the exact sums, sparse ones add each nonzero's products straight in: either way the result
 * does not depend on the blocks' grouping or merge order. Loss, weight sum and row count are added as by the
 * gradient pass. Immutable.
 */
public final class LinearHessianDiagonal implements BlockReduction {
    private static final long serialVersionUID = 1L;

    private final LinearObjective objective;
    private final int parameters;
    private final int cells;

    /** @param objective the model and loss */
    public LinearHessianDiagonal(LinearObjective objective) {
        this.objective = objective;
        this.parameters = objective.dimension();
        this.cells = objective.outputs() * objective.numFeatures();
        if ((long) parameters + 2L * cells + objective.outputs() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the Hessian's diagonal of " + parameters + " parameters does not fit"
                    + " in one vector");
        }
    }

    @Override
    public int dimension() {
        return parameters + cells + (objective.hasIntercept() ? cells + objective.outputs() : 0);
    }

    /** The gradient of the summed loss, from the summed vector. */
    public double[] gradient(double[] sums) {
        return java.util.Arrays.copyOf(sums, parameters);
    }

    /** {@code A_kj} at {@code k d + j}: the summed curvature times the squared feature, from the summed vector. */
    public double[] squares(double[] sums) {
        return java.util.Arrays.copyOfRange(sums, parameters, parameters + cells);
    }

    /** {@code B_kj} at {@code k d + j} (zeros without an intercept), from the summed vector. */
    public double[] crossTerms(double[] sums) {
        return objective.hasIntercept() ? java.util.Arrays.copyOfRange(sums, parameters + cells,
                parameters + 2 * cells) : new double[cells];
    }

    /** {@code D_k}, the intercepts' diagonal (zeros without an intercept), from the summed vector. */
    public double[] interceptDiagonal(double[] sums) {
        return objective.hasIntercept() ? java.util.Arrays.copyOfRange(sums, parameters + 2 * cells,
                parameters + 2 * cells + objective.outputs()) : new double[objective.outputs()];
    }

    @Override
    public void accumulate(Block block, double[] p, PartialSums sums) {
        if (p.length != parameters) {
            throw new IllegalArgumentException("expected " + parameters + " parameters, got " + p.length);
        }
        objective.checkWidth(block);
        int k = objective.outputs();
        int run = LinearObjective.RUN;
        OutputLoss loss = objective.loss();
        double[] margins = new double[run * k];
        double[] derivatives = new double[run * k];
        double[] blocks = new double[run * k * k];
        DenseBlock dense = block instanceof DenseBlock d ? d : null;
        double[] chunk = dense != null ? new double[dimension()] : null;
        LinearObjective.SparseScratch scratch = dense == null ? objective.sparseScratch() : null;
        double[] weights = objective.rowWeights(block);
        int n = block.rows();
        for (int r0 = 0; r0 < n; r0 += run) {
            int m = Math.min(run, n - r0);
            objective.pointMargins(block, r0, m, p, margins);
            sums.addLoss(loss.evaluate(block.labels(), weights, r0, m, margins, derivatives));
            LinearObjective.addWeights(weights, r0, m, sums);
            loss.curvatures(block.labels(), weights, r0, m, margins, blocks);
            if (dense != null) {
                java.util.Arrays.fill(chunk, 0.0);
                objective.denseRunProducts(dense, r0, m, derivatives, chunk, 0);
                denseDiagonal(dense, r0, m, blocks, chunk);
                sums.addAll(chunk);
            } else {
                SparseBlock sparse = (SparseBlock) block;
                objective.sparseRunProducts(sparse, r0, m, derivatives, 0, scratch, sums);
                sparseDiagonal(sparse, r0, m, blocks, sums);
            }
        }
        sums.endBlock();
    }

    private void denseDiagonal(DenseBlock block, int r0, int m, double[] c, double[] chunk) {
        int k = objective.outputs();
        int nf = objective.numFeatures();
        int d = block.numFeatures();
        boolean intercept = objective.hasIntercept();
        double[] xd = block.values();
        float[] xf = block.floatValues();
        for (int i = 0; i < m; i++) {
            int base = (r0 + i) * d;
            for (int out = 0; out < k; out++) {
                double ci = c[i * k * k + out * k + out];
                if (ci == 0.0) {
                    continue;
                }
                int a = parameters + out * nf;
                for (int j = 0; j < d; j++) {
                    double x = xd != null ? xd[base + j] : xf[base + j];
                    double cx = ci * x;
                    chunk[a + j] += cx * x;
                    if (intercept) {
                        chunk[a + cells + j] += cx;
                    }
                }
                if (intercept) {
                    chunk[parameters + 2 * cells + out] += ci;
                }
            }
        }
    }

    private void sparseDiagonal(SparseBlock block, int r0, int m, double[] c, PartialSums sums) {
        int k = objective.outputs();
        int nf = objective.numFeatures();
        boolean intercept = objective.hasIntercept();
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            for (int out = 0; out < k; out++) {
                double ci = c[i * k * k + out * k + out];
                if (ci == 0.0) {
                    continue;
                }
                int a = parameters + out * nf;
                for (int q = start[row]; q < start[row + 1]; q++) {
                    double x = vd != null ? vd[q] : vf[q];
                    double cx = ci * x;
                    sums.add(a + col[q], cx * x);
                    if (intercept) {
                        sums.add(a + cells + col[q], cx);
                    }
                }
                if (intercept) {
                    sums.add(parameters + 2 * cells + out, ci);
                }
            }
        }
    }
}
