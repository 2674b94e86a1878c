package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.LossKind;
import java.util.List;

/**
 * A deliberately plain network for tests: nested arrays, one row at a time, textbook backpropagation, the losses and
 * activations written out again with {@link StrictMath}, and plain sums. It shares nothing with
 * {@link NetworkObjective} but the parameter layout, so agreement checks the kernel's products, run handling and
 * sparse paths.
 */
final class PerRowNetwork {
    final double lossSum;
    final double weightSum;
    /** The gradient of the weighted loss sum, in {@link NetworkShape}'s layout. */
    final double[] gradient;
    /** The outputs of every row, {@code K} per row, blocks in list order. */
    final double[] margins;

    private final int[] widths;
    private final Activation activation;
    private final LossKind kind;
    private final double huberDelta;
    /** The Tweedie power the tests use. */
    static final double TWEEDIE_POWER = 1.5;
    private final double[][][] w;
    private final double[][] b;

    PerRowNetwork(NetworkShape shape, LossKind kind, double huberDelta, double[] params, List<Block> blocks) {
        this.widths = shape.widths();
        this.activation = shape.activation();
        this.kind = kind;
        this.huberDelta = huberDelta;
        int layers = widths.length - 1;
        w = new double[layers][][];
        b = new double[layers][];
        int k = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = new double[widths[l + 1]][widths[l]];
            for (int o = 0; o < widths[l + 1]; o++) {
                for (int j = 0; j < widths[l]; j++) {
                    w[l][o][j] = params[k++];
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            b[l] = new double[widths[l + 1]];
            for (int o = 0; o < widths[l + 1]; o++) {
                b[l][o] = params[k++];
            }
        }
        double[][][] gw = new double[layers][][];
        double[][] gb = new double[layers][];
        for (int l = 0; l < layers; l++) {
            gw[l] = new double[widths[l + 1]][widths[l]];
            gb[l] = new double[widths[l + 1]];
        }
        int rows = blocks.stream().mapToInt(Block::rows).sum();
        int outputs = widths[layers];
        margins = new double[rows * outputs];
        double loss = 0;
        double weight = 0;
        int r = 0;
        for (Block block : blocks) {
            for (int i = 0; i < block.rows(); i++, r++) {
                double rowWeight = block.weights() == null ? 1.0 : block.weights()[i];
                double[][] a = new double[layers + 1][];
                double[][] z = new double[layers][];
                a[0] = new double[widths[0]];
                for (int j = 0; j < block.numFeatures(); j++) {
                    a[0][j] = block.featureAt(i, j);
                }
                for (int l = 0; l < layers; l++) {
                    z[l] = new double[widths[l + 1]];
                    a[l + 1] = new double[widths[l + 1]];
                    for (int o = 0; o < widths[l + 1]; o++) {
                        double s = b[l][o];
                        for (int j = 0; j < widths[l]; j++) {
                            s += w[l][o][j] * a[l][j];
                        }
                        z[l][o] = s;
                        a[l + 1][o] = l == layers - 1 ? s : act(s);
                    }
                }
                double[] out = z[layers - 1];
                System.arraycopy(out, 0, margins, r * outputs, outputs);
                double[] dz = new double[outputs];
                loss += rowWeight * lossAndDerivative(out, block.labels()[i], dz);
                weight += rowWeight;
                for (int o = 0; o < outputs; o++) {
                    dz[o] *= rowWeight;
                }
                for (int l = layers - 1; l >= 0; l--) {
                    for (int o = 0; o < widths[l + 1]; o++) {
                        gb[l][o] += dz[o];
                        for (int j = 0; j < widths[l]; j++) {
                            gw[l][o][j] += dz[o] * a[l][j];
                        }
                    }
                    if (l > 0) {
                        double[] below = new double[widths[l]];
                        for (int j = 0; j < widths[l]; j++) {
                            double s = 0;
                            for (int o = 0; o < widths[l + 1]; o++) {
                                s += w[l][o][j] * dz[o];
                            }
                            below[j] = s * slope(z[l - 1][j]);
                        }
                        dz = below;
                    }
                }
            }
        }
        lossSum = loss;
        weightSum = weight;
        gradient = new double[params.length];
        k = 0;
        for (int l = 0; l < layers; l++) {
            for (double[] row : gw[l]) {
                for (double v : row) {
                    gradient[k++] = v;
                }
            }
        }
        for (int l = 0; l < layers; l++) {
            for (double v : gb[l]) {
                gradient[k++] = v;
            }
        }
    }

    private double act(double z) {
        return switch (activation) {
            case RELU -> Math.max(0.0, z);
            case TANH -> StrictMath.tanh(z);
            case SIGMOID -> 1.0 / (1.0 + StrictMath.exp(-z));
        };
    }

    private double slope(double z) {
        return switch (activation) {
            case RELU -> z > 0 ? 1.0 : 0.0;
            case TANH -> {
                double c = StrictMath.cosh(z);
                yield 1.0 / (c * c);
            }
            case SIGMOID -> {
                double e = StrictMath.exp(-Math.abs(z));
                yield e / ((1.0 + e) * (1.0 + e));
            }
        };
    }

    /** The row's unweighted loss; writes d loss / d output into {@code dz}. */
    private double lossAndDerivative(double[] m, double label, double[] dz) {
        switch (kind) {
            case LEAST_SQUARES -> {
                dz[0] = m[0] - label;
                return 0.5 * (m[0] - label) * (m[0] - label);
            }
            case HUBER -> {
                double r = m[0] - label;
                if (Math.abs(r) <= huberDelta) {
                    dz[0] = r;
                    return 0.5 * r * r;
                }
                dz[0] = Math.signum(r) * huberDelta;
                return huberDelta * (Math.abs(r) - 0.5 * huberDelta);
            }
            case LOGISTIC -> {
                double y = label > 0 ? 1 : -1;
                // log(1 + e^(-y m)) and its derivative -y / (1 + e^(y m)).
                double t = -y * m[0];
                dz[0] = -y / (1.0 + StrictMath.exp(-t));
                return t > 0 ? t + StrictMath.log1p(StrictMath.exp(-t)) : StrictMath.log1p(StrictMath.exp(t));
            }
            case SQUARED_HINGE -> {
                double y = label > 0 ? 1 : -1;
                double h = Math.max(0.0, 1.0 - y * m[0]);
                dz[0] = -2.0 * y * h;
                return h * h;
            }
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : m) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : m) {
                    sum += StrictMath.exp(v - max);
                }
                int y = (int) label;
                for (int c = 0; c < m.length; c++) {
                    dz[c] = StrictMath.exp(m[c] - max) / sum - (c == y ? 1.0 : 0.0);
                }
                return max + StrictMath.log(sum) - m[y];
            }
            case POISSON -> {
                dz[0] = StrictMath.exp(m[0]) - label;
                return StrictMath.exp(m[0]) - label * m[0];
            }
            case GAMMA -> {
                dz[0] = 1.0 - label * StrictMath.exp(-m[0]);
                return label * StrictMath.exp(-m[0]) + m[0];
            }
            case TWEEDIE -> {
                double p = TWEEDIE_POWER;
                dz[0] = -label * StrictMath.exp((1 - p) * m[0]) + StrictMath.exp((2 - p) * m[0]);
                return -label * StrictMath.exp((1 - p) * m[0]) / (1 - p) + StrictMath.exp((2 - p) * m[0]) / (2 - p);
            }
            default -> throw new AssertionError(kind);
        }
    }
}
