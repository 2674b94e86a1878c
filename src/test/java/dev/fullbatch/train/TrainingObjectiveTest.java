package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.loss.LeastSquaresLoss;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.Evaluation;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Standardization changes the optimizer's path, never the optimum; the penalty is the contract's. */
class TrainingObjectiveTest {

    /** Features with very different scales and offsets, and y = X w* + b* + noise. */
    static List<Block> data() {
        SplittableRandom rnd = new SplittableRandom(4);
        BlockBuilder b = BlockBuilder.dense(3);
        for (int i = 0; i < 400; i++) {
            double x0 = 1000 + 50 * rnd.nextGaussian();
            double x1 = 0.001 * rnd.nextGaussian();
            double x2 = rnd.nextGaussian();
            b.addValue(0, x0);
            b.addValue(1, x1);
            b.addValue(2, x2);
            b.endRow(0.01 * x0 + 300 * x1 - 2 * x2 + 5 + 0.1 * rnd.nextGaussian(), 1.0);
        }
        return List.of(b.build(0, 3, false, false));
    }

    /** Solves the ridge normal equations (intercept unpenalized) by Gaussian elimination. */
    static double[] ridge(List<Block> blocks, double lambda) {
        return ridge(blocks, lambda, new double[] {1, 1, 1});
    }

    /** The same with feature j's penalty {@code lambda * factors[j]} (per-feature penalty factors). */
    static double[] ridge(List<Block> blocks, double lambda, double[] factors) {
        int p = 4;
        double[][] a = new double[p][p + 1];
        int n = 0;
        for (Block blk : blocks) {
            for (int i = 0; i < blk.rows(); i++) {
                double[] z = {blk.featureAt(i, 0), blk.featureAt(i, 1), blk.featureAt(i, 2), 1.0};
                for (int r = 0; r < p; r++) {
                    for (int c = 0; c < p; c++) {
                        a[r][c] += z[r] * z[c];
                    }
                    a[r][p] += z[r] * blk.labels()[i];
                }
                n++;
            }
        }
        for (int r = 0; r < p; r++) {
            for (int c = 0; c <= p; c++) {
                a[r][c] /= n;
            }
            if (r < 3) {
                a[r][r] += lambda * factors[r];
            }
        }
        for (int c = 0; c < p; c++) {
            for (int r = c + 1; r < p; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= p; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] x = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double s = a[r][p];
            for (int k = r + 1; k < p; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    static Parametrization standardized(LocalReduction engine) {
        PartialSums m = engine.aggregate(new FeatureMoments(3), new double[0], true, "moments");
        return new LinearParametrization(Standardization.fromMoments(m.vectorSum(), m.weightSum(), 3, true), 1,
                true);
    }

    @Test
    void lbfgsReachesTheRidgeOptimumWithAndWithoutStandardization() {
        List<Block> blocks = data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        double lambda = 1e-3;
        double[] exact = ridge(blocks, lambda);
        for (Parametrization param : List.of(standardized(engine),
                new LinearParametrization(Standardization.identity(3), 1, true))) {
            TrainingObjective f = new TrainingObjective(engine, objective, param, lambda, () -> "test");
            Trainer trainer = new Trainer(Optimizers.create(OptimizerSettings.of("lbfgs")),
                    ConvergenceCriterion.standard(5000, 0, 1e-13, null, System::nanoTime), s -> s.gradNorm(),
                    x -> Map.of(), List.of(), System::nanoTime);
            Trainer.Outcome out = trainer.run(new Problem(f, null), new double[4]);
            double[] w = param.toModel(out.state().x());
            for (int j = 0; j < 4; j++) {
                assertEquals(exact[j], w[j], 1e-6 * Math.max(1, Math.abs(exact[j])), "coefficient " + j);
            }
        }
    }

    @Test
    void standardizationIsAChangeOfVariablesThatKeepsTheObjective() {
        List<Block> blocks = data();
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 3, true);
        Parametrization std = standardized(engine);
        Parametrization id = new LinearParametrization(Standardization.identity(3), 1, true);
        double[] model = {0.02, 100, -1, 3};
        TrainingObjective fs = new TrainingObjective(engine, objective, std, 0.5, () -> "s");
        TrainingObjective fi = new TrainingObjective(engine, objective, id, 0.5, () -> "i");
        Evaluation es = fs.evaluate(std.toOptimizer(model));
        Evaluation ei = fi.evaluate(model);
        assertEquals(ei.value(), es.value(), 1e-9 * Math.abs(ei.value()));
        double[] back = std.toModel(std.toOptimizer(model));
        for (int j = 0; j < 4; j++) {
            assertEquals(model[j], back[j], 1e-12 * Math.abs(model[j]));
        }
        assertTrue(fs.value(std.toOptimizer(model)) > 0);
    }
}
