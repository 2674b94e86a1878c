package dev.fullbatch.spark;

import static dev.fullbatch.spark.GradientBits.assertSameBits;
import static dev.fullbatch.spark.GradientBits.bits;
import static dev.fullbatch.spark.GradientBits.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.LocalBlocks;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.metrics.BinarySummary;
import dev.fullbatch.metrics.ModelEvaluation;
import dev.fullbatch.metrics.RankingByRanges;
import dev.fullbatch.metrics.ScoreRanking;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The distributed gradient (and any other typed reduction) equals the in-memory reference bit for bit, however the
 * work is split or retried.
 */
class TreeGradientTest {
    // local[4,4]: four threads (a reduce-scatter cuts at most as many slices as there are cores, and the slice test
    // wants more than two), and a task may fail up to 4 times (the failure tests need retries).
    private static JavaSparkContext jsc;

    @TempDir
    static Path dir;

    private static Path dense;
    private static Path sparse;

    @BeforeAll
    static void start() throws Exception {
        jsc = SparkTestSession.start("local[4,4]");
        dense = TestData.libsvm(dir.resolve("dense.libsvm"), 3000, 12, 1.0, "multiclass", 1);
        sparse = TestData.libsvm(dir.resolve("sparse.libsvm"), 3000, 40, 0.1, "multiclass", 2);
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    static ReadOptions options(int partitions) {
        return ReadOptions.libsvm().withBlockBytes(8192).withPartitions(partitions);
    }

    @ParameterizedTest
    @EnumSource(LossKind.class)
    void gradientBitsDoNotDependOnPartitionsOrTreeDepth(LossKind kind) {
        for (Path input : List.of(dense, sparse)) {
            long[] reference = null;
            for (int partitions : new int[] {1, 2, 3, 7, 64}) {
                try (BlockLoader.Loaded data = new BlockLoader(jsc).load(input.toString(), options(partitions))) {
                    int d = data.summary().numFeatures();
                    LinearObjective objective = new LinearObjective(kind.create(3, 1.0, 1.5), d, true);
                    double[] p = params(objective.dimension());
                    if (reference == null) {
                        List<Block> local = data.blocks().collect();
                        assertTrue(local.size() > 5, "test data should span several blocks");
                        reference = bits(new LocalReduction(local).aggregate(objective, p, true, "reference"));
                    }
                    for (int depth = 1; depth <= 4; depth++) {
                        PartialSums s = new TreeGradient(jsc, data.blocks(), depth).aggregate(objective, p, true,
                                "test");
                        assertSameBits(reference, bits(s), kind + " " + input.getFileName() + " partitions "
                                + partitions + " depth " + depth);
                    }
                }
            }
        }
    }

    @Test
    void rankingMetricsByScoreRangesThroughTheTreeEqualOneLocalRankingAtEveryDepth() {
        // The ranking metrics' distributed route: a wide histogram pass (65,536 counts and exact totals) and one pass
        // per score range, with a budget of 50 distinct scores so that there are many ranges. Every depth and
        // partitioning must give the bits of one unbounded ranking of every row.
        LinearObjective model = null;
        double[] p = null;
        Map<String, Object> reference = null;
        for (int partitions : new int[] {1, 9}) {
            try (BlockLoader.Loaded data = new BlockLoader(jsc).load(dense.toString(), options(partitions))) {
                if (model == null) {
                    model = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0), data.summary().numFeatures(), true);
                    p = params(model.dimension());
                    LocalBlocks local = new LocalBlocks(data.blocks().collect());
                    reference = local.reduce(new ModelEvaluation(model, LossKind.LOGISTIC, ScoreRanking.UNBOUNDED),
                            p, "reference").metrics().toMap();
                    assertTrue((double) reference.get("auc") > 0.5 && (double) reference.get("auc") < 1,
                            "a real AUC: " + reference);
                }
                for (int depth = 1; depth <= 3; depth++) {
                    TreeGradient tree = new TreeGradient(jsc, data.blocks(), depth);
                    BinarySummary summary = (BinarySummary) tree.reduce(new ModelEvaluation(model, LossKind.LOGISTIC,
                            50), p, "metrics");
                    assertTrue(summary.rankingOverflowed(), "more distinct scores than the budget");
                    assertEquals(reference.toString(), summary.metrics(RankingByRanges.scan(tree, model, p, 50))
                            .toMap().toString(), "partitions " + partitions + " depth " + depth);
                }
            }
        }
    }

    @Test
    void widePartialsMergedOnAnExecutorGiveTheSameBits() {
        // A model wider than TreeGradient.WIDE takes the merge-on-executor path; the bits must not change.
        int wide = TreeGradient.WIDE + 7;
        LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0), wide, true);
        double[] p = params(objective.dimension());
        long[] reference = null;
        for (int partitions : new int[] {1, 3}) {
            try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(partitions))) {
                if (reference == null) {
                    reference = bits(new LocalReduction(data.blocks().collect()).aggregate(objective, p, true, "ref"));
                }
                for (int depth = 1; depth <= 2; depth++) {
                    assertSameBits(reference, bits(new TreeGradient(jsc, data.blocks(), depth)
                            .aggregate(objective, p, true, "wide")), "wide, partitions " + partitions + " depth "
                            + depth);
                }
            }
        }
    }

    @Test
    void reduceScatteredSlicesAndIntermediateLevelsGiveTheSameBits() {
        // Over 2^21 components: as many slices as partials but no more than the four cores (two; four at depth 1
        // and three at depth 2 of nine partitions), each merged and rounded by its own task; nine partitions at
        // depth 2 add an intermediate level of merges.
        int wide = (1 << 21) + 100;
        LinearObjective objective = new LinearObjective(LossKind.LEAST_SQUARES.create(1, 1.0), wide, true);
        double[] p = params(objective.dimension());
        long[] reference = null;
        for (int partitions : new int[] {2, 9}) {
            try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(partitions))) {
                if (reference == null) {
                    reference = bits(new LocalReduction(data.blocks().collect()).aggregate(objective, p, true, "ref"));
                }
                for (int depth = 1; depth <= 2; depth++) {
                    assertSameBits(reference, bits(new TreeGradient(jsc, data.blocks(), depth)
                            .aggregate(objective, p, true, "sliced")), "sliced, partitions " + partitions
                            + " depth " + depth);
                }
            }
        }
    }

    @Test
    void aReduceScatterRunsNoMoreSliceTasksThanThereAreCores() throws InterruptedException {
        // 2^21 + 100 components could be cut into eight slices of TreeGradient.SLICE, and nine partials leave nine
        // at depth 1; four cores run four slice tasks in one wave.
        int wide = (1 << 21) + 100;
        LinearObjective objective = new LinearObjective(LossKind.LEAST_SQUARES.create(1, 1.0), wide, true);
        List<Integer> sliceTasks = new CopyOnWriteArrayList<>();
        SparkListener listener = new SparkListener() {
            @Override
            public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
                if (submitted.stageInfo().name().startsWith("collect at TreeGradient")) {
                    sliceTasks.add(submitted.stageInfo().numTasks());
                }
            }
        };
        jsc.sc().addSparkListener(listener);
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(9))) {
            new TreeGradient(jsc, data.blocks(), 1).aggregate(objective, params(objective.dimension()), true, "cut");
            long deadline = System.nanoTime() + 10_000_000_000L; // the event may still be in the listener queue
            while (sliceTasks.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(List.of(jsc.sc().defaultParallelism()), sliceTasks);
            assertEquals(4, jsc.sc().defaultParallelism());
        } finally {
            jsc.sc().removeSparkListener(listener);
        }
    }

    @Test
    void retriedTasksAreCountedOnceWithIdenticalBits() {
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(6))) {
            int d = data.summary().numFeatures();
            LinearObjective objective = new LinearObjective(LossKind.SOFTMAX.create(3, 1.0), d, true);
            double[] p = params(objective.dimension());
            long[] clean = bits(new TreeGradient(jsc, data.blocks(), 2).aggregate(objective, p, true, "clean"));
            long[] retried = bits(new TreeGradient(jsc, data.blocks(), 2)
                    .aggregate(new FailingFirstAttempt(objective), p, true, "with failures"));
            assertSameBits(clean, retried, "with injected task failures");
        }
    }

    @Test
    void retriedMapTasksOfTheReduceScatterAreCountedOnceWithIdenticalBits() {
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(6))) {
            LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0),
                    TreeGradient.WIDE + 11, true);
            double[] p = params(objective.dimension());
            long[] reference = bits(new LocalReduction(data.blocks().collect()).aggregate(objective, p, true, "ref"));
            long[] retried = bits(new TreeGradient(jsc, data.blocks(), 2)
                    .aggregate(new FailingFirstAttempt(objective), p, true, "wide, with failures"));
            assertSameBits(reference, retried, "reduce-scatter with injected task failures");
        }
    }

    @Test
    void lossOnlyPassMatchesTheLossOfTheFullPass() {
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(dense.toString(), options(3))) {
            LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0),
                    data.summary().numFeatures(), true);
            double[] p = params(objective.dimension());
            TreeGradient engine = new TreeGradient(jsc, data.blocks(), 2);
            PartialSums full = engine.aggregate(objective, p, true, "full");
            PartialSums lossOnly = engine.aggregate(objective, p, false, "loss only");
            assertEquals(Double.doubleToRawLongBits(full.lossSum()), Double.doubleToRawLongBits(lossOnly.lossSum()));
            assertEquals(3000, lossOnly.rows());
        }
    }
}
