package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LeastSquaresLoss;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of iterations: no lineage growth (no stack overflow), no leaked broadcasts or cached data, and driver
 * memory that does not grow with the iteration count. (A 10,000-iteration run of the real job is in the table
 * "What was tried" of docs/reliability.md; this keeps CI time reasonable.)
 */
class LongRunTest {
    private static JavaSparkContext jsc;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        jsc = SparkTestSession.start("local[2]");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void thousandsOfIterationsNeitherOverflowNorGrowMemory() throws Exception {
        Path file = TestData.libsvm(dir.resolve("tiny.libsvm"), 200, 5, 1.0, "regression", 5);
        int iterations = 1500;
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(file.toString(), ReadOptions.libsvm()
                .withPartitions(2))) {
            int rddsBefore = jsc.sc().getPersistentRDDs().size();
            LinearObjective objective = new LinearObjective(new LeastSquaresLoss(), 5, true);
            TreeGradient engine = new TreeGradient(jsc, data.blocks(), 2);
            TrainingObjective f = new TrainingObjective(engine, objective,
                    new LinearParametrization(Standardization.identity(5), 1, true), 0, () -> "long run");
            long[] heap = new long[2];
            Trainer.Listener sampler = (state, row) -> {
                if (row.iteration() == 500) {
                    heap[0] = usedHeapAfterGc();
                } else if (row.iteration() == iterations) {
                    heap[1] = usedHeapAfterGc();
                }
                return Optional.empty();
            };
            Trainer trainer = new Trainer(Optimizers.create(OptimizerSettings.of("gd").withStepSize("0.001")),
                    ConvergenceCriterion.maxIterations(iterations), s -> s.gradNorm(), x -> Map.of(),
                    List.of(sampler), System::nanoTime);
            Trainer.Outcome out = trainer.run(new Problem(f, null), new double[6]);
            assertEquals(iterations, out.state().iteration());
            assertEquals(rddsBefore, jsc.sc().getPersistentRDDs().size(), "no cached RDD per iteration");
            long growth = heap[1] - heap[0];
            assertTrue(growth < 48L << 20, "driver heap grew by " + (growth >> 20) + " MB from iteration 500 to "
                    + iterations);
        }
    }
}
