package dev.fullbatch.cluster;

import static dev.fullbatch.spark.GradientBits.assertSameBits;
import static dev.fullbatch.spark.GradientBits.bits;
import static dev.fullbatch.spark.GradientBits.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.FailingFirstAttempt;
import dev.fullbatch.spark.SparkTestSession;
import dev.fullbatch.spark.TestData;
import dev.fullbatch.spark.TreeGradient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On {@code local-cluster[2,1,1024]} (two real executor JVMs started by Spark inside this test) the distributed
 * gradient has the bits of the in-memory reference {@link LocalReduction} over the same blocks, for every loss,
 * dense and sparse data, several partition counts and tree depths, and with tasks failing once and retrying.
 */
class LocalClusterGradientIT {
    private static JavaSparkContext jsc;

    @TempDir
    static Path dir;

    private static Path dense;
    private static Path sparse;

    @BeforeAll
    static void start() throws Exception {
        jsc = SparkTestSession.localCluster("fullbatch-local-cluster", 4);
        dense = TestData.libsvm(dir.resolve("dense.libsvm"), 3000, 12, 1.0, "multiclass", 1);
        sparse = TestData.libsvm(dir.resolve("sparse.libsvm"), 3000, 40, 0.1, "multiclass", 2);
    }

    @AfterAll
    static void stop() {
        if (jsc != null) {
            jsc.stop();
        }
    }

    private static ReadOptions options(int partitions) {
        return ReadOptions.libsvm().withBlockBytes(8192).withPartitions(partitions);
    }

    @Test
    void gradientBitsOnTwoExecutorJvmsEqualTheInMemoryReference() {
        // TreeGradientTest covers every partition count and depth in one JVM; here the point is two JVMs.
        int[][] shapes = {{3, 1}, {7, 3}};
        Set<String> executorsSeen = new HashSet<>();
        for (Path input : List.of(dense, sparse)) {
            long[][] reference = new long[LossKind.values().length][];
            for (int[] shape : shapes) {
                try (BlockLoader.Loaded data = new BlockLoader(jsc).load(input.toString(), options(shape[0]))) {
                    int d = data.summary().numFeatures();
                    List<Block> local = null;
                    for (LossKind kind : LossKind.values()) {
                        LinearObjective objective = new LinearObjective(kind.create(3, 1.0, 1.5), d, true);
                        double[] p = params(objective.dimension());
                        if (reference[kind.ordinal()] == null) {
                            if (local == null) {
                                local = data.blocks().collect();
                                assertTrue(local.size() > 5, "test data should span several blocks");
                            }
                            reference[kind.ordinal()] = bits(new LocalReduction(local).aggregate(objective, p, true,
                                    "reference"));
                        }
                        PartialSums s = new TreeGradient(jsc, data.blocks(), shape[1]).aggregate(objective, p,
                                true, "local-cluster");
                        assertSameBits(reference[kind.ordinal()], bits(s), kind + " " + input.getFileName()
                                + " partitions " + shape[0] + " depth " + shape[1]);
                    }
                    executorsSeen.addAll(data.blocks().map(b -> SparkEnv.get().executorId()).collect());
                }
            }
        }
        assertEquals(2, executorsSeen.size(), "blocks should have been processed in two executor JVMs, saw "
                + executorsSeen);
    }

    @Test
    void retriedTasksOnExecutorJvmsGiveTheReferenceBits() {
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options(6))) {
            LinearObjective objective = new LinearObjective(LossKind.SOFTMAX.create(3, 1.0),
                    data.summary().numFeatures(), true);
            double[] p = params(objective.dimension());
            long[] reference = bits(new LocalReduction(data.blocks().collect()).aggregate(objective, p, true,
                    "reference"));
            long[] retried = bits(new TreeGradient(jsc, data.blocks(), 2)
                    .aggregate(new FailingFirstAttempt(objective), p, true, "with failures"));
            assertSameBits(reference, retried, "local-cluster with injected task failures");
        }
    }
}
