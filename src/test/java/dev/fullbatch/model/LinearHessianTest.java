package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.loss.OutputLoss;
import dev.fullbatch.math.RandomPermutation;
import dev.fullbatch.math.SymmetricMatrix;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hessian-vector products ({@link LinearHessianProducts}) and the dense Hessian ({@link LinearHessian}) of the
 * linear model: against per-row sums accumulated exactly in BigDecimal, against central differences of the
 * (independently tested) gradient, and bit for bit under any grouping and merge order of the blocks.
 */
class LinearHessianTest {
    private static final int D = 6;

    /** Gaussian-ish features with a third of them zero, labels for the loss, some rows weighted. */
    static List<Block> blocks(LossKind kind, int count, int rows, long seed, boolean dense, boolean useFloat) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            BlockBuilder builder = BlockBuilder.sparse();
            for (int i = 0; i < rows; i++) {
                // the last feature is missing from some blocks: the kernels must treat it as zero
                int width = b % 2 == 0 ? D : D - 1;
                for (int j = 0; j < width; j++) {
                    if (rnd.nextDouble() < 0.33) {
                        continue;
                    }
                    builder.addValue(j, 2 * rnd.nextDouble() - 1 + (j == 0 ? 3.0 : 0.0));
                }
                builder.endRow(label(kind, rnd), rnd.nextDouble() < 0.2 ? 0.5 + rnd.nextDouble() : 1.0);
            }
            Block block = builder.build(b, b % 2 == 0 ? D : D - 1, false, false);
            out.add(dense ? ((SparseBlock) block).toDense(block.numFeatures(), useFloat)
                    : useFloat ? ((SparseBlock) block).withWidth(block.numFeatures(), true) : block);
        }
        return out;
    }

    static double label(LossKind kind, SplittableRandom rnd) {
        return switch (kind) {
            case LOGISTIC, SQUARED_HINGE -> rnd.nextBoolean() ? 1.0 : -1.0;
            case SOFTMAX -> rnd.nextInt(3);
            case POISSON, TWEEDIE -> rnd.nextInt(4);
            case GAMMA -> 0.1 + 3 * rnd.nextDouble();
            default -> 4 * rnd.nextDouble() - 2;
        };
    }

    static final LossKind[] KINDS = {LossKind.LEAST_SQUARES, LossKind.LOGISTIC, LossKind.SOFTMAX, LossKind.HUBER,
        LossKind.SQUARED_HINGE};

    static double[] vector(int n, long seed, double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            v[j] = scale * (2 * rnd.nextDouble() - 1);
        }
        return v;
    }

    /** Row i's value of parameter q's input: its feature, or 1 for an intercept. */
    static double input(Block b, int i, int q, int k, boolean intercept) {
        int weights = k * D;
        if (q >= weights) {
            return 1.0;
        }
        int j = q % D;
        return j < b.numFeatures() ? b.featureAt(i, j) : 0.0;
    }

    static int outputOf(int q, int k) {
        return q < k * D ? q / D : q - k * D;
    }

    /** Row i's outputs under {@code p}, summed exactly and rounded once. */
    static double[] exactMargins(Block b, int i, double[] p, int k, boolean intercept) {
        double[] m = new double[k];
        for (int c = 0; c < k; c++) {
            BigDecimal s = intercept ? new BigDecimal(p[k * D + c]) : BigDecimal.ZERO;
            for (int j = 0; j < D; j++) {
                double x = j < b.numFeatures() ? b.featureAt(i, j) : 0.0;
                s = s.add(new BigDecimal(x).multiply(new BigDecimal(p[c * D + j])));
            }
            m[c] = s.round(MathContext.DECIMAL128).doubleValue();
        }
        return m;
    }

    /** sum_i X_i^T H_i X_i v, each row's block from the loss at exact margins, the sum over rows exact. */
    static double[][] referenceProduct(List<Block> blocks, OutputLoss loss, boolean intercept, double[] p,
                                       double[] v) {
        int k = loss.outputs();
        int dim = k * D + (intercept ? k : 0);
        BigDecimal[] sum = new BigDecimal[dim];
        BigDecimal[] abs = new BigDecimal[dim];
        java.util.Arrays.fill(sum, BigDecimal.ZERO);
        java.util.Arrays.fill(abs, BigDecimal.ZERO);
        for (Block b : blocks) {
            for (int i = 0; i < b.rows(); i++) {
                double[] m = exactMargins(b, i, p, k, intercept);
                double[] u = exactMargins(b, i, v, k, intercept);
                double[] h = new double[k * k];
                loss.curvatures(b.labels(), b.weights(), i, 1, m, h);
                for (int q = 0; q < dim; q++) {
                    BigDecimal x = new BigDecimal(input(b, i, q, k, intercept));
                    for (int c = 0; c < k; c++) {
                        BigDecimal t = new BigDecimal(h[outputOf(q, k) * k + c]).multiply(new BigDecimal(u[c]))
                                .multiply(x);
                        sum[q] = sum[q].add(t);
                        abs[q] = abs[q].add(t.abs());
                    }
                }
            }
        }
        double[][] out = new double[2][dim];
        for (int q = 0; q < dim; q++) {
            out[0][q] = sum[q].doubleValue();
            out[1][q] = abs[q].doubleValue();
        }
        return out;
    }

    static PartialSums run(BlockReduction reduction, List<Block> blocks, double[] parameters) {
        return new LocalReduction(blocks).aggregate(reduction, parameters, true, "test");
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX", "HUBER", "SQUARED_HINGE", "POISSON", "GAMMA",
        "TWEEDIE"})
    void hessianProductsMatchExactPerRowSums(LossKind kind) {
        OutputLoss loss = kind.create(3, 0.8, 1.5);
        for (boolean intercept : new boolean[] {true, false}) {
            LinearObjective objective = new LinearObjective(loss, D, intercept);
            int dim = objective.dimension();
            double[] p = vector(dim, 3, 0.7);
            double[][] directions = {vector(dim, 4, 1.0), vector(dim, 5, 2.0), vector(dim, 6, 0.1)};
            LinearHessianProducts products = new LinearHessianProducts(objective, directions.length);
            for (boolean dense : new boolean[] {true, false}) {
                List<Block> data = blocks(kind, 4, 150, 9, dense, false);
                PartialSums sums = run(products, data, LinearHessianProducts.pack(p, directions));
                assertEquals(600, sums.rows());
                double[][] got = products.unpack(sums.vectorSum());
                for (int t = 0; t < directions.length; t++) {
                    double[][] ref = referenceProduct(data, loss, intercept, p, directions[t]);
                    for (int q = 0; q < dim; q++) {
                        double err = Math.abs(got[t][q] - ref[0][q]);
                        int tt = t;
                        int qq = q;
                        assertTrue(err <= 1e-13 * ref[1][q], () -> kind + " intercept=" + intercept + " dense="
                                + dense + " direction " + tt + " component " + qq + ": " + got[tt][qq] + " vs "
                                + ref[0][qq] + " (abs sum " + ref[1][qq] + ")");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX", "HUBER", "SQUARED_HINGE", "POISSON", "GAMMA",
        "TWEEDIE"})
    void denseHessianMatchesExactPerRowSumsAndTheProducts(LossKind kind) {
        OutputLoss loss = kind.create(3, 0.8, 1.5);
        for (boolean intercept : new boolean[] {true, false}) {
            LinearObjective objective = new LinearObjective(loss, D, intercept);
            int dim = objective.dimension();
            double[] p = vector(dim, 13, 0.7);
            LinearHessian hessian = new LinearHessian(objective, LinearHessian.Curvature.OBSERVED);
            for (boolean dense : new boolean[] {true, false}) {
                List<Block> data = blocks(kind, 3, 130, 19, dense, false);
                PartialSums sums = run(hessian, data, p);
                SymmetricMatrix h = hessian.hessian(sums.vectorSum());
                // column q of the Hessian is H e_q: the exact reference product with a unit direction
                for (int q = 0; q < dim; q++) {
                    double[] e = new double[dim];
                    e[q] = 1.0;
                    double[][] ref = referenceProduct(data, loss, intercept, p, e);
                    for (int r = 0; r < dim; r++) {
                        double err = Math.abs(h.get(r, q) - ref[0][r]);
                        int qq = q;
                        int rr = r;
                        assertTrue(err <= 1e-13 * ref[1][r], () -> kind + " intercept=" + intercept + " dense="
                                + dense + " entry (" + rr + ", " + qq + "): " + h.get(rr, qq) + " vs " + ref[0][rr]);
                    }
                }
                // the same pass gives the gradient pass's loss, weight and gradient, to the bit
                PartialSums gradient = run(objective, data, p, true);
                assertEquals(gradient.lossSum(), sums.lossSum());
                assertEquals(gradient.weightSum(), sums.weightSum());
                double[] g = hessian.gradient(sums.vectorSum());
                double[] g0 = gradient.vectorSum();
                for (int j = 0; j < dim; j++) {
                    assertEquals(Double.doubleToRawLongBits(g0[j]), Double.doubleToRawLongBits(g[j]), "gradient " + j);
                }
            }
        }
    }

    private static PartialSums run(LinearObjective objective, List<Block> blocks, double[] p, boolean vector) {
        return new LocalReduction(blocks).aggregate(objective, p, vector, "test");
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX", "POISSON", "GAMMA", "TWEEDIE"})
    void productsAreCentralDifferencesOfTheGradient(LossKind kind) {
        // Smooth losses only: an independent check of each loss's curvature formula against its derivative.
        OutputLoss loss = kind.create(3, 0.8, 1.5);
        LinearObjective objective = new LinearObjective(loss, D, true);
        int dim = objective.dimension();
        List<Block> data = blocks(kind, 2, 100, 29, true, false);
        double[] p = vector(dim, 23, 0.5);
        double[] v = vector(dim, 24, 1.0);
        LinearHessianProducts products = new LinearHessianProducts(objective, 1);
        double[] hv = products.unpack(run(products, data, LinearHessianProducts.pack(p, new double[][] {v}))
                .vectorSum())[0];
        double h = 1e-5;
        double[] plus = run(objective, data, plusScaled(p, h, v), true).vectorSum();
        double[] minus = run(objective, data, plusScaled(p, -h, v), true).vectorSum();
        for (int q = 0; q < dim; q++) {
            double fd = (plus[q] - minus[q]) / (2 * h);
            assertEquals(fd, hv[q], 1e-6 * Math.max(1, Math.abs(fd)), kind + " component " + q);
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"HUBER", "SQUARED_HINGE"})
    void generalizedHessiansAreCentralDifferencesAwayFromTheKinks(LossKind kind) {
        // A step too small to carry any row across its kink: the difference quotient is the generalized Hessian.
        OutputLoss loss = kind.create(3, 0.8, 1.5);
        LinearObjective objective = new LinearObjective(loss, D, true);
        int dim = objective.dimension();
        List<Block> data = blocks(kind, 2, 100, 31, false, false);
        double[] p = vector(dim, 33, 0.5);
        double[] v = vector(dim, 34, 1.0);
        LinearHessianProducts products = new LinearHessianProducts(objective, 1);
        double[] hv = products.unpack(run(products, data, LinearHessianProducts.pack(p, new double[][] {v}))
                .vectorSum())[0];
        double h = 1e-9;
        double[] plus = run(objective, data, plusScaled(p, h, v), true).vectorSum();
        double[] minus = run(objective, data, plusScaled(p, -h, v), true).vectorSum();
        for (int q = 0; q < dim; q++) {
            double fd = (plus[q] - minus[q]) / (2 * h);
            assertEquals(fd, hv[q], 1e-5 * Math.max(1, Math.abs(fd)), kind + " component " + q);
        }
    }

    static double[] plusScaled(double[] x, double a, double[] d) {
        double[] out = x.clone();
        for (int j = 0; j < x.length; j++) {
            out[j] += a * d[j];
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX", "HUBER", "SQUARED_HINGE", "POISSON", "GAMMA",
        "TWEEDIE"})
    void blockOrderAndGroupingNeverChangeTheBits(LossKind kind) {
        OutputLoss loss = kind.create(3, 1.0, 1.5);
        LinearObjective objective = new LinearObjective(loss, D, true);
        int dim = objective.dimension();
        double[] p = vector(dim, 41, 1e-3);
        double[][] directions = {vector(dim, 42, 1.0), vector(dim, 43, 1e5)};
        LinearHessianProducts products = new LinearHessianProducts(objective, 2);
        LinearHessian hessian = new LinearHessian(objective, LinearHessian.Curvature.OBSERVED);
        for (boolean dense : new boolean[] {true, false}) {
            List<Block> sparse = LinearObjectiveTest.cancellingBlocks(kind, D, 12, 70, 21);
            List<Block> data = new ArrayList<>();
            for (Block b : sparse) {
                data.add(dense ? ((SparseBlock) b).toDense(D, false) : b);
            }
            assertSameBitsInAnyMergeOrder(products, data, LinearHessianProducts.pack(p, directions));
            assertSameBitsInAnyMergeOrder(hessian, data, p);
        }
    }

    static void assertSameBitsInAnyMergeOrder(BlockReduction reduction, List<Block> blocks, double[] parameters) {
        PartialSums reference = run(reduction, blocks, parameters);
        double[] expected = reference.vectorSum();
        SplittableRandom rnd = new SplittableRandom(8);
        for (int trial = 0; trial < 10; trial++) {
            int[] order = RandomPermutation.of(blocks.size(), rnd);
            List<PartialSums> parts = new ArrayList<>();
            int i = 0;
            while (i < order.length) {
                int n = 1 + rnd.nextInt(4);
                PartialSums s = new PartialSums(reduction.dimension(), true);
                for (int k = i; k < Math.min(i + n, order.length); k++) {
                    reduction.accumulate(blocks.get(order[k]), parameters, s);
                }
                parts.add(s);
                i += n;
            }
            while (parts.size() > 1) {
                PartialSums x = parts.remove(rnd.nextInt(parts.size()));
                int b = rnd.nextInt(parts.size());
                parts.set(b, rnd.nextBoolean() ? parts.get(b).merge(x) : x.merge(parts.get(b)));
            }
            double[] got = parts.get(0).vectorSum();
            for (int j = 0; j < expected.length; j++) {
                assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(got[j]),
                        "component " + j);
            }
            assertEquals(Double.doubleToRawLongBits(reference.lossSum()),
                    Double.doubleToRawLongBits(parts.get(0).lossSum()));
        }
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX", "POISSON", "GAMMA", "TWEEDIE"})
    void floatStorageGivesTheBitsOfDoubleStorageOfTheRoundedValues(LossKind kind) {
        OutputLoss loss = kind.create(3, 1.0, 1.5);
        LinearObjective objective = new LinearObjective(loss, D, true);
        int dim = objective.dimension();
        double[] p = vector(dim, 51, 0.3);
        double[][] directions = {vector(dim, 52, 1.0)};
        for (boolean dense : new boolean[] {true, false}) {
            List<Block> asFloat = blocks(kind, 3, 90, 53, dense, true);
            List<Block> rounded = new ArrayList<>();
            for (Block b : blocks(kind, 3, 90, 53, false, false)) {
                SparseBlock s = (SparseBlock) b;
                double[] v = s.values().clone();
                for (int q = 0; q < v.length; q++) {
                    v[q] = (float) v[q];
                }
                SparseBlock r = new SparseBlock(s.id(), s.numFeatures(), s.labels(), s.weights(), s.rowStart(),
                        s.columns(), v, null);
                rounded.add(dense ? r.toDense(s.numFeatures(), false) : r);
            }
            for (BlockReduction reduction : List.of(new LinearHessianProducts(objective, 1),
                    new LinearHessian(objective, LinearHessian.Curvature.OBSERVED))) {
                double[] parameters = reduction instanceof LinearHessianProducts
                        ? LinearHessianProducts.pack(p, directions) : p;
                double[] a = run(reduction, asFloat, parameters).vectorSum();
                double[] b = run(reduction, rounded, parameters).vectorSum();
                for (int j = 0; j < a.length; j++) {
                    assertEquals(Double.doubleToRawLongBits(b[j]), Double.doubleToRawLongBits(a[j]), "component " + j);
                }
            }
        }
    }
}
