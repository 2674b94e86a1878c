package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.OutputLoss;

/**
 * A linear model under any {@link OutputLoss}: outputs {@code m_k = W_k . x + b_k} for {@code k < K}.
 *
 * <p>Parameter layout (one flat vector): the {@code K x d} weights row-major by output, then the {@code K}
 * intercepts when the model has them. Kernels work on runs of {@value #RUN} rows: margins for the run, the loss
 * and its derivatives, then the run's gradient in plain double while the run's features are still in cache, folded
 * into the block's compensated totals. Dot products and run gradients use {@link DenseKernels}: a fixed order, on the
 * Vector API when it is present, with the same bits either way.
 */
public final class LinearObjective implements BlockObjective {
    private static final long serialVersionUID = 1L;

    /** Rows per run: bounds the plain-double rounding error of a run to 63 ulps of its absolute sum. */
    public static final int RUN = 64;
    /** Sparse kernels sum runs in a dense plain-double scratch up to this model dimension (512 KiB of scratch). */
    static final int SPARSE_RUN_SCRATCH = 1 << 16;

    private final OutputLoss loss;
    private final int numFeatures;
    private final int outputs;
    private final boolean intercept;

    /**
     * @param loss the per-row loss; its output count is the model's
     * @param numFeatures d, at least 0
     * @param intercept whether the model has one intercept per output
     */
    public LinearObjective(OutputLoss loss, int numFeatures, boolean intercept) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        this.loss = loss;
        this.numFeatures = numFeatures;
        this.outputs = loss.outputs();
        this.intercept = intercept;
    }

    /** The loss. */
    public OutputLoss loss() {
        return loss;
    }

    /** d. */
    public int numFeatures() {
        return numFeatures;
    }

    /** Whether the model has intercepts. */
    public boolean hasIntercept() {
        return intercept;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int dimension() {
        return outputs * numFeatures + (intercept ? outputs : 0);
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        if (block.numFeatures() > numFeatures) {
            throw new IllegalArgumentException("block " + block.id() + " has " + block.numFeatures()
                    + " features, model has " + numFeatures);
        }
        if (block instanceof DenseBlock dense) {
            accumulateDense(dense, parameters, sums);
        } else {
            accumulateSparse((SparseBlock) block, parameters, sums);
        }
        sums.endBlock();
    }

    @Override
    public void margins(Block block, double[] parameters, double[] out) {
        int n = block.rows();
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            double[] run = new double[m * outputs];
            if (block instanceof DenseBlock dense) {
                denseMargins(dense, r0, m, parameters, run);
            } else {
                sparseMargins((SparseBlock) block, r0, m, parameters, run);
            }
            System.arraycopy(run, 0, out, r0 * outputs, m * outputs);
        }
    }

    private void addWeights(Block block, int r0, int m, PartialSums sums) {
        double[] w = block.weights();
        if (w == null) {
            sums.addWeight(m, m);
        } else {
            double s = 0;
            for (int i = r0; i < r0 + m; i++) {
                s += w[i];
            }
            sums.addWeight(s, m);
        }
    }

    private void accumulateDense(DenseBlock block, double[] p, PartialSums sums) {
        int n = block.rows();
        int d = block.numFeatures();
        int stride = numFeatures;
        double[] margins = new double[RUN * outputs];
        double[] derivatives = sums.wantsVector() ? new double[RUN * outputs] : null;
        double[] chunk = sums.wantsVector() ? new double[dimension()] : null;
        double[] xd = block.values();
        // Float storage: the kernels widen each float (exactly: every float is a double) as they load it, so both
        // halves of the kernel run on doubles and give the bits of double storage of those values.
        float[] xf = block.floatValues();
        int bOffset = outputs * stride;
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            int base = r0 * d;
            if (xf == null) {
                runMargins(xd, base, m, d, p, margins);
            } else {
                runMargins(xf, base, m, d, p, margins);
            }
            sums.addLoss(loss.evaluate(block.labels(), block.weights(), r0, m, margins, derivatives));
            addWeights(block, r0, m, sums);
            if (chunk == null) {
                continue;
            }
            java.util.Arrays.fill(chunk, 0.0);
            if (xf == null) {
                DenseKernels.runGradients(xd, base, m, d, derivatives, outputs, chunk, stride);
            } else {
                DenseKernels.runGradients(xf, base, m, d, derivatives, outputs, chunk, stride);
            }
            for (int k = 0; k < outputs && intercept; k++) {
                double b = 0;
                for (int i = 0; i < m; i++) {
                    b += derivatives[i * outputs + k];
                }
                chunk[bOffset + k] = b;
            }
            sums.addAll(chunk);
        }
    }

    private void denseMargins(DenseBlock block, int r0, int m, double[] p, double[] out) {
        int d = block.numFeatures();
        if (block.values() != null) {
            runMargins(block.values(), r0 * d, m, d, p, out);
        } else {
            runMargins(block.floatValues(), r0 * d, m, d, p, out);
        }
    }

    /** Margins of the {@code m} rows stored row-major from {@code x[base]}. */
    private void runMargins(double[] x, int base, int m, int d, double[] p, double[] out) {
        for (int i = 0; i < m; i++) {
            DenseKernels.dots(x, base + i * d, p, 0, numFeatures, d, outputs, out, i * outputs);
        }
        addIntercepts(m, p, out);
    }

    /** {@link #runMargins(double[], int, int, int, double[], double[])} on float features. */
    private void runMargins(float[] x, int base, int m, int d, double[] p, double[] out) {
        for (int i = 0; i < m; i++) {
            DenseKernels.dots(x, base + i * d, p, 0, numFeatures, d, outputs, out, i * outputs);
        }
        addIntercepts(m, p, out);
    }

    private void addIntercepts(int m, double[] p, double[] out) {
        if (intercept) {
            int bOffset = outputs * numFeatures;
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < outputs; k++) {
                    out[i * outputs + k] += p[bOffset + k];
                }
            }
        }
    }

    private void accumulateSparse(SparseBlock block, double[] p, PartialSums sums) {
        int n = block.rows();
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        double[] margins = new double[RUN * outputs];
        double[] derivatives = sums.wantsVector() ? new double[RUN * outputs] : null;
        int bOffset = outputs * numFeatures;
        // Narrow models sum each run's gradient in plain double, like the dense kernels, in a scratch as wide as the
        // model, and fold only the run's touched components into the partial sums: one addition there per touched
        // component and run instead of one per nonzero. Wide models, whose scratch would cost more to allocate than
        // the run's work, add every product to the partial sums (which, beyond PartialSums.DIRECT_LIMIT components,
        // keep exact running sums per task rather than per-block totals).
        double[] run = derivatives != null && dimension() <= SPARSE_RUN_SCRATCH ? new double[dimension()] : null;
        int[] touched = run != null ? new int[RUN] : null;
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            sparseMargins(block, r0, m, p, margins);
            sums.addLoss(loss.evaluate(block.labels(), block.weights(), r0, m, margins, derivatives));
            addWeights(block, r0, m, sums);
            if (derivatives == null) {
                continue;
            }
            if (run != null) {
                int most = (start[r0 + m] - start[r0] + (intercept ? m : 0)) * outputs;
                if (touched.length < most) {
                    touched = new int[most];
                }
                sparseRunGradient(block, r0, m, derivatives, run, touched, sums);
                continue;
            }
            for (int i = 0; i < m; i++) {
                int row = r0 + i;
                for (int k = 0; k < outputs; k++) {
                    double g = derivatives[i * outputs + k];
                    if (g == 0.0) {
                        continue;
                    }
                    int wo = k * numFeatures;
                    for (int q = start[row]; q < start[row + 1]; q++) {
                        double v = vd != null ? vd[q] : vf[q];
                        sums.add(wo + col[q], g * v);
                    }
                    if (intercept) {
                        sums.add(bOffset + k, g);
                    }
                }
            }
        }
    }

    /**
     * Sums the gradient of rows {@code r0 .. r0+m-1} in plain double into {@code run} (zero on entry and on return),
     * row by row and nonzero by nonzero, then adds each touched component's run sum to {@code sums}.
     *
     * @param touched room for every nonzero product of the run (with the intercepts')
     */
    private void sparseRunGradient(SparseBlock block, int r0, int m, double[] derivatives, double[] run,
                                   int[] touched, PartialSums sums) {
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int bOffset = outputs * numFeatures;
        int count = 0;
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            for (int k = 0; k < outputs; k++) {
                double g = derivatives[i * outputs + k];
                if (g == 0.0) {
                    continue;
                }
                int wo = k * numFeatures;
                for (int q = start[row]; q < start[row + 1]; q++) {
                    int j = wo + col[q];
                    double a = run[j];
                    if (a == 0.0) {
                        touched[count++] = j; // listed again if its sum came back to zero: folded once below
                    }
                    run[j] = a + g * (vd != null ? vd[q] : vf[q]);
                }
                if (intercept) {
                    int j = bOffset + k;
                    double a = run[j];
                    if (a == 0.0) {
                        touched[count++] = j;
                    }
                    run[j] = a + g;
                }
            }
        }
        for (int t = 0; t < count; t++) {
            int j = touched[t];
            double a = run[j];
            if (a != 0.0) {
                sums.add(j, a);
                run[j] = 0.0;
            }
        }
    }

    private void sparseMargins(SparseBlock block, int r0, int m, double[] p, double[] out) {
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int bOffset = outputs * numFeatures;
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            for (int k = 0; k < outputs; k++) {
                int wo = k * numFeatures;
                double s = 0;
                for (int q = start[row]; q < start[row + 1]; q++) {
                    s += (vd != null ? vd[q] : vf[q]) * p[wo + col[q]];
                }
                out[i * outputs + k] = intercept ? s + p[bOffset + k] : s;
            }
        }
    }
}
