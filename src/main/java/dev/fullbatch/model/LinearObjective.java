package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.ClassWeights;
import dev.fullbatch.data.ColumnWindows;
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
 *
 * <p>A block's offsets, when it has them, are added to every output of their row after the intercepts
 * ({@code m_k = (W_k . x + b_k) + o}), at the point where the loss is taken ({@link #pointMargins}): in the loss,
 * the gradient, the curvatures and {@link #margins} alike, so metrics and predictions see them too; a parameter
 * direction's margins ({@link #runMargins}) have none, the model being affine. Each row weighs its instance weight
 * times, with {@link ClassWeights}, its class's weight ({@link #rowWeights}), in the loss and the weight sum alike;
 * the blocks stay as they were cached. Blocks without weights or offsets, with no class weights, give exactly the
 * bits they gave before either existed.
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
    private final ClassWeights classWeights;

    /**
     * @param loss the per-row loss; its output count is the model's
     * @param numFeatures d, at least 0
     * @param intercept whether the model has one intercept per output
     */
    public LinearObjective(OutputLoss loss, int numFeatures, boolean intercept) {
        this(loss, numFeatures, intercept, null);
    }

    /**
     * @param loss the per-row loss; its output count is the model's
     * @param numFeatures d, at least 0
     * @param intercept whether the model has one intercept per output
     * @param classWeights multipliers of each row's weight by its class, or null for none
     */
    public LinearObjective(OutputLoss loss, int numFeatures, boolean intercept, ClassWeights classWeights) {
        if (numFeatures < 0) {
            throw new IllegalArgumentException("numFeatures must be >= 0, got " + numFeatures);
        }
        this.loss = loss;
        this.numFeatures = numFeatures;
        this.outputs = loss.outputs();
        this.intercept = intercept;
        this.classWeights = classWeights;
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

    /** The class weights, or null for none. */
    public ClassWeights classWeights() {
        return classWeights;
    }

    @Override
    public int outputs() {
        return outputs;
    }

    @Override
    public int dimension() {
        return outputs * numFeatures + (intercept ? outputs : 0);
    }

    /** Refuses a block wider than the model: every pass over this model's blocks (gradient, Hessian) checks it. */
    void checkWidth(Block block) {
        if (block.numFeatures() > numFeatures) {
            throw new IllegalArgumentException("block " + block.id() + " has " + block.numFeatures()
                    + " features, model has " + numFeatures);
        }
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        checkWidth(block);
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
            pointMargins(block, r0, m, parameters, run);
            System.arraycopy(run, 0, out, r0 * outputs, m * outputs);
        }
    }

    /**
     * The outputs of rows {@code r0 .. r0+m-1} at parameters {@code p} (from index 0) with the rows' offsets added:
     * the margins the loss is taken at.
     */
    void pointMargins(Block block, int r0, int m, double[] p, double[] out) {
        runMargins(block, r0, m, p, 0, out);
        addOffsets(block.offsets(), r0, m, outputs, out);
    }

    /** Adds rows {@code r0 .. r0+m-1}'s offsets to each of their {@code k} margins (nothing when null). */
    static void addOffsets(double[] offsets, int r0, int m, int k, double[] margins) {
        if (offsets == null) {
            return;
        }
        for (int i = 0; i < m; i++) {
            double o = offsets[r0 + i];
            for (int c = 0; c < k; c++) {
                margins[i * k + c] += o;
            }
        }
    }

    /** The weight of each row of {@code block} in the objective, null for all 1 (instance times class weight). */
    double[] rowWeights(Block block) {
        return rowWeights(block, classWeights);
    }

    /** The block's own weights (null for all 1), times the class weights if any, as a new array then. */
    static double[] rowWeights(Block block, ClassWeights classWeights) {
        return classWeights == null ? block.weights() : classWeights.rowWeights(block.labels(), block.weights());
    }

    /**
     * Adds the weight sum of rows {@code r0 .. r0+m-1} and counts them (every row weighs 1 when {@code w} is null).
     */
    static void addWeights(double[] w, int r0, int m, PartialSums sums) {
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
        double[] margins = new double[RUN * outputs];
        double[] derivatives = sums.wantsVector() ? new double[RUN * outputs] : null;
        double[] chunk = sums.wantsVector() ? new double[dimension()] : null;
        double[] weights = rowWeights(block);
        // Float storage: the kernels widen each float (exactly: every float is a double) as they load it, so both
        // halves of the kernel run on doubles and give the bits of double storage of those values.
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            pointMargins(block, r0, m, p, margins);
            sums.addLoss(loss.evaluate(block.labels(), weights, r0, m, margins, derivatives));
            addWeights(weights, r0, m, sums);
            if (chunk == null) {
                continue;
            }
            java.util.Arrays.fill(chunk, 0.0);
            denseRunProducts(block, r0, m, derivatives, chunk, 0);
            sums.addAll(chunk);
        }
    }

    /**
     * The outputs of rows {@code r0 .. r0+m-1} under the parameters stored at {@code p[offset ..
     * offset+dimension()-1]}, {@link #outputs()} per row into {@code out} from index 0. Linear in the parameters, so
     * a parameter direction's "margins" come from the same kernel (Hessian-vector products).
     */
    void runMargins(Block block, int r0, int m, double[] p, int offset, double[] out) {
        if (block instanceof DenseBlock dense) {
            int d = dense.numFeatures();
            if (dense.values() != null) {
                runMargins(dense.values(), r0 * d, m, d, p, offset, out);
            } else {
                runMargins(dense.floatValues(), r0 * d, m, d, p, offset, out);
            }
        } else {
            sparseMargins((SparseBlock) block, r0, m, p, offset, out);
        }
    }

    /** Margins of the {@code m} rows stored row-major from {@code x[base]}. */
    private void runMargins(double[] x, int base, int m, int d, double[] p, int offset, double[] out) {
        for (int i = 0; i < m; i++) {
            DenseKernels.dots(x, base + i * d, p, offset, numFeatures, d, outputs, out, i * outputs);
        }
        addIntercepts(m, p, offset, out);
    }

    /** {@link #runMargins(double[], int, int, int, double[], int, double[])} on float features. */
    private void runMargins(float[] x, int base, int m, int d, double[] p, int offset, double[] out) {
        for (int i = 0; i < m; i++) {
            DenseKernels.dots(x, base + i * d, p, offset, numFeatures, d, outputs, out, i * outputs);
        }
        addIntercepts(m, p, offset, out);
    }

    private void addIntercepts(int m, double[] p, int offset, double[] out) {
        if (intercept) {
            int bOffset = offset + outputs * numFeatures;
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < outputs; k++) {
                    out[i * outputs + k] += p[bOffset + k];
                }
            }
        }
    }

    /**
     * The dense kernels' run sum {@code sum_i g[i*K + k] x_i} (and {@code sum_i g[i*K + k]} for the intercepts)
     * into {@code chunk[offset .. offset+dimension()-1]}, rows in order: the run gradient when {@code g} holds the
     * loss derivatives. The columns the block does not have are left as they are (zero in a fresh chunk).
     */
    void denseRunProducts(DenseBlock block, int r0, int m, double[] g, double[] chunk, int offset) {
        int d = block.numFeatures();
        int base = r0 * d;
        int stride = numFeatures;
        if (offset != 0) {
            // The kernels write from index 0 of their output; another slot of a wider chunk takes a copy.
            double[] own = new double[dimension()];
            denseRunProducts(block, r0, m, g, own, 0);
            System.arraycopy(own, 0, chunk, offset, own.length);
            return;
        }
        if (block.values() != null) {
            DenseKernels.runGradients(block.values(), base, m, d, g, outputs, chunk, stride);
        } else {
            DenseKernels.runGradients(block.floatValues(), base, m, d, g, outputs, chunk, stride);
        }
        int bOffset = outputs * stride;
        for (int k = 0; k < outputs && intercept; k++) {
            double b = 0;
            for (int i = 0; i < m; i++) {
                b += g[i * outputs + k];
            }
            chunk[bOffset + k] = b;
        }
    }

    private void accumulateSparse(SparseBlock block, double[] p, PartialSums sums) {
        int n = block.rows();
        double[] margins = new double[RUN * outputs];
        double[] derivatives = sums.wantsVector() ? new double[RUN * outputs] : null;
        ColumnWindows windows = derivatives != null ? windowedProducts(block, sums) : null;
        // Windowed: the whole block's derivatives first, then its products in the order the block keeps them.
        double[] blockDerivatives = windows != null ? new double[n * outputs] : null;
        SparseScratch scratch = derivatives != null && windows == null ? sparseScratch() : null;
        double[] weights = rowWeights(block);
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            pointMargins(block, r0, m, p, margins);
            sums.addLoss(loss.evaluate(block.labels(), weights, r0, m, margins, derivatives));
            addWeights(weights, r0, m, sums);
            if (blockDerivatives != null) {
                System.arraycopy(derivatives, 0, blockDerivatives, r0 * outputs, m * outputs);
            } else if (derivatives != null) {
                sparseRunProducts(block, r0, m, derivatives, 0, scratch, sums);
            }
        }
        if (blockDerivatives != null) {
            sparseBlockProducts(block, windows, blockDerivatives, 0, sums);
        }
    }

    /**
     * {@code block}'s nonzeros ordered by column window when its products should reach {@code sums} that way (a
     * model too wide for the run scratch, whose sums keep exact running sums), else null (then
     * {@link #sparseRunProducts}, run by run).
     */
    ColumnWindows windowedProducts(SparseBlock block, PartialSums sums) {
        if (dimension() <= SPARSE_RUN_SCRATCH || !sums.takesWindowedProducts()) {
            return null;
        }
        return block.columnWindows(RunningSums.WINDOW_SHIFT);
    }

    /**
     * Adds the whole block's {@code sum_i g[i*K + k] x_i} (and {@code sum_i g[i*K + k]} for the intercepts) to
     * {@code sums} at components {@code offset .. offset+dimension()-1}: the same values {@link #sparseRunProducts}
     * adds run by run, handed to the running sums by window (exact sums: the order does not change the bits).
     *
     * @param windows the block's nonzeros by window, from {@link #windowedProducts}
     * @param g the derivatives of all the block's rows, {@code K} per row; handed over (kept until the sums run)
     */
    void sparseBlockProducts(SparseBlock block, ColumnWindows windows, double[] g, int offset, PartialSums sums) {
        for (int k = 0; k < outputs; k++) {
            sums.addWindowedProducts(windows, g, outputs, k, offset + k * numFeatures);
        }
        if (!intercept) {
            return;
        }
        int bOffset = offset + outputs * numFeatures;
        for (int i = 0; i < block.rows(); i++) {
            for (int k = 0; k < outputs; k++) {
                double gi = g[i * outputs + k];
                if (gi != 0.0) {
                    sums.add(bOffset + k, gi);
                }
            }
        }
    }

    /**
     * A task's scratch for {@link #sparseRunProducts}: narrow models sum each run in plain double, like the dense
     * kernels, in a scratch as wide as the model, and fold only the run's touched components into the partial sums
     * (one addition there per touched component and run instead of one per nonzero). Wide models, whose scratch
     * would cost more to allocate than the run's work, have none and add every product to the partial sums (which,
     * beyond PartialSums.DIRECT_LIMIT components, keep exact running sums per task rather than per-block totals).
     */
    static final class SparseScratch {
        final double[] run;
        int[] touched;

        SparseScratch(int dimension) {
            run = dimension <= SPARSE_RUN_SCRATCH ? new double[dimension] : null;
            touched = run != null ? new int[RUN] : null;
        }
    }

    SparseScratch sparseScratch() {
        return new SparseScratch(dimension());
    }

    /**
     * Adds {@code sum_i g[i*K + k] x_i} (and {@code sum_i g[i*K + k]} for the intercepts) over rows
     * {@code r0 .. r0+m-1} to {@code sums} at components {@code offset .. offset+dimension()-1}: the run's gradient
     * when {@code g} holds the loss derivatives.
     */
    void sparseRunProducts(SparseBlock block, int r0, int m, double[] g, int offset, SparseScratch scratch,
                           PartialSums sums) {
        int[] start = block.rowStart();
        if (scratch.run != null) {
            int most = (start[r0 + m] - start[r0] + (intercept ? m : 0)) * outputs;
            if (scratch.touched.length < most) {
                scratch.touched = new int[most];
            }
            sparseRunGradient(block, r0, m, g, offset, scratch.run, scratch.touched, sums);
            return;
        }
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int bOffset = offset + outputs * numFeatures;
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            for (int k = 0; k < outputs; k++) {
                double gi = g[i * outputs + k];
                if (gi == 0.0) {
                    continue;
                }
                int wo = offset + k * numFeatures;
                if (vd != null) {
                    sums.addProducts(wo, col, vd, start[row], start[row + 1], gi);
                } else {
                    sums.addProducts(wo, col, vf, start[row], start[row + 1], gi);
                }
                if (intercept) {
                    sums.add(bOffset + k, gi);
                }
            }
        }
    }

    /**
     * Sums the products of rows {@code r0 .. r0+m-1} in plain double into {@code run} (zero on entry and on return),
     * row by row and nonzero by nonzero, then adds each touched component's run sum to {@code sums} at
     * {@code offset} on.
     *
     * @param touched room for every nonzero product of the run (with the intercepts')
     */
    private void sparseRunGradient(SparseBlock block, int r0, int m, double[] derivatives, int offset, double[] run,
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
                sums.add(offset + j, a);
                run[j] = 0.0;
            }
        }
    }

    private void sparseMargins(SparseBlock block, int r0, int m, double[] p, int offset, double[] out) {
        int[] start = block.rowStart();
        int[] col = block.columns();
        double[] vd = block.values();
        float[] vf = block.floatValues();
        int bOffset = offset + outputs * numFeatures;
        if (outputs == 1) {
            if (vd != null) {
                SparseDots.rows(start, col, vd, r0, m, p, offset, out);
            } else {
                SparseDots.rows(start, col, vf, r0, m, p, offset, out);
            }
            for (int i = 0; intercept && i < m; i++) {
                out[i] += p[bOffset];
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = r0 + i;
            for (int k = 0; k < outputs; k++) {
                int wo = offset + k * numFeatures;
                double s = 0;
                for (int q = start[row]; q < start[row + 1]; q++) {
                    s += (vd != null ? vd[q] : vf[q]) * p[wo + col[q]];
                }
                out[i * outputs + k] = intercept ? s + p[bOffset + k] : s;
            }
        }
    }
}
