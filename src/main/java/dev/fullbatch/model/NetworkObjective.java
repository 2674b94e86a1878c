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
 * {@code D_{l-1} = (D_l W_l) * act'(A_l)}. Every product is written as row-times-matrix updates over contiguous
 * rows ({@code y += a x}, which the JIT vectorizes) in one fixed order: each output element sums its terms in
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
        double[] margins = pass.units[pass.last];
        double[] derivatives = sums.wantsVector() ? pass.delta[pass.last] : null;
        for (int r0 = 0; r0 < n; r0 += RUN) {
            int m = Math.min(RUN, n - r0);
            pass.forward(r0, m);
            sums.addLoss(loss.evaluate(block.labels(), block.weights(), r0, m, margins, derivatives));
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
            System.arraycopy(pass.units[pass.last], 0, out, r0 * k, m * k);
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

    /** {@code y[yo .. yo+n-1] += a * x[xo .. xo+n-1]}: the one inner loop of every product. */
    private static void axpy(double[] y, int yo, double a, double[] x, int xo, int n) {
        for (int k = 0; k < n; k++) {
            y[yo + k] += a * x[xo + k];
        }
    }

    /** The scratch of one block's pass: transposed weights, the run's activations, deltas and gradient. */
    private static final class Pass {
        private final Activation activation;
        private final int last;
        private final int[] in;
        private final int[] out;
        private final int[] weightAt;
        private final int[] biasAt;
        private final double[] p;
        /** Layer l's weights transposed ({@code in x out}), so a forward product is a sum of weight rows. */
        private final double[][] transposed;
        /** Layer l's outputs for the run ({@code RUN x out}): activations, and the margins for the last layer. */
        private final double[][] units;
        /** d loss / d pre-activation of layer l for the run ({@code RUN x out}); null in forward-only passes. */
        private final double[][] delta;
        /** The run's gradient in the parameter layout; null in forward-only passes. */
        private final double[] run;

        private final int rowWidth;
        private final double[] xd;
        private final float[] xf;
        private final int[] rowStart;
        private final int[] columns;
        private final boolean sparse;
        private final int[] touched;
        private final boolean[] marked;
        private int touchedCount;

        Pass(NetworkShape shape, Block block, double[] p, boolean gradient) {
            this.activation = shape.activation();
            int layers = shape.layers();
            this.last = layers - 1;
            this.p = p;
            in = new int[layers];
            out = new int[layers];
            weightAt = new int[layers];
            biasAt = new int[layers];
            transposed = new double[layers][];
            units = new double[layers][];
            delta = gradient ? new double[layers][] : null;
            for (int l = 0; l < layers; l++) {
                in[l] = shape.inputs(l);
                out[l] = shape.outputs(l);
                weightAt[l] = shape.weightOffset(l);
                biasAt[l] = shape.biasOffset(l);
                transposed[l] = transpose(p, weightAt[l], out[l], in[l]);
                units[l] = new double[RUN * out[l]];
                if (gradient) {
                    delta[l] = new double[RUN * out[l]];
                }
            }
            run = gradient ? new double[shape.dimension()] : null;
            rowWidth = block.numFeatures();
            if (block instanceof DenseBlock dense) {
                sparse = false;
                xd = dense.values();
                xf = dense.floatValues();
                rowStart = null;
                columns = null;
                touched = null;
                marked = null;
            } else {
                SparseBlock s = (SparseBlock) block;
                sparse = true;
                xd = s.values();
                xf = s.floatValues();
                rowStart = s.rowStart();
                columns = s.columns();
                touched = gradient ? new int[Math.min(in[0], RUN * 64)] : null;
                marked = gradient ? new boolean[in[0]] : null;
            }
        }

        private static double[] transpose(double[] p, int offset, int rows, int cols) {
            double[] t = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    t[c * rows + r] = p[offset + r * cols + c];
                }
            }
            return t;
        }

        /** Fills {@code units} for rows {@code r0 .. r0+m-1}. */
        void forward(int r0, int m) {
            double[] z = units[0];
            int width = out[0];
            double[] wt = transposed[0];
            for (int i = 0; i < m; i++) {
                int zo = i * width;
                System.arraycopy(p, biasAt[0], z, zo, width);
                int row = r0 + i;
                if (sparse) {
                    for (int q = rowStart[row]; q < rowStart[row + 1]; q++) {
                        double a = xd != null ? xd[q] : xf[q];
                        axpy(z, zo, a, wt, columns[q] * width, width);
                    }
                } else {
                    int xo = row * rowWidth;
                    for (int j = 0; j < rowWidth; j++) {
                        double a = xd != null ? xd[xo + j] : xf[xo + j];
                        if (a != 0) {
                            axpy(z, zo, a, wt, j * width, width);
                        }
                    }
                }
            }
            for (int l = 1; l <= last; l++) {
                activation.applyInPlace(units[l - 1], 0, m * in[l]);
                double[] a = units[l - 1];
                z = units[l];
                width = out[l];
                wt = transposed[l];
                int inputs = in[l];
                for (int i = 0; i < m; i++) {
                    int zo = i * width;
                    System.arraycopy(p, biasAt[l], z, zo, width);
                    int ao = i * inputs;
                    for (int j = 0; j < inputs; j++) {
                        double v = a[ao + j];
                        if (v != 0) {
                            axpy(z, zo, v, wt, j * width, width);
                        }
                    }
                }
            }
        }

        /** Adds the run's gradient into {@code run}, from {@code delta[last]} (the loss derivatives). */
        void backward(int r0, int m) {
            for (int l = last; l >= 0; l--) {
                double[] d = delta[l];
                int width = out[l];
                int inputs = in[l];
                int bias = biasAt[l];
                for (int i = 0; i < m; i++) {
                    axpy(run, bias, 1.0, d, i * width, width);
                }
                int w = weightAt[l];
                if (l == 0) {
                    firstLayerGradient(r0, m);
                } else {
                    double[] a = units[l - 1];
                    for (int i = 0; i < m; i++) {
                        for (int o = 0; o < width; o++) {
                            double g = d[i * width + o];
                            if (g != 0) {
                                axpy(run, w + o * inputs, g, a, i * inputs, inputs);
                            }
                        }
                    }
                    double[] below = delta[l - 1];
                    Arrays.fill(below, 0, m * inputs, 0.0);
                    for (int i = 0; i < m; i++) {
                        for (int o = 0; o < width; o++) {
                            double g = d[i * width + o];
                            if (g != 0) {
                                axpy(below, i * inputs, g, p, w + o * inputs, inputs);
                            }
                        }
                    }
                    activation.multiplyBySlope(below, a, 0, m * inputs);
                }
            }
        }

        private void firstLayerGradient(int r0, int m) {
            double[] d = delta[0];
            int width = out[0];
            int inputs = in[0];
            int w = weightAt[0];
            for (int i = 0; i < m; i++) {
                int row = r0 + i;
                if (sparse) {
                    int from = rowStart[row];
                    int to = rowStart[row + 1];
                    if (marked != null) {
                        for (int q = from; q < to; q++) {
                            mark(columns[q]);
                        }
                    }
                    for (int o = 0; o < width; o++) {
                        double g = d[i * width + o];
                        if (g == 0) {
                            continue;
                        }
                        int wo = w + o * inputs;
                        for (int q = from; q < to; q++) {
                            run[wo + columns[q]] += g * (xd != null ? xd[q] : xf[q]);
                        }
                    }
                } else {
                    int xo = row * rowWidth;
                    for (int o = 0; o < width; o++) {
                        double g = d[i * width + o];
                        if (g == 0) {
                            continue;
                        }
                        int wo = w + o * inputs;
                        if (xd != null) {
                            axpy(run, wo, g, xd, xo, rowWidth);
                        } else {
                            for (int j = 0; j < rowWidth; j++) {
                                run[wo + j] += g * xf[xo + j];
                            }
                        }
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
            if (!sparse || touchedCount < 0
                    || (long) touchedCount * out[0] * 2 >= (long) in[0] * out[0]) {
                sums.addAll(run);
                Arrays.fill(run, 0.0);
                clearMarks();
                return;
            }
            int inputs = in[0];
            for (int t = 0; t < touchedCount; t++) {
                int c = touched[t];
                for (int o = 0; o < out[0]; o++) {
                    int k = weightAt[0] + o * inputs + c;
                    if (run[k] != 0) {
                        sums.add(k, run[k]);
                        run[k] = 0;
                    }
                }
            }
            for (int k = in[0] * out[0]; k < run.length; k++) {
                if (run[k] != 0) {
                    sums.add(k, run[k]);
                    run[k] = 0;
                }
            }
            clearMarks();
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
