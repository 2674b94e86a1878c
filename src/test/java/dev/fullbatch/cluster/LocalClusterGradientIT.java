package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.ReadOptions;
import dev.fullbatch.spark.SparkTestSession;
import dev.fullbatch.spark.TestData;
import dev.fullbatch.spark.TreeGradient;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
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

    private static double[] params(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = StrictMath.sin(i + 1) * 0.1;
        }
        return p;
    }

    private static long[] bits(PartialSums s) {
        double[] v = s.vectorSum();
        long[] out = new long[v.length + 2];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        out[v.length] = Double.doubleToRawLongBits(s.lossSum());
        out[v.length + 1] = Double.doubleToRawLongBits(s.weightSum());
        return out;
    }

    private static void assertSameBits(long[] expected, long[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], what + ": component " + i + " differs");
        }
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
                        LinearObjective objective = new LinearObjective(kind.create(3, 1.0), d, true);
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

    /** Fails the first attempt of every other task after it has added its blocks. */
    static final class FailingFirstAttempt implements BlockReduction {
        private static final long serialVersionUID = 1L;
        private final BlockReduction inner;

        FailingFirstAttempt(BlockReduction inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public void accumulate(Block block, double[] parameters, PartialSums sums) {
            inner.accumulate(block, parameters, sums);
            TaskContext tc = TaskContext.get();
            if (tc.attemptNumber() == 0 && tc.partitionId() % 2 == 0) {
                throw new IllegalStateException("injected failure of task " + tc.partitionId());
            }
        }
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
