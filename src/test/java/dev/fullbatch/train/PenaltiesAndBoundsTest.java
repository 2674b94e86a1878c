package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.ZeroTotalWeightException;
import dev.fullbatch.loss.LeastSquaresLoss;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.Box;
import dev.fullbatch.optim.CoefficientBounds;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.L1Penalty;
import dev.fullbatch.optim.Newton;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Per-feature penalty factors and coefficient bounds through the training parametrization and objective. */
class PenaltiesAndBoundsTest {

    static Trainer lbfgs() {
        return new Trainer(Optimizers.create(OptimizerSettings.of("lbfgs")),
                ConvergenceCriterion.standard(5000, 0, 1e-13, null, System::nanoTime), s -> s.gradNorm(),
                x -> Map.of(), List.of(), System::nanoTime);
    }

    static LinearParametrization standardized(LocalReduction engine, CoefficientBounds bounds) {
        PartialSums m = engine.aggregate(new FeatureMoments(3), new double[0], true, "moments");
        return new LinearParametrization(Standardization.fromMoments(m.vectorSum(), m.weightSum(), 3, true), 1, true,
                bounds);
    }

    @Test
    void penaltyFactorsScaleEachFeaturesRidgePenalty() {
        List<Block> blocks = TrainingObjectiveTest.data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        double l2 = 0.05;
        PenaltyFactors factors = PenaltyFactors.uniform(3).withFeatures(new int[] {0, 2}, new double[] {0.0, 4.0});
        double[] expected = TrainingObjectiveTest.ridge(blocks, l2, factors.factors());
        LinearParametrization param = standardized(engine, null);
        TrainingObjective f = new TrainingObjective(engine, objective, param, l2, factors.perCoordinate(1, true),
                () -> "test");
        double[] w = param.toModel(lbfgs().run(new Problem(f, null), new double[4]).state().x());
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], w[j], 1e-7 * Math.max(1, Math.abs(expected[j])), "coefficient " + j);
        }
    }

    @Test
    void newtonsHessianCarriesThePenaltyFactorsAndRefusesBounds() {
        List<Block> blocks = TrainingObjectiveTest.data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        double l2 = 0.05;
        PenaltyFactors factors = PenaltyFactors.uniform(3).withFeatures(new int[] {0, 2}, new double[] {0.0, 4.0});
        double[] expected = TrainingObjectiveTest.ridge(blocks, l2, factors.factors());
        LinearParametrization param = standardized(engine, null);
        SecondOrderTrainingObjective f = new SecondOrderTrainingObjective(engine, objective, param, l2,
                factors.perCoordinate(1, true), () -> "test");
        Problem problem = Problem.smooth(f);
        Newton newton = new Newton(4096);
        OptimizerState state = newton.start(new double[4], problem);
        while (state.iteration() < 50 && state.scalarOr("stalled", 0) == 0 && state.gradNorm() > 1e-13) {
            state = newton.step(state, problem);
        }
        double[] w = param.toModel(state.x());
        for (int j = 0; j < 4; j++) {
            assertEquals(expected[j], w[j], 1e-9 * Math.max(1, Math.abs(expected[j])), "coefficient " + j);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecondOrderTrainingObjective(engine, objective, standardized(engine,
                        CoefficientBounds.uniform(3, 0, 1)), l2, () -> "test"));
        assertTrue(e.getMessage().contains("does not take coefficient bounds"), e.getMessage());
    }

    @Test
    void factorsOfOneGiveThePlainPenaltysBits() {
        List<Block> blocks = TrainingObjectiveTest.data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        LinearParametrization param = standardized(engine, null);
        double[] x = {0.3, -2, 1.5, 7};
        TrainingObjective plain = new TrainingObjective(engine, objective, param, 0.2, () -> "a");
        TrainingObjective ones = new TrainingObjective(engine, objective, param, 0.2,
                PenaltyFactors.uniform(3).perCoordinate(1, true), () -> "b");
        assertEquals(plain.evaluate(x), ones.evaluate(x));
        assertEquals(Double.doubleToRawLongBits(plain.value(x)), Double.doubleToRawLongBits(ones.value(x)));
        double[] scale = param.penaltyScale();
        L1Penalty expected = new L1Penalty(new double[] {scale[0] * 0.1, scale[1] * 0.1, scale[2] * 0.1, 0});
        assertEquals(expected, PenaltyFactors.uniform(3).l1Penalty(0.1, scale, 1, true));
    }

    @Test
    void aZeroFactorLeavesAFeatureOutOfAnOverwhelmingL1Penalty() {
        // with lambda huge every penalized coefficient is 0; the unpenalized feature and the intercept are then the
        // least-squares fit on that feature alone
        List<Block> blocks = TrainingObjectiveTest.data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        LinearParametrization param = standardized(engine, null);
        PenaltyFactors factors = PenaltyFactors.uniform(3).withFeatures(new int[] {2}, new double[] {0});
        TrainingObjective f = new TrainingObjective(engine, objective, param, 0, () -> "test");
        Problem problem = new Problem(f, factors.l1Penalty(1e4, param.penaltyScale(), 1, true));
        double[] w = param.toModel(lbfgs().run(problem, new double[4]).state().x());
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        int n = 0;
        for (Block b : blocks) {
            for (int i = 0; i < b.rows(); i++) {
                double x = b.featureAt(i, 2);
                double y = b.labels()[i];
                sx += x;
                sy += y;
                sxx += x * x;
                sxy += x * y;
                n++;
            }
        }
        double slope = (sxy - sx * sy / n) / (sxx - sx * sx / n);
        assertEquals(0.0, w[0], 0.0);
        assertEquals(0.0, w[1], 0.0);
        assertEquals(slope, w[2], 1e-7 * Math.abs(slope));
        assertEquals((sy - slope * sx) / n, w[3], 1e-7 * Math.abs(w[3]));
    }

    @Test
    void negativeOrInfiniteFactorsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PenaltyFactors.uniform(3).withFeatures(new int[] {1}, new double[] {-1}));
        assertTrue(e.getMessage().contains("penalty factor of feature 2 is -1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PenaltyFactors(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class,
                () -> new PenaltyFactors(new double[] {Double.POSITIVE_INFINITY}));
    }

    @Test
    void theBoxOfStandardizedCoordinatesMapsOntoTheBoundsExactly() {
        SplittableRandom random = new SplittableRandom(1);
        for (int trial = 0; trial < 200; trial++) {
            int d = 5;
            double[] mean = new double[d];
            double[] scale = new double[d];
            double[] lo = new double[d];
            double[] hi = new double[d];
            for (int j = 0; j < d; j++) {
                mean[j] = 10 * random.nextGaussian();
                scale[j] = Math.exp(8 * random.nextGaussian());
                lo[j] = random.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : random.nextGaussian();
                hi[j] = random.nextInt(4) == 0 ? Double.POSITIVE_INFINITY
                        : (Double.isFinite(lo[j]) ? lo[j] : 0) + (random.nextInt(5) == 0 ? 0 : random.nextDouble());
            }
            LinearParametrization p = new LinearParametrization(new Standardization(mean, scale), 2, true,
                    new CoefficientBounds(lo, hi));
            Box box = p.box();
            double[] lower = box.lower();
            double[] upper = box.upper();
            assertEquals(Double.NEGATIVE_INFINITY, lower[2 * d]);
            assertEquals(Double.POSITIVE_INFINITY, upper[2 * d + 1]);
            double[] atLower = lower.clone();
            double[] atUpper = upper.clone();
            double[] inside = new double[2 * d + 2];
            for (int k = 0; k < 2 * d + 2; k++) {
                double a = Double.isFinite(lower[k]) ? lower[k] : -1e3;
                double b = Double.isFinite(upper[k]) ? upper[k] : 1e3;
                inside[k] = a + random.nextDouble() * (b - a);
                atLower[k] = Double.isFinite(lower[k]) ? lower[k] : 0;
                atUpper[k] = Double.isFinite(upper[k]) ? upper[k] : 0;
            }
            double[] wl = p.toModel(atLower);
            double[] wu = p.toModel(atUpper);
            double[] wi = p.toModel(inside);
            for (int k = 0; k < 2 * d; k++) {
                int j = k % d;
                if (Double.isFinite(lo[j])) {
                    assertEquals(lo[j], wl[k], 0.0, "a coefficient at the box's edge is the bound itself");
                }
                if (Double.isFinite(hi[j])) {
                    assertEquals(hi[j], wu[k], 0.0);
                }
                assertTrue(wi[k] >= lo[j] && wi[k] <= hi[j], "inside the box means within the bounds");
            }
        }
        assertEquals(null, new LinearParametrization(Standardization.identity(2), 1, true,
                CoefficientBounds.none(2)).box(), "no bounds: no box, and exactly the unbounded training");
    }

    @Test
    void boundsDoNotDependOnTheStandardization() {
        List<Block> blocks = TrainingObjectiveTest.data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        CoefficientBounds bounds = new CoefficientBounds(new double[] {0, 250, Double.NEGATIVE_INFINITY},
                new double[] {Double.POSITIVE_INFINITY, 280, -2.5});
        double[][] models = new double[2][];
        int k = 0;
        for (LinearParametrization param : List.of(standardized(engine, bounds),
                new LinearParametrization(Standardization.identity(3), 1, true, bounds))) {
            TrainingObjective f = new TrainingObjective(engine, objective, param, 0, () -> "test");
            models[k++] = param.toModel(lbfgs().run(new Problem(f, null, param.box()), new double[4]).state().x());
        }
        assertEquals(280.0, models[0][1], 0.0, "held at its upper bound (the unbounded fit is near 300)");
        assertEquals(-2.5, models[0][2], 0.0, "held at its upper bound (the unbounded fit is near -2)");
        assertArrayEquals(models[0], models[1], 1e-6);
    }

    @Test
    void dataWhoseWeightsAreAllZeroIsAUserError() {
        BlockBuilder b = BlockBuilder.dense(1);
        for (int i = 0; i < 3; i++) {
            b.addValue(0, i);
            b.endRow(i, 0.0);
        }
        LocalReduction engine = new LocalReduction(List.of(b.build(0, 1, false, false)));
        TrainingObjective f = new TrainingObjective(engine, new LinearObjective(new LeastSquaresLoss(), 1, true),
                new LinearParametrization(Standardization.identity(1), 1, true), 0, () -> "test");
        ZeroTotalWeightException e = assertThrows(ZeroTotalWeightException.class, () -> f.evaluate(new double[2]));
        assertTrue(e.getMessage().startsWith("the training data has no row with a positive weight"), e.getMessage());
        assertThrows(ZeroTotalWeightException.class, () -> f.value(new double[2]));
    }
}
