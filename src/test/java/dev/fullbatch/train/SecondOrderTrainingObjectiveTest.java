package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.SymmetricMatrix;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.Evaluation;
import dev.fullbatch.optim.Newton;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.optim.SecondOrderEvaluation;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hessian in optimizer coordinates through a standardization and with L2: products and the dense matrix are
 * the central differences of the gradient, agree with each other, and Newton on them reaches the contract's optimum.
 */
class SecondOrderTrainingObjectiveTest {

    /** Features of very different scales and offsets, labels for the loss, some rows weighted. */
    static List<Block> data(LossKind kind) {
        SplittableRandom rnd = new SplittableRandom(7);
        BlockBuilder b = BlockBuilder.dense(3);
        for (int i = 0; i < 300; i++) {
            double x0 = 1000 + 50 * rnd.nextGaussian();
            double x1 = 0.001 * rnd.nextGaussian();
            double x2 = rnd.nextGaussian();
            b.addValue(0, x0);
            b.addValue(1, x1);
            b.addValue(2, x2);
            double m = 0.01 * (x0 - 1000) + 300 * x1 - 2 * x2 + 0.5 + rnd.nextGaussian();
            double label = switch (kind) {
                case LOGISTIC -> m > 0 ? 1 : -1;
                case SOFTMAX -> m < -1 ? 0 : m < 1 ? 1 : 2;
                default -> m;
            };
            b.endRow(label, i % 7 == 0 ? 2.5 : 1.0);
        }
        return List.of(b.build(0, 3, false, false));
    }

    static SecondOrderTrainingObjective objective(LossKind kind, List<Block> blocks, double l2) {
        LinearObjective model = new LinearObjective(kind.create(3, 1.0), 3, true);
        LocalReduction engine = new LocalReduction(blocks);
        PartialSums moments = engine.aggregate(new FeatureMoments(3), new double[0], true, "moments");
        Standardization s = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), 3, true, l2, model.loss());
        return new SecondOrderTrainingObjective(engine, model, new LinearParametrization(s, model.outputs(), true),
                l2, () -> "test");
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX"})
    void productsAndTheDenseHessianAreCentralDifferencesOfTheGradient(LossKind kind) {
        SecondOrderTrainingObjective f = objective(kind, data(kind), 0.01);
        int n = f.dimension();
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[n];
        double[] d = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = 0.3 * rnd.nextGaussian();
            d[j] = rnd.nextGaussian();
        }
        double[] hd = f.hessianTimes(x, new double[][] {d})[0];
        SecondOrderEvaluation full = f.evaluateWithHessian(x);
        double[] hd2 = full.hessian().times(d);
        double h = 1e-6;
        double[] plus = f.evaluate(plusScaled(x, h, d)).gradient();
        double[] minus = f.evaluate(plusScaled(x, -h, d)).gradient();
        for (int j = 0; j < n; j++) {
            double fd = (plus[j] - minus[j]) / (2 * h);
            assertEquals(fd, hd[j], 1e-6 * Math.max(1, Math.abs(fd)), kind + " product " + j);
            assertEquals(hd[j], hd2[j], 1e-12 * Math.max(1, Math.abs(hd[j])), kind + " dense " + j);
        }
        Evaluation e = f.evaluate(x);
        assertEquals(e.value(), full.value());
        assertArrayEquals(e.gradient(), full.gradient());
    }

    @ParameterizedTest
    @EnumSource(names = {"LEAST_SQUARES", "LOGISTIC", "SOFTMAX"})
    void theDiagonalPassGivesTheGradientPassBitsAndTheDenseHessiansDiagonal(LossKind kind) {
        for (boolean sparse : new boolean[] {false, true}) {
            List<Block> blocks = data(kind);
            if (sparse) {
                blocks = List.of(asSparse(blocks.get(0)));
            }
            SecondOrderTrainingObjective f = objective(kind, blocks, 0.01);
            double[] x = new double[f.dimension()];
            SplittableRandom rnd = new SplittableRandom(5);
            for (int j = 0; j < x.length; j++) {
                x[j] = 0.3 * rnd.nextGaussian();
            }
            dev.fullbatch.optim.DiagonalEvaluation e = f.evaluateWithDiagonal(x);
            Evaluation plain = f.evaluate(x);
            assertEquals(plain.value(), e.value(), kind + " value");
            assertArrayEquals(plain.gradient(), e.gradient(), kind + " gradient");
            SecondOrderEvaluation full = f.evaluateWithHessian(x);
            for (int q = 0; q < x.length; q++) {
                double expected = full.hessian().get(q, q);
                assertEquals(expected, e.diagonal()[q], 1e-9 * Math.abs(expected), kind + " diagonal " + q
                        + (sparse ? " (sparse)" : ""));
            }
        }
    }

    /** The same rows in a sparse block. */
    static Block asSparse(Block dense) {
        BlockBuilder b = BlockBuilder.sparse();
        double[] v = ((dev.fullbatch.data.DenseBlock) dense).values();
        for (int i = 0; i < dense.rows(); i++) {
            for (int j = 0; j < 3; j++) {
                b.addValue(j, v[i * 3 + j]);
            }
            b.endRow(dense.labels()[i], dense.weights() == null ? 1.0 : dense.weights()[i]);
        }
        return b.build(0, 3, false, false);
    }

    static double[] plusScaled(double[] x, double a, double[] d) {
        double[] out = x.clone();
        for (int j = 0; j < x.length; j++) {
            out[j] += a * d[j];
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 100})
    void newtonReachesTheRidgeOptimumOfTheContract(int maxDense) {
        List<Block> blocks = TrainingObjectiveTest.data();
        double lambda = 0.05;
        double[] expected = TrainingObjectiveTest.ridge(blocks, lambda);
        SecondOrderTrainingObjective f = objective(LossKind.LEAST_SQUARES, blocks, lambda);
        Trainer trainer = new Trainer(new Newton(maxDense), ConvergenceCriterion.standard(50, 0, 1e-12, null,
                System::nanoTime), s -> s.gradNorm(), x -> Map.of(), List.of(), System::nanoTime);
        double[] p = f.modelParameters(trainer.run(Problem.smooth(f), new double[4]).state().x());
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], p[j], 1e-9 * Math.max(1, Math.abs(expected[j])), "parameter " + j);
        }
    }

    @org.junit.jupiter.api.Test
    void theDenseHessianIsSymmetricPositiveDefiniteWithL2() {
        SecondOrderTrainingObjective f = objective(LossKind.LOGISTIC, data(LossKind.LOGISTIC), 1e-3);
        SymmetricMatrix h = f.evaluateWithHessian(new double[4]).hessian();
        dev.fullbatch.math.CholeskyFactor.of(h); // does not throw
    }
}
