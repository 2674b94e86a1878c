package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.spark.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A session whose storage memory (about 1.8 MB) is smaller than the data: the cache spills to disk. */
class CacheSpillTest {
    private static SparkRuntime runtime;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        runtime = SparkRuntime.open("local[1]", "fullbatch-spill-test", Map.of(
                "spark.testing.memory", "3000000", "spark.testing.reservedMemory", "0",
                "spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stop() {
        runtime.close();
    }

    @Test
    void aCacheLargerThanStorageMemoryIsSaidOnceWithTheSizesAndTheSettingToRaise() throws Exception {
        Path data = TestData.libsvm(dir.resolve("big.libsvm"), 8000, 40, 1.0, "binary", 5);
        JobRun run = JobRun.of("train", "--data", data.toString(), "--objective", "logistic", "--max-iter", "2",
                "--block-size", "64k", "--output", dir.resolve("m").toString());
        assertEquals(0, run.exitCode(), run::toString);
        String line = "fullbatch: the cached data does not fit in Spark's storage memory: ";
        assertEquals(1, run.err().split(java.util.regex.Pattern.quote(line), -1).length - 1, run::toString);
        assertTrue(run.err().matches("(?s).*" + java.util.regex.Pattern.quote(line)
                + "[0-9.]+ [kMG]?B cached in memory, [0-9.]+ [kMG]?B spilled to disk \\(every pass reads it back "
                + "from disk\\); raise the heap of this JVM \\(FULLBATCH_DRIVER_MEMORY with scripts/fullbatch, "
                + "--driver-memory under spark-submit\\), or halve the data with --feature-storage float32\n.*"),
                run::toString);
        // Spark's own per-block warning ("Not enough space to cache rdd_...") is off in sessions fullbatch starts.
        assertEquals(Level.ERROR, LogManager.getLogger(SparkRuntime.MEMORY_STORE_LOGGER).getLevel());
    }
}
