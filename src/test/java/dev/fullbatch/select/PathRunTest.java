package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.engine.LocalBlocks;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.train.LocalData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The path and its cross-validation on cpusmall against glmnet and cv.glmnet (fixtures made offline by
 * scripts/references/issue18_path_cv.py), run on blocks in memory: the numerical core without Spark.
 */
class PathRunTest {

    static List<Block> cpusmall(int rowsPerBlock) {
        Path file = LocalData.SHARED.resolve("cpusmall_scale.libsvm");
        assumeTrue(Files.isRegularFile(file), "needs " + file);
        return LocalData.read(file, new LibsvmLineParser(12, "--num-features 12", LabelRule.real("least-squares")),
                () -> BlockBuilder.dense(12), rowsPerBlock, 12);
    }

    static PathRun.Settings settings(double alpha, int folds) {
        return new PathRun.Settings(alpha, 50, 1e-4, false, folds, 42,
                Optimizers.create(OptimizerSettings.of("lbfgs")), 5000, 0, 1e-10, true, CvMetric.DEVIANCE);
    }

    static PathRun.Result run(List<Block> blocks, double alpha, int folds, List<List<PathRun.Step>> resumed,
                              PathRun.Listener listener) {
        LinearObjective objective = new LinearObjective(LossKind.LEAST_SQUARES.create(2, 1.0), 12, true);
        return PathRun.run(new LocalBlocks(blocks), objective, LossKind.LEAST_SQUARES, settings(alpha, folds),
                resumed, listener);
    }

    static void assertMatchesGlmnet(PathRun.Result r, String pathFixture, String cvFixture) {
        JsonNode path = Issue18Fixtures.json(pathFixture);
        assertEquals(path.get("lambda_max").asDouble(), r.path().lambda(0), 1e-14 * r.path().lambda(0));
        assertEquals(50, r.fitted());
        for (int k = 0; k < 50; k++) {
            JsonNode ref = path.get("path").get(k);
            double[] coef = Issue18Fixtures.doubles(ref.get("coefficients"));
            double[] p = r.parameters(k);
            for (int j = 0; j < coef.length; j++) {
                assertEquals(coef[j], p[j], 1e-6, pathFixture + " k=" + k + " coefficient " + (j + 1));
            }
            assertEquals(ref.get("intercept").asDouble(), p[coef.length], 1e-6, pathFixture + " k=" + k);
            assertEquals(ref.get("objective_value").asDouble(), r.steps().get(0).get(k).objective(),
                    1e-9 * ref.get("objective_value").asDouble(), pathFixture + " objective k=" + k);
            assertEquals(ref.get("dev_ratio").asDouble(), r.devianceRatio(k), 1e-7, pathFixture + " dev k=" + k);
        }
        if (cvFixture != null) {
            JsonNode mse = Issue18Fixtures.json(cvFixture).get("metrics").get("mse");
            double[] cvm = Issue18Fixtures.doubles(mse.get("cvm"));
            for (int k = 0; k < 50; k++) {
                assertEquals(cvm[k], r.cv().cvm()[k], 1e-8 * cvm[k], cvFixture + " cvm k=" + k);
            }
            assertEquals(mse.get("index_min").asInt(), r.cv().indexMin(), "lambda.min");
            assertEquals(mse.get("index_1se").asInt(), r.cv().index1se(), "lambda.1se");
            // --cv-metric rmse reads the held-out squared errors: the root of the reference fold fits' MSE
            for (int f = 0; f < 5; f++) {
                double[] foldMse = Issue18Fixtures.doubles(mse.get("fold_values").get(f));
                for (int k = 0; k < 50; k++) {
                    double rmse = CvMetric.RMSE.of(r.steps().get(f + 1).get(k));
                    assertEquals(Math.sqrt(foldMse[k]), rmse, 1e-8 * rmse, cvFixture + " fold " + f + " k=" + k);
                }
            }
        }
    }

    @Test
    void lassoPathAndItsCrossValidationAreGlmnets() {
        assertMatchesGlmnet(run(cpusmall(1000), 1, 5, null, null), "path-cpusmall-least-squares-alpha1.json",
                "cv-cpusmall-least-squares-alpha1.json");
    }

    @Test
    void elasticNetPathAndItsCrossValidationAreTheContractsOptima() {
        assertMatchesGlmnet(run(cpusmall(1000), 0.5, 5, null, null), "path-cpusmall-least-squares-alpha0.5.json",
                "cv-cpusmall-least-squares-alpha0.5.json");
    }

    @Test
    void blockOrderAndResumeLeaveEveryBitUnchanged() {
        List<Block> blocks = cpusmall(700);
        PathRun.Result whole = run(blocks, 1, 3, null, null);
        List<Block> reversed = new ArrayList<>(blocks);
        Collections.reverse(reversed);
        PathRun.Result again = run(reversed, 1, 3, null, null);
        assertSameBits(whole, again);
        assertEquals(whole.passes(), again.passes(), "the rounds of passes are deterministic");

        // Interrupted once the full model has fitted 20 penalties, resumed from what it had saved.
        List<List<List<PathRun.Step>>> saved = new ArrayList<>();
        RuntimeException crash = new RuntimeException("simulated crash");
        assertThrows(RuntimeException.class, () -> run(blocks, 1, 3, null, (steps, passes) -> {
            saved.add(steps);
            if (steps.get(0).size() >= 20) {
                throw crash;
            }
        }));
        List<List<PathRun.Step>> checkpoint = saved.get(saved.size() - 1);
        PathRun.Result resumed = run(blocks, 1, 3, checkpoint, null);
        assertSameBits(whole, resumed);
    }

    @Test
    void theListenerSeesEveryPenaltyOfAPathWithoutFolds() {
        // The full model's last penalty ends after the last round: its progress line and checkpoint come from it.
        List<List<List<PathRun.Step>>> seen = new ArrayList<>();
        PathRun.Result r = run(cpusmall(1000), 1, 0, null, (steps, passes) -> seen.add(steps));
        assertEquals(50, r.fitted());
        assertEquals(r.fitted(), seen.get(seen.size() - 1).get(0).size());
    }

    static void assertSameBits(PathRun.Result a, PathRun.Result b) {
        assertEquals(a.steps().size(), b.steps().size());
        for (int m = 0; m < a.steps().size(); m++) {
            assertEquals(a.steps().get(m).size(), b.steps().get(m).size());
            for (int k = 0; k < a.steps().get(m).size(); k++) {
                PathRun.Step x = a.steps().get(m).get(k);
                PathRun.Step y = b.steps().get(m).get(k);
                assertArrayEquals(x.x(), y.x(), "model " + m + " penalty " + k);
                assertEquals(x.objective(), y.objective());
                assertEquals(x.heldOutLoss(), y.heldOutLoss());
            }
        }
        assertArrayEquals(a.cv().cvm(), b.cv().cvm());
    }
}
