package dev.fullbatch.model;

import dev.fullbatch.data.Block;
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
 * {@code D_{l-1} = (D_l W_l) * act'(A_l)}. Every product is computed as combinations of contiguous rows
 * ({@link RowCombination}, which the JIT vectorizes) in one fixed order: each output element sums its terms in
 * ascending index order, and each gradient element sums the run's rows in row order. The run's gradient, in plain
 * double, is then folded into the block's compensated totals like {@link LinearObjective}'s, so the result is a
 * function of the block alone. Sparse inputs are read as they are stored (only their nonzeros are multiplied), and
 * only the first-layer columns a run touched are folded when that is cheaper than folding everything.
 */
public final class NetworkObjective implements BlockObjective {
    private static final long serialVersionUID = 1L;

    /** Rows per run, as in {@link LinearObjective#RUN}. */
    public static final int RUN = LinearObjective.RUN;

    private final OutputLoss loss;
    private final NetworkShape shape;

    /**
     * @param loss the per-row loss on the output layer; its output count must be the shape's
     * @param shape the architecture
     */
    public NetworkObjective(OutputLoss loss, NetworkShape shape) {
        if (loss.outputs() != shape.outputs()) {
            throw new IllegalArgumentException("the loss reads " + loss.outputs() + " outputs, the network has "
                    + shape.outputs());
        }
        this.loss = loss;
        this.shape = shape;
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
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            pass.forward(r0, m);
            sums.addLoss(loss.evaluate(block.labels(), block.weights(), r0, m, pass.margins, derivatives));
            addWeights(block, r0, m, sums);
            if (derivatives != null) {
                pass.backward(r0, m);
                pass.fold(sums);
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
            System.arraycopy(pass.margins, 0, out, r0 * k, m * k);
        }
    }

    private void checkWidth(Block block) {
        if (block.numFeatures() > shape.numFeatures()) {
            throw new IllegalArgumentException("block " + block.id() + " has " + block.numFeatures()
                    + " features, the network has " + shape.numFeatures() + " inputs");
        }
    }

    private static void addWeights(Block block, int r0, int m, PartialSums sums) {
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

    /**
     * The scratch of one block's pass. Every matrix is an array of row arrays (see {@link RowCombination}): the
     * weights as given ({@code out x in}) and transposed ({@code in x out}), the run's inputs, activations and deltas
     * ({@code RUN x width}), and the run's gradient ({@code out x in} per layer, plus biases).
     */
    private static final class Pass {
        private final Activation activation;
        private final int last;
        private final int[] in;
        private final int[] out;
        private final int[] weightAt;
        private final int[] biasAt;
        private final double[][] bias;
        private final double[][][] weights;
        private final double[][][] transposed;
        /** Layer l's outputs for the run: activations, and the margins for the last layer. */
        private final double[][][] units;
        /** The last layer's outputs laid out for the loss, {@code K} per row. */
        final double[] margins;
        /** d loss / d margin as the loss writes it, {@code K} per row; null in forward-only passes. */
        final double[] derivatives;
        /** d loss / d pre-activation of layer l for the run; null in forward-only passes. */
        private final double[][][] delta;
        private final double[][][] weightGradient;
        /**
         * Sparse inputs: the first layer's run gradient by input column ({@code in x out}), so that each stored
         * value updates one contiguous row (vectorized) instead of scattering across the units' rows.
         */
        private final double[][] columnGradient;
        private final double[][] biasGradient;
        /** The run's gradient in the flat parameter layout, for folding. */
        private final double[] run;
        /** A combination's coefficients and rows (at most one per input, unit or row of a run). */
        private final double[] coefficients;
        private final int[] picked;

        private final int rowWidth;
        /** The run's dense input rows as doubles. */
        private final double[][] rows;
        private final double[] denseValues;
        private final float[] denseFloats;
        private final boolean sparse;
        private final double[] sparseValues;
        private final float[] sparseFloats;
        private final int[] rowStart;
        private final int[] columns;
        private final int[] touched;
        private final boolean[] marked;
        private int touchedCount;

        Pass(NetworkShape shape, Block block, double[] p, boolean gradient) {
            this.activation = shape.activation();
            int layers = shape.layers();
            this.last = layers - 1;
            in = new int[layers];
            out = new int[layers];
            weightAt = new int[layers];
            biasAt = new int[layers];
            bias = new double[layers][];
            weights = gradient ? new double[layers][][] : null;
            transposed = new double[layers][][];
            units = new double[layers][][];
            delta = gradient ? new double[layers][][] : null;
            weightGradient = gradient ? new double[layers][][] : null;
            biasGradient = gradient ? new double[layers][] : null;
            int widest = RUN;
            for (int l = 0; l < layers; l++) {
                int n = shape.inputs(l);
                int k = shape.outputs(l);
                in[l] = n;
                out[l] = k;
                weightAt[l] = shape.weightOffset(l);
                biasAt[l] = shape.biasOffset(l);
                bias[l] = Arrays.copyOfRange(p, biasAt[l], biasAt[l] + k);
                transposed[l] = new double[n][k];
                for (int o = 0; o < k; o++) {
                    for (int j = 0; j < n; j++) {
                        transposed[l][j][o] = p[weightAt[l] + o * n + j];
                    }
                }
                units[l] = new double[RUN][k];
                if (gradient) {
                    // The first layer's weights only serve the forward pass (no delta flows below the inputs).
                    weights[l] = new double[l == 0 ? 0 : k][];
                    for (int o = 0; l > 0 && o < k; o++) {
                        weights[l][o] = Arrays.copyOfRange(p, weightAt[l] + o * n, weightAt[l] + (o + 1) * n);
                    }
                    delta[l] = new double[RUN][k];
                    boolean byColumn = l == 0 && !(block instanceof DenseBlock);
                    weightGradient[l] = byColumn ? null : new double[k][n];
                    biasGradient[l] = new double[k];
                }
                widest = Math.max(widest, Math.max(n, k));
            }
            columnGradient = gradient && !(block instanceof DenseBlock) ? new double[in[0]][out[0]] : null;
            margins = new double[RUN * out[last]];
            derivatives = gradient ? new double[RUN * out[last]] : null;
            coefficients = new double[widest];
            picked = new int[widest];
            run = gradient ? new double[shape.dimension()] : null;
            rowWidth = block.numFeatures();
            if (block instanceof DenseBlock dense) {
                sparse = false;
                denseValues = dense.values();
                denseFloats = dense.floatValues();
                rows = new double[RUN][rowWidth];
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
                rows = null;
                sparseValues = s.values();
                sparseFloats = s.floatValues();
                rowStart = s.rowStart();
                columns = s.columns();
                touched = gradient ? new int[Math.min(in[0], RUN * 64)] : null;
                marked = gradient ? new boolean[in[0]] : null;
            }
        }

        /** Fills {@code units} and {@code margins} for rows {@code r0 .. r0+m-1}. */
        void forward(int r0, int m) {
            int width = out[0];
            for (int i = 0; i < m; i++) {
                int count = 0;
                if (sparse) {
                    int row = r0 + i;
                    for (int q = rowStart[row]; q < rowStart[row + 1]; q++) {
                        coefficients[count] = sparseValues != null ? sparseValues[q] : sparseFloats[q];
                        picked[count++] = columns[q];
                    }
                } else {
                    double[] x = rows[i];
                    int xo = (r0 + i) * rowWidth;
                    for (int j = 0; j < rowWidth; j++) {
                        x[j] = denseValues != null ? denseValues[xo + j] : denseFloats[xo + j];
                    }
                    for (int j = 0; j < rowWidth; j++) {
                        coefficients[count] = x[j];
                        picked[count] = j;
                        count += x[j] != 0 ? 1 : 0;
                    }
                }
                double[] z = units[0][i];
                System.arraycopy(bias[0], 0, z, 0, width);
                RowCombination.add(z, width, coefficients, transposed[0], picked, count);
            }
            for (int l = 1; l <= last; l++) {
                int inputs = in[l];
                width = out[l];
                for (int i = 0; i < m; i++) {
                    double[] a = units[l - 1][i];
                    activation.applyInPlace(a, 0, inputs);
                    int count = 0;
                    for (int j = 0; j < inputs; j++) {
                        // Branch-free compaction: write every entry, advance past the nonzero ones.
                        coefficients[count] = a[j];
                        picked[count] = j;
                        count += a[j] != 0 ? 1 : 0;
                    }
                    double[] z = units[l][i];
                    System.arraycopy(bias[l], 0, z, 0, width);
                    RowCombination.add(z, width, coefficients, transposed[l], picked, count);
                }
            }
            int k = out[last];
            for (int i = 0; i < m; i++) {
                System.arraycopy(units[last][i], 0, margins, i * k, k);
            }
        }

        /** Adds the run's gradient into the per-layer accumulators, from {@code derivatives} (the loss's). */
        void backward(int r0, int m) {
            int k = out[last];
            for (int i = 0; i < m; i++) {
                System.arraycopy(derivatives, i * k, delta[last][i], 0, k);
            }
            for (int l = last; l >= 0; l--) {
                double[][] d = delta[l];
                int width = out[l];
                int inputs = in[l];
                double[] gb = biasGradient[l];
                for (int i = 0; i < m; i++) {
                    double[] di = d[i];
                    for (int o = 0; o < width; o++) {
                        gb[o] += di[o];
                    }
                }
                if (l == 0 && sparse) {
                    sparseFirstLayerGradient(r0, m);
                } else {
                    // Row o of G_l += D_l^T A_l: a combination of the run's input rows, weighted by column o of D_l.
                    double[][] a = l == 0 ? rows : units[l - 1];
                    int n = l == 0 ? rowWidth : inputs;
                    for (int o = 0; o < width; o++) {
                        int count = 0;
                        for (int i = 0; i < m; i++) {
                            double g = d[i][o];
                            coefficients[count] = g;
                            picked[count] = i;
                            count += g != 0 ? 1 : 0;
                        }
                        RowCombination.add(weightGradient[l][o], n, coefficients, a, picked, count);
                    }
                }
                if (l > 0) {
                    // Row i of D_{l-1} = (D_l W_l) * act'(A_l): a combination of W_l's rows, weighted by row i of D_l.
                    for (int i = 0; i < m; i++) {
                        double[] di = d[i];
                        int count = 0;
                        for (int o = 0; o < width; o++) {
                            coefficients[count] = di[o];
                            picked[count] = o;
                            count += di[o] != 0 ? 1 : 0;
                        }
                        double[] below = delta[l - 1][i];
                        Arrays.fill(below, 0.0);
                        RowCombination.add(below, inputs, coefficients, weights[l], picked, count);
                        activation.multiplyBySlope(below, units[l - 1][i], 0, inputs);
                    }
                }
            }
        }

        /** Column c of G_0 += x_ic D_0[i] for each stored value: per element still one row after another. */
        private void sparseFirstLayerGradient(int r0, int m) {
            int width = out[0];
            for (int i = 0; i < m; i++) {
                int row = r0 + i;
                double[] di = delta[0][i];
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
                for (int o = 0; o < out[l]; o++) {
                    System.arraycopy(weightGradient[l][o], 0, run, weightAt[l] + o * n, n);
                    Arrays.fill(weightGradient[l][o], 0.0);
                }
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
