package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.ClassWeights;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.GammaLoss;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.loss.PoissonLoss;
import dev.fullbatch.loss.TweedieLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Instance weights, class weights and offsets in the kernels: each against an independent formulation of the same
 * sums (offsets as shifted labels or as a feature with a fixed coefficient, weights as repeated or removed rows,
 * class weights as rewritten instance weights).
 */
class WeightsAndOffsetsTest {

    private static final int D = 4;

    /** Rows over two blocks (a full run and a partial one), with weights (some 0), offsets and the given labels. */
    static List<Block> blocks(LossKind kind, boolean dense, boolean weights, boolean offsets, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < 2; b++) {
            BlockBuilder builder = dense ? BlockBuilder.dense(D) : BlockBuilder.sparse();
            for (int i = 0; i < (b == 0 ? 70 : 23); i++) {
                for (int j = 0; j < D; j++) {
                    double v = rnd.nextDouble() < 0.3 ? 0.0 : rnd.nextDouble() * 2 - 1;
                    if (dense || v != 0) {
                        builder.addValue(j, v);
                    }
                }
                double w = weights ? (rnd.nextInt(4) == 0 ? 0.0 : 0.5 + rnd.nextInt(3)) : 1.0;
                builder.endRow(LinearObjectiveTest.label(kind, rnd), w, offsets ? rnd.nextDouble() - 0.5 : 0.0);
            }
            out.add(builder.build(b, D, false, false));
        }
        return out;
    }


    static Block withLabelsWeightsOffsets(Block b, double[] labels, double[] weights, double[] offsets) {
        if (b instanceof DenseBlock d) {
            return new DenseBlock(b.id(), D, labels, weights, offsets, d.values(), null);
        }
        SparseBlock s = (SparseBlock) b;
        return new SparseBlock(b.id(), D, labels, weights, offsets, s.rowStart(), s.columns(), s.values(), null);
    }

    @Test
    void anOffsetInLeastSquaresIsTheLabelMinusTheOffset() {
        for (boolean dense : new boolean[] {true, false}) {
            List<Block> blocks = blocks(LossKind.LEAST_SQUARES, dense, true, true, 1);
            List<Block> shifted = new ArrayList<>();
            for (Block b : blocks) {
                double[] y = b.labels().clone();
                for (int i = 0; i < y.length; i++) {
                    y[i] -= b.offsets()[i];
                }
                shifted.add(withLabelsWeightsOffsets(b, y, b.weights(), null));
            }
            LinearObjective objective = new LinearObjective(LossKind.LEAST_SQUARES.create(1, 1), D, true);
            double[] p = LinearObjectiveTest.parameters(objective.dimension(), 3, 2.0);
            PartialSums a = sum(objective, blocks, p);
            PartialSums b = sum(objective, shifted, p);
            assertEquals(b.lossSum(), a.lossSum(), 1e-13 * b.lossSum());
            assertEquals(b.weightSum(), a.weightSum(), 0.0);
            assertClose(b.vectorSum(), a.vectorSum(), "least squares dense " + dense);
        }
    }

    /** Equal to 1e-12 of each component's magnitude (at least 1). */
    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], 1e-12 * Math.max(1, Math.abs(expected[j])), what + " component " + j);
        }
    }

    @Test
    void anOffsetIsAFeatureWhoseCoefficientIsFixedAtOne() {
        for (LogLinkLoss loss : List.of(new PoissonLoss(), new GammaLoss(), new TweedieLoss(1.3))) {
            LossKind kind = loss instanceof PoissonLoss ? LossKind.POISSON
                    : loss instanceof GammaLoss ? LossKind.GAMMA : LossKind.TWEEDIE;
            List<Block> blocks = blocks(kind, true, true, true, 2);
            List<Block> widened = new ArrayList<>();
            for (Block b : blocks) {
                DenseBlock d = (DenseBlock) b;
                double[] x = new double[b.rows() * (D + 1)];
                for (int i = 0; i < b.rows(); i++) {
                    System.arraycopy(d.values(), i * D, x, i * (D + 1), D);
                    x[i * (D + 1) + D] = b.offsets()[i];
                }
                widened.add(new DenseBlock(b.id(), D + 1, b.labels(), b.weights(), x, null));
            }
            LinearObjective objective = new LinearObjective(loss, D, true);
            LinearObjective wide = new LinearObjective(loss, D + 1, true);
            double[] p = LinearObjectiveTest.parameters(objective.dimension(), 4, 1.0);
            double[] q = new double[D + 2];
            System.arraycopy(p, 0, q, 0, D);
            q[D] = 1.0;
            q[D + 1] = p[D];
            PartialSums a = sum(objective, blocks, p);
            PartialSums b = sum(wide, widened, q);
            String what = loss.getClass().getSimpleName();
            assertEquals(b.lossSum(), a.lossSum(), 1e-13 * Math.abs(b.lossSum()), what);
            double[] ga = a.vectorSum();
            double[] gb = b.vectorSum();
            for (int j = 0; j < D; j++) {
                assertEquals(gb[j], ga[j], 1e-12 * Math.max(1, Math.abs(gb[j])), what + " weight " + j);
            }
            assertEquals(gb[D + 1], ga[D], 1e-12 * Math.max(1, Math.abs(gb[D + 1])), what + " intercept");
            double[] ma = new double[93];
            double[] mb = new double[93];
            int at = 0;
            for (int k = 0; k < blocks.size(); k++) {
                double[] one = new double[blocks.get(k).rows()];
                objective.margins(blocks.get(k), p, one);
                System.arraycopy(one, 0, ma, at, one.length);
                wide.margins(widened.get(k), q, one);
                System.arraycopy(one, 0, mb, at, one.length);
                at += one.length;
            }
            assertArrayEquals(mb, ma, 1e-14, what + " margins (what metrics and predictions read)");
        }
    }

    @Test
    void aNetworkAddsTheOffsetToEveryOutputAsTheLinearModelDoes() {
        for (LossKind kind : List.of(LossKind.POISSON, LossKind.SOFTMAX)) {
            List<Block> blocks = blocks(kind, false, true, true, 5);
            int k = kind == LossKind.SOFTMAX ? 3 : 1;
            NetworkObjective network = new NetworkObjective(kind.create(3, 1), new NetworkShape(D, List.of(), k,
                    Activation.RELU));
            LinearObjective linear = new LinearObjective(kind.create(3, 1), D, true);
            double[] p = LinearObjectiveTest.parameters(linear.dimension(), 6, 1.0);
            PartialSums a = sum(network, blocks, p);
            PartialSums b = sum(linear, blocks, p);
            assertEquals(b.lossSum(), a.lossSum(), 1e-13 * Math.abs(b.lossSum()), kind.cliName());
            assertClose(b.vectorSum(), a.vectorSum(), kind.cliName());
            double[] ma = new double[blocks.get(1).rows() * k];
            double[] mb = new double[ma.length];
            network.margins(blocks.get(1), p, ma);
            linear.margins(blocks.get(1), p, mb);
            assertArrayEquals(mb, ma, 1e-14, kind.cliName());
        }
    }

    @Test
    void classWeightsInTheKernelAreInstanceWeightsTimesTheClassWeightToTheBit() {
        for (LossKind kind : List.of(LossKind.LOGISTIC, LossKind.SQUARED_HINGE, LossKind.SOFTMAX)) {
            for (boolean dense : new boolean[] {true, false}) {
                List<Block> blocks = blocks(kind, dense, true, false, 7);
                ClassWeights cw = kind == LossKind.SOFTMAX ? new ClassWeights(false, new double[] {0.5, 3, 1.25})
                        : new ClassWeights(true, new double[] {0.75, 4});
                List<Block> rewritten = new ArrayList<>();
                for (Block b : blocks) {
                    rewritten.add(withLabelsWeightsOffsets(b, b.labels(), cw.rowWeights(b.labels(), b.weights()),
                            null));
                }
                LinearObjective weighted = new LinearObjective(kind.create(3, 1), D, true, cw);
                LinearObjective plain = new LinearObjective(kind.create(3, 1), D, true);
                double[] p = LinearObjectiveTest.parameters(weighted.dimension(), 8, 1.0);
                assertSameBits(sum(plain, rewritten, p), sum(weighted, blocks, p), kind + " dense " + dense);
                NetworkShape shape = new NetworkShape(D, List.of(3), kind == LossKind.SOFTMAX ? 3 : 1,
                        Activation.TANH);
                double[] q = LinearObjectiveTest.parameters(shape.dimension(), 9, 1.0);
                assertSameBits(sum(new NetworkObjective(kind.create(3, 1), shape), rewritten, q),
                        sum(new NetworkObjective(kind.create(3, 1), shape, cw), blocks, q), kind + " network");
            }
        }
    }

    @Test
    void hessiansSeeTheOffsetsAndTheClassWeightsAsTheGradientDoes() {
        // the products are central differences of the gradient, and the dense pass's gradient and loss are the
        // gradient pass's, on rows with weights, offsets and class weights
        for (LossKind kind : List.of(LossKind.POISSON, LossKind.LOGISTIC, LossKind.SOFTMAX)) {
            for (boolean dense : new boolean[] {true, false}) {
                List<Block> blocks = blocks(kind, dense, true, true, 13);
                ClassWeights cw = kind == LossKind.LOGISTIC ? new ClassWeights(true, new double[] {0.5, 3})
                        : kind == LossKind.SOFTMAX ? new ClassWeights(false, new double[] {1, 2, 0.25}) : null;
                LinearObjective objective = new LinearObjective(kind.create(3, 1), D, true, cw);
                double[] p = LinearObjectiveTest.parameters(objective.dimension(), 14, 1.0);
                double[] v = LinearObjectiveTest.parameters(objective.dimension(), 15, 1.0);
                LinearHessianProducts products = new LinearHessianProducts(objective, 1);
                double[] hv = products.unpack(sum(products, blocks, LinearHessianProducts.pack(p,
                        new double[][] {v})).vectorSum())[0];
                double h = 1e-5;
                double[] up = p.clone();
                double[] down = p.clone();
                for (int j = 0; j < p.length; j++) {
                    up[j] += h * v[j];
                    down[j] -= h * v[j];
                }
                double[] gu = sum(objective, blocks, up).vectorSum();
                double[] gd = sum(objective, blocks, down).vectorSum();
                String what = kind.cliName() + " dense " + dense;
                for (int j = 0; j < p.length; j++) {
                    double fd = (gu[j] - gd[j]) / (2 * h);
                    assertEquals(fd, hv[j], 1e-6 * Math.max(1, Math.abs(fd)), what + " component " + j);
                }
                LinearHessian hessian = new LinearHessian(objective, LinearHessian.Curvature.OBSERVED);
                PartialSums full = sum(hessian, blocks, p);
                PartialSums gradient = sum(objective, blocks, p);
                assertEquals(gradient.lossSum(), full.lossSum(), 1e-13 * Math.abs(gradient.lossSum()), what);
                assertEquals(gradient.weightSum(), full.weightSum(), 0.0, what);
                assertClose(gradient.vectorSum(), hessian.gradient(full.vectorSum()), what + " gradient");
            }
        }
    }

    static PartialSums sum(BlockReduction reduction, List<Block> blocks, double[] p) {
        return new LocalReduction(blocks).aggregate(reduction, p, true, "test");
    }

    private static void assertSameBits(PartialSums expected, PartialSums actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected.lossSum()), Double.doubleToRawLongBits(actual.lossSum()),
                what);
        assertEquals(Double.doubleToRawLongBits(expected.weightSum()),
                Double.doubleToRawLongBits(actual.weightSum()), what);
        assertArrayEquals(expected.vectorSum(), actual.vectorSum(), 0.0, what);
    }

    @Test
    void rowsOfWeightZeroAddNothingAndWholeWeightsCountAsRepeatedRows() {
        for (LossKind kind : List.of(LossKind.LOGISTIC, LossKind.POISSON, LossKind.HUBER)) {
            List<Block> blocks = blocks(kind, false, true, true, 11);
            // the same rows, zero-weight ones dropped and a row of weight 2.5 as a weight-0.5 row and two copies
            BlockBuilder builder = BlockBuilder.sparse();
            for (Block b : blocks) {
                SparseBlock s = (SparseBlock) b;
                for (int i = 0; i < b.rows(); i++) {
                    double w = b.weights()[i];
                    int copies = (int) Math.floor(w);
                    double rest = w - copies;
                    for (int c = 0; c < copies + (rest > 0 ? 1 : 0); c++) {
                        for (int q = s.rowStart()[i]; q < s.rowStart()[i + 1]; q++) {
                            builder.addValue(s.columns()[q], s.values()[q]);
                        }
                        builder.endRow(b.labels()[i], c < copies ? 1.0 : rest, b.offsets()[i]);
                    }
                }
            }
            List<Block> repeated = List.of(builder.build(0, D, false, false));
            LinearObjective objective = new LinearObjective(kind.create(3, 1), D, true);
            double[] p = LinearObjectiveTest.parameters(objective.dimension(), 12, 1.0);
            PartialSums a = sum(objective, blocks, p);
            PartialSums b = sum(objective, repeated, p);
            assertEquals(b.weightSum(), a.weightSum(), 0.0, kind.cliName());
            assertEquals(b.lossSum(), a.lossSum(), 1e-13 * Math.abs(b.lossSum()), kind.cliName());
            assertClose(b.vectorSum(), a.vectorSum(), kind.cliName());
            MetricSums.Task task = kind == LossKind.LOGISTIC ? MetricSums.Task.BINARY : MetricSums.Task.REGRESSION;
            PartialSums ma = new LocalReduction(blocks).aggregate(new MetricSums(objective, task), p, true, "m");
            PartialSums mb = new LocalReduction(repeated).aggregate(new MetricSums(objective, task), p, true, "m");
            assertEquals(mb.weightSum(), ma.weightSum(), 0.0);
            assertClose(mb.vectorSum(), ma.vectorSum(), kind.cliName() + " metrics");
        }
    }

    @Test
    void devianceMetricsFollowRsDefinitionsOnASmallSample() {
        // y, mu, w by hand; R: sum(w * poisson()$dev.resids(y, mu, 1)) and the AIC written out with lgamma
        double[] y = {0, 1, 3, 2, 7};
        double[] w = {1, 2, 0.5, 1, 0};
        double[] m = {0.1, -0.3, 1.2, 0.6, 2.0};
        BlockBuilder builder = BlockBuilder.dense(0);
        for (int i = 0; i < y.length; i++) {
            builder.endRow(y[i], w[i], m[i]); // no features: the offsets are the margins
        }
        List<Block> blocks = List.of(builder.build(0, 0, false, false));
        LocalReduction engine = new LocalReduction(blocks);
        PoissonLoss loss = new PoissonLoss();
        LinearObjective model = new LinearObjective(loss, 0, false);
        double b0 = DevianceSums.nullIntercept(engine, loss);
        double num = 0;
        double den = 0;
        double dev = 0;
        double loglik = 0;
        double[] lgamma = {0, 0, StrictMath.log(6), StrictMath.log(2), StrictMath.log(5040)};
        for (int i = 0; i < y.length; i++) {
            double mu = StrictMath.exp(m[i]);
            num += w[i] * y[i];
            den += w[i] * mu;
            dev += w[i] * (y[i] > 0 ? 2 * (y[i] * StrictMath.log(y[i] / mu) - (y[i] - mu)) : 2 * mu);
            loglik += w[i] * (y[i] * StrictMath.log(mu) - mu - lgamma[i]);
        }
        // the null model's score equation sum w (y - exp(b0 + o)) = 0
        assertEquals(StrictMath.log(num / den), b0, 1e-15);
        DevianceMetrics metrics = DevianceMetrics.of(engine.aggregate(new DevianceSums(model, loss, b0), new double[0],
                true, "m"), loss, 0);
        assertEquals(dev, metrics.deviance(), 1e-14 * dev);
        assertEquals(-2 * loglik, metrics.aic(), 1e-14 * Math.abs(loglik));
        assertEquals(4.5, metrics.weightSum(), 0.0);
        assertEquals(dev / 4.5, metrics.meanDeviance(), 1e-14);
        // a label with positive weight that is not a count: R's dpois is 0 there and its AIC infinite; none here
        builder = BlockBuilder.dense(0);
        builder.endRow(2.5, 1.0, 0.0);
        builder.endRow(3, 1.0, 0.0);
        LocalReduction fractional = new LocalReduction(List.of(builder.build(0, 0, false, false)));
        DevianceMetrics f = DevianceMetrics.of(fractional.aggregate(new DevianceSums(model, loss, 0), new double[0],
                true, "m"), loss, 1);
        assertTrue(Double.isNaN(f.aic()));
        assertFalse(f.toMap().containsKey("aic"));
        DevianceMetrics t = DevianceMetrics.of(fractional.aggregate(new DevianceSums(new LinearObjective(
                new TweedieLoss(1.5), 0, false), new TweedieLoss(1.5), 0), new double[0], true, "m"),
                new TweedieLoss(1.5), 1);
        assertTrue(Double.isNaN(t.aic()), "Tweedie has no AIC");
        assertTrue(t.toMap().containsKey("deviance") && t.toMap().containsKey("nullDeviance"));
    }
}
