package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.GlmFamily;
import dev.fullbatch.loss.OutputLoss;
import dev.fullbatch.math.SymmetricMatrix;

/**
 * The exact dense Hessian of a {@link LinearObjective}'s data term, with its loss and gradient, in one pass: for
 * small models ({@code P} parameters up to a few thousand), where Newton's method can solve with the whole matrix.
 *
 * <p>The summed vector is the gradient ({@code P} components), then the upper triangle of
 * {@code sum_i X_i^T H_i X_i} row by row ({@link SymmetricMatrix} packing, {@code P (P + 1) / 2} components), then,
 * for the {@link Curvature#EXPECTED expected} information only, Pearson's statistic ({@link GlmFamily}). {@code X_i}
 * maps parameters to row i's outputs (features, and 1 per intercept) and {@code H_i} is the row's weighted
 * {@code K x K} curvature block, so entry {@code (q, r)} is {@code sum_i C_i[k(q)][k(r)] z_i[q] z_i[r]} with
 * {@code k(q)} the output of parameter {@code q} and {@code z_i[q]} its feature value in row i (1 for an intercept).
 *
 * <p>Dense blocks: per run of {@value LinearObjective#RUN} rows, each entry summed in plain double over the run's
 * rows in order, the triangle swept in bands of rows small enough to stay in cache while the run's rows pass (the
 * band size changes no bit: every entry's sum keeps its row order), then folded into the exact sums with the
 * gradient. Sparse blocks: each row's products of nonzeros straight into the exact sums. Either way the result is
 * the correctly rounded exact sum of the per-row products, whatever the blocks, partitions or merge order. The
 * loss, weight sum and row count are added as by the gradient pass. Immutable.
 */
public final class LinearHessian implements BlockReduction {
    private static final long serialVersionUID = 1L;
    /** Triangle entries per cache band (256 KiB of doubles). */
    private static final int BAND_ENTRIES = 1 << 15;

    /** Which curvature the Hessian is built from. */
    public enum Curvature {
        /** The loss's own second derivatives ({@link OutputLoss#curvatures}): Newton's Hessian. */
        OBSERVED,
        /** The expected ones ({@link GlmFamily#fisherWeights}): the Fisher information of standard errors. */
        EXPECTED
    }

    private final LinearObjective objective;
    private final Curvature curvature;
    private final int parameters;
    private final int triangle;

    /**
     * @param objective the model and loss; for {@link Curvature#EXPECTED} a single-output loss that is a
     *     {@link GlmFamily}
     * @param curvature observed (optimization) or expected (statistics)
     */
    public LinearHessian(LinearObjective objective, Curvature curvature) {
        int p = objective.dimension();
        int t = SymmetricMatrix.packedLength(p);
        if (t < 0 || (long) t + p + 1 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a dense Hessian of " + p + " parameters does not fit in one vector");
        }
        if (curvature == Curvature.EXPECTED
                && (!(objective.loss() instanceof GlmFamily) || objective.outputs() != 1)) {
            throw new IllegalArgumentException("the expected information needs a single-output GLM family loss, not "
                    + objective.loss().getClass().getSimpleName());
        }
        this.objective = objective;
        this.curvature = java.util.Objects.requireNonNull(curvature, "curvature");
        this.parameters = p;
        this.triangle = t;
    }

    @Override
    public int dimension() {
        return parameters + triangle + (curvature == Curvature.EXPECTED ? 2 : 0);
    }

    /** The gradient of the summed loss, from the summed vector. */
    public double[] gradient(double[] sums) {
        return java.util.Arrays.copyOf(sums, parameters);
    }

    /** The Hessian of the summed loss, from the summed vector. */
    public SymmetricMatrix hessian(double[] sums) {
        return new SymmetricMatrix(parameters, java.util.Arrays.copyOfRange(sums, parameters, parameters + triangle));
    }

    /** Pearson's statistic, from the summed vector of an {@link Curvature#EXPECTED} pass. */
    public double pearsonChiSquare(double[] sums) {
        if (curvature != Curvature.EXPECTED) {
            throw new IllegalStateException("only the expected-information pass sums Pearson's statistic");
        }
        return sums[parameters + triangle];
    }

    /**
     * The rows of positive weight, from the summed vector of an {@link Curvature#EXPECTED} pass: R's {@code n} of the
     * residual degrees of freedom, which leaves out rows of weight 0 (they carry no information). Exact: a sum of
     * ones.
     */
    public long positiveWeightRows(double[] sums) {
        if (curvature != Curvature.EXPECTED) {
            throw new IllegalStateException("only the expected-information pass counts the rows of positive weight");
        }
        return (long) sums[parameters + triangle + 1];
    }

    /** The rows {@code from .. from + m - 1} of positive weight ({@code weights} null: all weigh 1). */
    private static double positiveRows(double[] weights, int from, int m) {
        if (weights == null) {
            return m;
        }
        int count = 0;
        for (int i = from; i < from + m; i++) {
            if (weights[i] > 0) {
                count++;
            }
        }
        return count;
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
        GlmFamily family = curvature == Curvature.EXPECTED ? (GlmFamily) loss : null;
        double[] margins = new double[run * k];
        double[] derivatives = new double[run * k];
        double[] blocks = new double[run * k * k];
        DenseBlock dense = block instanceof DenseBlock d ? d : null;
        double[] chunk = dense != null ? new double[dimension()] : null;
        double[][] z = dense != null ? new double[run][parameters] : null;
        LinearObjective.SparseScratch scratch = dense == null ? objective.sparseScratch() : null;
        double[] weights = objective.rowWeights(block);
        int n = block.rows();
        for (int r0 = 0; r0 < n; r0 += run) {
            int m = Math.min(run, n - r0);
            objective.pointMargins(block, r0, m, p, margins);
            sums.addLoss(loss.evaluate(block.labels(), weights, r0, m, margins, derivatives));
            LinearObjective.addWeights(weights, r0, m, sums);
            if (family != null) {
                family.fisherWeights(block.labels(), weights, r0, m, margins, blocks);
            } else {
                loss.curvatures(block.labels(), weights, r0, m, margins, blocks);
            }
            double pearson = family != null
                    ? family.pearsonChiSquare(block.labels(), weights, r0, m, margins) : 0.0;
            if (dense != null) {
                java.util.Arrays.fill(chunk, 0.0);
                objective.denseRunProducts(dense, r0, m, derivatives, chunk, 0);
                runTriangle(dense, r0, m, blocks, z, chunk);
                if (family != null) {
                    chunk[parameters + triangle] = pearson;
                    chunk[parameters + triangle + 1] = positiveRows(weights, r0, m);
                }
                sums.addAll(chunk);
            } else {
                SparseBlock sparse = (SparseBlock) block;
                objective.sparseRunProducts(sparse, r0, m, derivatives, 0, scratch, sums);
                sparseTriangle(sparse, r0, m, blocks, sums);
                if (family != null) {
                    sums.add(parameters + triangle, pearson);
                    sums.add(parameters + triangle + 1, positiveRows(weights, r0, m));
                }
            }
        }
        sums.endBlock();
    }

    /** The output of parameter q. */
    private int outputOf(int q) {
        int weights = objective.outputs() * objective.numFeatures();
        return q < weights ? q / objective.numFeatures() : q - weights;
    }

    /** The run's triangle in plain double into {@code chunk[P ..]}, band by band of triangle rows. */
    private void runTriangle(DenseBlock block, int r0, int m, double[] c, double[][] z, double[] chunk) {
        int k = objective.outputs();
        int nf = objective.numFeatures();
        int d = block.numFeatures();
        int weights = k * nf;
        double[] xd = block.values();
        float[] xf = block.floatValues();
        for (int i = 0; i < m; i++) {
            double[] zi = z[i];
            int base = (r0 + i) * d;
            for (int out = 0; out < k; out++) {
                for (int j = 0; j < d; j++) {
                    zi[out * nf + j] = xd != null ? xd[base + j] : xf[base + j];
                }
            }
            if (objective.hasIntercept()) {
                for (int out = 0; out < k; out++) {
                    zi[weights + out] = 1.0;
                }
            }
        }
        int q0 = 0;
        while (q0 < parameters) {
            // A band of triangle rows q0 .. q1-1 of about BAND_ENTRIES entries: it stays in cache while every row of
            // the run adds to it.
            int q1 = q0;
            long entries = 0;
            while (q1 < parameters && (q1 == q0 || entries + (parameters - q1) <= BAND_ENTRIES)) {
                entries += parameters - q1;
                q1++;
            }
            for (int i = 0; i < m; i++) {
                double[] zi = z[i];
                int cBase = i * k * k;
                for (int q = q0; q < q1; q++) {
                    double zq = zi[q];
                    if (zq == 0.0) {
                        continue;
                    }
                    int kq = outputOf(q);
                    int row = parameters + SymmetricMatrix.packedIndex(parameters, q, q) - q;
                    for (int l = 0; l < k; l++) {
                        double coefficient = c[cBase + kq * k + l];
                        if (coefficient == 0.0) {
                            continue;
                        }
                        double a = coefficient * zq;
                        int from = Math.max(q, l * nf);
                        int to = l * nf + d;
                        for (int r = from; r < to; r++) {
                            chunk[row + r] += a * zi[r];
                        }
                        int b = weights + l;
                        if (objective.hasIntercept() && b >= q) {
                            chunk[row + b] += a * zi[b];
                        }
                    }
                }
            }
            q0 = q1;
        }
    }

    /** Each row's products of nonzeros (in parameter order, so pairs come upper-triangle first) into the sums. */
    private void sparseTriangle(SparseBlock block, int r0, int m, double[] c, PartialSums sums) {
        int k = objective.outputs();
        int nf = objective.numFeatures();
        int weights = k * nf;
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int most = 0;
        for (int i = 0; i < m; i++) {
            most = Math.max(most, start[r0 + i + 1] - start[r0 + i]);
        }
        int slots = (most + 1) * k;
        int[] index = new int[slots];
        int[] output = new int[slots];
        double[] value = new double[slots];
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            int count = 0;
            for (int out = 0; out < k; out++) {
                for (int q = start[row]; q < start[row + 1]; q++) {
                    index[count] = out * nf + col[q];
                    output[count] = out;
                    value[count++] = vd != null ? vd[q] : vf[q];
                }
            }
            if (objective.hasIntercept()) {
                for (int out = 0; out < k; out++) {
                    index[count] = weights + out;
                    output[count] = out;
                    value[count++] = 1.0;
                }
            }
            int cBase = i * k * k;
            for (int s = 0; s < count; s++) {
                double zq = value[s];
                if (zq == 0.0) {
                    continue;
                }
                int q = index[s];
                int row0 = parameters + SymmetricMatrix.packedIndex(parameters, q, q) - q;
                for (int t = s; t < count; t++) {
                    double coefficient = c[cBase + output[s] * k + output[t]];
                    double product = coefficient * zq * value[t];
                    if (product != 0.0) {
                        sums.add(row0 + index[t], product);
                    }
                }
            }
        }
    }
}
