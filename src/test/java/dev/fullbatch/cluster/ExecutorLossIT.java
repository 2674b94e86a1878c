package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LogisticLoss;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.SparkTestSession;
import dev.fullbatch.spark.TestData;
import dev.fullbatch.spark.TreeGradient;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.nio.file.Files;
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
 * An executor JVM of a {@code local-cluster} master killed with SIGKILL in the middle of training: Spark replaces
 * it, recomputes the lost cached blocks from the input and reruns the lost tasks, and the trained weights are
 * identical to the last bit to a run where nothing failed.
 */
class ExecutorLossIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        jsc = SparkTestSession.localCluster("fullbatch-executor-loss", 8);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) {
            jsc.stop();
        }
    }

    private static double[] train(BlockLoader.Loaded data, int killAtIteration) {
        LinearObjective objective = new LinearObjective(new LogisticLoss(), data.summary().numFeatures(), true);
        TrainingObjective f = new TrainingObjective(new TreeGradient(jsc, data.blocks(), 2), objective,
                new LinearParametrization(Standardization.identity(data.summary().numFeatures()), 1, true), 1e-3,
                () -> "executor loss test");
        boolean[] killed = {false};
        Trainer.Listener killer = (state, row) -> {
            if (row.iteration() == killAtIteration) {
                killed[0] = killOneExecutor();
            }
            return Optional.empty();
        };
        Trainer trainer = new Trainer(Optimizers.create(OptimizerSettings.of("lbfgs")),
                ConvergenceCriterion.maxIterations(8), s -> s.gradNorm(), x -> Map.of(), List.of(killer),
                System::nanoTime);
        double[] x = trainer.run(new Problem(f, null), new double[objective.dimension()]).state().x();
        if (killAtIteration > 0) {
            assertTrue(killed[0], "an executor JVM should have been found and killed");
        }
        return x;
    }

    /** SIGKILLs one executor JVM (a child process of this JVM running CoarseGrainedExecutorBackend). */
    private static boolean killOneExecutor() {
        Optional<ProcessHandle> executor = ProcessHandle.current().descendants()
                .filter(p -> commandLine(p).contains("CoarseGrainedExecutorBackend"))
                .findFirst();
        executor.ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
        });
        return executor.isPresent();
    }

    /** The full command line from /proc (ProcessHandle.Info may cut it short for long classpaths). */
    private static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | RuntimeException e) {
            return p.info().commandLine().orElse("");
        }
    }

    @Test
    void killingAnExecutorMidTrainingChangesNoBit() throws Exception {
        Path input = TestData.libsvm(dir.resolve("train.libsvm"), 4000, 20, 0.5, "binary", 9);
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(input.toString(),
                ReadOptions.libsvm().withBlockBytes(8192).withPartitions(6))) {
            double[] clean = train(data, -1);
            double[] withLoss = train(data, 3);
            assertEquals(clean.length, withLoss.length);
            assertArrayEquals(clean, withLoss, 0.0, "weights after losing an executor");
            for (int i = 0; i < clean.length; i++) {
                assertEquals(Double.doubleToRawLongBits(clean[i]), Double.doubleToRawLongBits(withLoss[i]));
            }
        }
    }
}
