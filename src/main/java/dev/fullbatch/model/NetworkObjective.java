package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.ClassWeights;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.OutputLoss;
import java.util.Arrays;

/**
 * A fully connected network ({@link NetworkShape}) under any {@link OutputLoss}: the loss reads the output layer's
 * affine outputs as its margins, so softmax, logistic, squared-hinge, least-squares and huber all serve as output
 * layers.
 *
 * <p>The gradient is exact backpropagation over runs of {@value #RUN} rows at once, as matrix products on the whole
 * run: forward {@code Z_l = A_l W_l^T + 1 b_l^T}, backward {@code G_l += D_l^T A_l}, {@code g_l += D_l^T 1} and
 * {@code D_{l-1} = (D_l W_l) * act'(A_l)}. Every product runs on {@link NetworkKernels} (register-blocked, on the
 * Vector API where present, with the bits of plain loops) in one fixed order: each output element sums its terms in
 * ascending index order onto the bias (or zero), and each gradient element sums the rows in row order. The gradient
 * of {@value #FOLD_RUNS} consecutive runs, in plain double, is then folded into the block's compensated totals like
 * {@link LinearObjective}'s, so the result is a function of the block alone. Dense inputs and hidden activations are
 * multiplied whole (a zero term leaves a sum unchanged, except that it may turn a {@code -0.0} into {@code +0.0}).
 * Sparse inputs are read as they are stored (only their nonzeros are multiplied, by {@link RowCombination}), and
 * only the first-layer columns the rows touched are folded when that is cheaper than folding everything. Offsets and
 * class weights enter as in {@link LinearObjective}: an offset is added to every output of its row.
 */
public final class NetworkObjective implements BlockObjective {
    private static final long serialVersionUID = 1L;

    /** Rows per run, as in {@link LinearObjective#RUN}. */
    public static final int RUN = LinearObjective.RUN;

    /**
     * Runs whose gradients are summed in plain double before each fold into the block's compensated totals: each
     * gradient element is then a plain sum of at most {@value #FOLD_RUNS} x {@value #RUN} = 256 row terms in row
     * order, whose rounding error is below 256 ulps of its absolute sum (under 3e-14 of it, the products' own
     * roundings included); the fold, a compensated add of every parameter, is paid once per 256 rows.
     */
    static final int FOLD_RUNS = 4;

    private final OutputLoss loss;
    private final NetworkShape shape;
    private final ClassWeights classWeights;

    /**
     * @param loss the per-row loss on the output layer; its output count must be the shape's
     * @param shape the architecture
     */
    public NetworkObjective(OutputLoss loss, NetworkShape shape) {
        this(loss, shape, null);
    }

    /**
     * @param loss the per-row loss on the output layer; its output count must be the shape's
     * @param shape the architecture
     * @param classWeights multipliers of each row's weight by its class, or null for none
     */
    public NetworkObjective(OutputLoss loss, NetworkShape shape, ClassWeights classWeights) {
        if (loss.outputs() != shape.outputs()) {
            throw new IllegalArgumentException("the loss reads " + loss.outputs() + " outputs, the network has "
                    + shape.outputs());
        }
        this.loss = loss;
        this.shape = shape;
        this.classWeights = classWeights;
    }

    /** The loss. */
    public OutputLoss loss() {
        return loss;
    }

    /** The architecture. */
    public NetworkShape shape() {
        return shape;
    }

    @Override
    public int outputs() {
        return shape.outputs();
    }

    @Override
    public int dimension() {
        return shape.dimension();
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        checkWidth(block);
        Pass pass = new Pass(shape, block, parameters, sums.wantsVector());
        int n = block.rows();
        double[] derivatives = sums.wantsVector() ? pass.derivatives : null;
        double[] weights = LinearObjective.rowWeights(block, classWeights);
        double[] offsets = block.offsets();
        for (int r0 = 0, runs = 1; r0 < n; r0 += RUN, runs++) {
            int m = Math.min(RUN, n - r0);
            pass.forward(r0, m);
            // the output layer is affine and the offset a constant, so the loss's derivatives are the output layer's
            LinearObjective.addOffsets(offsets, r0, m, shape.outputs(), pass.margins);
            sums.addLoss(loss.evaluate(block.labels(), weights, r0, m, pass.margins, derivatives));
            LinearObjective.addWeights(weights, r0, m, sums);
            if (derivatives != null) {
                pass.backward(r0, m);
                if (runs % FOLD_RUNS == 0 || r0 + m == n) {
                    pass.fold(sums);
                }
            }
        }
        sums.endBlock();
    }

    @Override
    public void margins(Block block, double[] parameters, double[] out) {
        checkWidth(block);
        Pass pass = new Pass(shape, block, parameters, false);
        int k = shape.outputs();
        int n = block.rows();
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            pass.forward(r0, m);
            LinearObjective.addOffsets(block.offsets(), r0, m, k, pass.margins);
            System.arraycopy(pass.margins, 0, out, r0 * k, m * k);
        }
    }

    private void checkWidth(Block block) {
        if (block.numFeatures() > shape.numFeatures()) {
            throw new IllegalArgumentException("block " + block.id() + " has " + block.numFeatures()
                    + " features, the network has " + shape.numFeatures() + " inputs");
        }
    }

    /**
     * The scratch of one block's pass. Every matrix is one flat row-major array (see {@link NetworkKernels}): the
     * weights as given ({@code out x in}, read from the parameters) and transposed ({@code in x out}), the run's
     * activations and deltas ({@code RUN x width}), and the run's gradient per layer, {@code out x in} or transposed
     * (whichever puts more of the kernel's columns in full vectors), plus biases.
     */
    private static final class Pass {
        private final Activation activation;
        private final int last;
        private final int[] in;
        private final int[] out;
        private final int[] weightAt;
        private final int[] biasAt;
        private final double[] parameters;
        private final double[][] bias;
        /** Layer l's weights transposed, {@code in x out}. */
        private final double[][] transposed;
        /** Layer l's outputs for the run: activations, and the margins for the last layer. */
        private final double[][] units;
        /** The last layer's outputs laid out for the loss, {@code K} per row (the last layer's units). */
        final double[] margins;
        /** d loss / d margin as the loss writes it, {@code K} per row; null in forward-only passes. */
        final double[] derivatives;
        /** d loss / d pre-activation of layer l for the run; null in forward-only passes. */
        private final double[][] delta;
        private final double[][] weightGradient;
        /** Whether layer l's run gradient is kept transposed, {@code in x out}. */
        private final boolean[] byInput;
        /**
         * Sparse inputs: the first layer's run gradient by input column ({@code in x out}), so that each stored
         * value updates one contiguous row (vectorized) instead of scattering across the units' rows.
         */
        private final double[][] columnGradient;
        private final double[][] biasGradient;
        /** The run's gradient in the flat parameter layout, for folding. */
        private final double[] run;
        /** The activation's scratch, one run of the widest hidden layer. */
        private final double[] scratch;

        private final int rowWidth;
        /** Dense float storage: the run's input rows widened to doubles. */
        private final double[] widened;
        private final double[] denseValues;
        private final float[] denseFloats;
        /** The dense run's input rows: {@code inputs[inputsAt + i * rowWidth + j]}. */
        private double[] inputs;
        private int inputsAt;
        private final boolean sparse;
        /** Sparse inputs: the first layer's weights transposed as rows, one per input, for {@link RowCombination}. */
        private final double[][] transposedRows;
        /** Sparse inputs: one row of the first layer's outputs or deltas. */
        private final double[] unitRow;
        /** A sparse row's coefficients and columns. */
        private final double[] coefficients;
        private final int[] picked;
        private final double[] sparseValues;
        private final float[] sparseFloats;
        private final int[] rowStart;
        private final int[] columns;
        private final int[] touched;
        private final boolean[] marked;
        private int touchedCount;

        Pass(NetworkShape shape, Block block, double[] p, boolean gradient) {
            this.activation = shape.activation();
            this.parameters = p;
            int layers = shape.layers();
            this.last = layers - 1;
            in = new int[layers];
            out = new int[layers];
            weightAt = new int[layers];
            biasAt = new int[layers];
            bias = new double[layers][];
            transposed = new double[layers][];
            units = new double[layers][];
            delta = gradient ? new double[layers][] : null;
            weightGradient = gradient ? new double[layers][] : null;
            biasGradient = gradient ? new double[layers][] : null;
            byInput = new boolean[layers];
            for (int l = 0; l < layers; l++) {
                int n = shape.inputs(l);
                int k = shape.outputs(l);
                in[l] = n;
                out[l] = k;
                weightAt[l] = shape.weightOffset(l);
                biasAt[l] = shape.biasOffset(l);
                bias[l] = Arrays.copyOfRange(p, biasAt[l], biasAt[l] + k);
                transposed[l] = new double[n * k];
                for (int o = 0; o < k; o++) {
                    for (int j = 0; j < n; j++) {
                        transposed[l][j * k + o] = p[weightAt[l] + o * n + j];
                    }
                }
                units[l] = new double[RUN * k];
                // The gradient kernel's columns are the units (transposed) or the inputs: the fuller vectors win.
                byInput[l] = (long) (k - k % 4) * n >= (long) (n - n % 4) * k;
                if (gradient) {
                    delta[l] = new double[RUN * k];
                    boolean byColumn = l == 0 && !(block instanceof DenseBlock);
                    weightGradient[l] = byColumn ? null : new double[n * k];
                    biasGradient[l] = new double[k];
                }
            }
            columnGradient = gradient && !(block instanceof DenseBlock) ? new double[in[0]][out[0]] : null;
            margins = units[last];
            derivatives = gradient ? delta[last] : null;
            run = gradient ? new double[shape.dimension()] : null;
            int widest = 0;
            for (int l = 0; l < last; l++) {
                widest = Math.max(widest, out[l]);
            }
            scratch = new double[RUN * widest];
            rowWidth = block.numFeatures();
            if (block instanceof DenseBlock dense) {
                sparse = false;
                denseValues = dense.values();
                denseFloats = dense.floatValues();
                widened = denseValues == null ? new double[RUN * rowWidth] : null;
                transposedRows = null;
                unitRow = null;
                coefficients = null;
                picked = null;
                sparseValues = null;
                sparseFloats = null;
                rowStart = null;
                columns = null;
                touched = null;
                marked = null;
            } else {
                SparseBlock s = (SparseBlock) block;
                sparse = true;
                denseValues = null;
                denseFloats = null;
                widened = null;
                int k = out[0];
                transposedRows = new double[in[0]][];
                for (int j = 0; j < in[0]; j++) {
                    transposedRows[j] = Arrays.copyOfRange(transposed[0], j * k, (j + 1) * k);
                }
                unitRow = new double[k];
                coefficients = new double[in[0]];
                picked = new int[in[0]];
                sparseValues = s.values();
                sparseFloats = s.floatValues();
                rowStart = s.rowStart();
                columns = s.columns();
                touched = gradient ? new int[Math.min(in[0], FOLD_RUNS * RUN * 64)] : null;
                marked = gradient ? new boolean[in[0]] : null;
            }
        }

        /** Fills {@code units} and {@code margins} for rows {@code r0 .. r0+m-1}. */
        void forward(int r0, int m) {
            int width = out[0];
            double[] z = units[0];
            if (sparse) {
                for (int i = 0; i < m; i++) {
                    int row = r0 + i;
                    int count = 0;
                    for (int q = rowStart[row]; q < rowStart[row + 1]; q++) {
                        coefficients[count] = sparseValues != null ? sparseValues[q] : sparseFloats[q];
                        picked[count++] = columns[q];
                    }
                    System.arraycopy(bias[0], 0, unitRow, 0, width);
                    RowCombination.add(unitRow, width, coefficients, transposedRows, picked, count);
                    System.arraycopy(unitRow, 0, z, i * width, width);
                }
            } else {
                if (denseValues != null) {
                    inputs = denseValues;
                    inputsAt = r0 * rowWidth;
                } else {
                    int from = r0 * rowWidth;
                    for (int q = 0; q < m * rowWidth; q++) {
                        widened[q] = denseFloats[from + q];
                    }
                    inputs = widened;
                    inputsAt = 0;
                }
                fillBias(z, bias[0], m);
                NetworkKernels.multiplyAdd(inputs, inputsAt, rowWidth, 1, transposed[0], 0, width, z, 0, width, m,
                        width, rowWidth);
            }
            for (int l = 1; l <= last; l++) {
                int n = in[l];
                width = out[l];
                activation.applyInPlace(units[l - 1], 0, m * n, scratch);
                fillBias(units[l], bias[l], m);
                NetworkKernels.multiplyAdd(units[l - 1], 0, n, 1, transposed[l], 0, width, units[l], 0, width, m,
                        width, n);
            }
        }

        private static void fillBias(double[] z, double[] b, int m) {
            for (int i = 0; i < m; i++) {
                System.arraycopy(b, 0, z, i * b.length, b.length);
            }
        }

        /** Adds the run's gradient into the per-layer accumulators, from {@code derivatives} (the loss's). */
        void backward(int r0, int m) {
            for (int l = last; l >= 0; l--) {
                double[] d = delta[l];
                int width = out[l];
                int n = in[l];
                double[] gb = biasGradient[l];
                for (int i = 0; i < m; i++) {
                    int di = i * width;
                    for (int o = 0; o < width; o++) {
                        gb[o] += d[di + o];
                    }
                }
                if (l == 0 && sparse) {
                    sparseFirstLayerGradient(r0, m);
                } else {
                    double[] a = l == 0 ? inputs : units[l - 1];
                    int at = l == 0 ? inputsAt : 0;
                    int lda = l == 0 ? rowWidth : n;
                    if (byInput[l]) {
                        // G_l^T += A_l^T D_l: element (j, o) sums a[i][j] d[i][o] over the run's rows in order.
                        NetworkKernels.multiplyAdd(a, at, 1, lda, d, 0, width, weightGradient[l], 0, width, lda,
                                width, m);
                    } else {
                        // G_l += D_l^T A_l: element (o, j) sums d[i][o] a[i][j] over the run's rows in order.
                        NetworkKernels.multiplyAdd(d, 0, 1, width, a, at, lda, weightGradient[l], 0, n, width, lda,
                                m);
                    }
                }
                if (l > 0) {
                    // D_{l-1} = (D_l W_l) * act'(A_l): element (i, j) sums d[i][o] w[o][j] over the units in order.
                    double[] below = delta[l - 1];
                    Arrays.fill(below, 0, m * n, 0.0);
                    NetworkKernels.multiplyAdd(d, 0, width, 1, parameters, weightAt[l], n, below, 0, n, m, n, width);
                    activation.multiplyBySlope(below, units[l - 1], 0, m * n);
                }
            }
        }

        /** Column c of G_0 += x_ic D_0[i] for each stored value: per element still one row after another. */
        private void sparseFirstLayerGradient(int r0, int m) {
            int width = out[0];
            double[] di = unitRow;
            for (int i = 0; i < m; i++) {
                int row = r0 + i;
                System.arraycopy(delta[0], i * width, di, 0, width);
                for (int q = rowStart[row]; q < rowStart[row + 1]; q++) {
                    int c = columns[q];
                    mark(c);
                    double v = sparseValues != null ? sparseValues[q] : sparseFloats[q];
                    double[] g = columnGradient[c];
                    for (int o = 0; o < width; o++) {
                        g[o] += v * di[o];
                    }
                }
            }
        }

        private void mark(int column) {
            if (touchedCount < 0 || marked[column]) {
                return;
            }
            if (touchedCount == touched.length) {
                // Too many columns to be worth tracking: this run folds everything.
                touchedCount = -1;
                return;
            }
            marked[column] = true;
            touched[touchedCount++] = column;
        }

        /**
         * Folds the run's gradient into the block's compensated totals and clears it. Dense data, or a sparse run
         * touching many columns, folds every component; otherwise only the touched first-layer columns and the
         * layers above are folded, so a wide sparse input costs what its nonzeros cost.
         */
        void fold(PartialSums sums) {
            boolean everything = !sparse || touchedCount < 0
                    || (long) touchedCount * out[0] * 2 >= (long) in[0] * out[0];
            for (int l = sparse ? 1 : 0; l <= last; l++) {
                int n = in[l];
                int k = out[l];
                double[] g = weightGradient[l];
                if (byInput[l]) {
                    for (int o = 0; o < k; o++) {
                        int to = weightAt[l] + o * n;
                        for (int j = 0; j < n; j++) {
                            run[to + j] = g[j * k + o];
                        }
                    }
                } else {
                    System.arraycopy(g, 0, run, weightAt[l], n * k);
                }
                Arrays.fill(g, 0.0);
            }
            if (sparse && everything) {
                int inputs = in[0];
                for (int c = 0; c < inputs; c++) {
                    double[] g = columnGradient[c];
                    for (int o = 0; o < g.length; o++) {
                        run[weightAt[0] + o * inputs + c] = g[o];
                    }
                }
                clearColumnGradient();
            }
            for (int l = 0; l <= last; l++) {
                System.arraycopy(biasGradient[l], 0, run, biasAt[l], out[l]);
                Arrays.fill(biasGradient[l], 0.0);
            }
            if (everything) {
                sums.addAll(run);
                clearMarks();
                return;
            }
            int inputs = in[0];
            for (int t = 0; t < touchedCount; t++) {
                int c = touched[t];
                double[] g = columnGradient[c];
                for (int o = 0; o < g.length; o++) {
                    if (g[o] != 0) {
                        sums.add(weightAt[0] + o * inputs + c, g[o]);
                    }
                }
                Arrays.fill(g, 0.0);
            }
            for (int k = in[0] * out[0]; k < run.length; k++) {
                if (run[k] != 0) {
                    sums.add(k, run[k]);
                }
            }
            clearMarks();
        }

        private void clearColumnGradient() {
            if (touchedCount < 0) {
                for (double[] g : columnGradient) {
                    Arrays.fill(g, 0.0);
                }
            } else {
                for (int t = 0; t < touchedCount; t++) {
                    Arrays.fill(columnGradient[touched[t]], 0.0);
                }
            }
        }

        private void clearMarks() {
            if (marked == null) {
                return;
            }
            if (touchedCount < 0) {
                Arrays.fill(marked, false);
            } else {
                for (int t = 0; t < touchedCount; t++) {
                    marked[touched[t]] = false;
                }
            }
            touchedCount = 0;
        }
    }
}
