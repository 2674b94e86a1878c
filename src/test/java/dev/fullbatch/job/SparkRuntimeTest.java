package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.spark.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.SparkEnv;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SparkRuntime} starts in a process with no Spark yet (scripts/fullbatch's case): a bare context in
 * local mode without the web UI, no SQL session unless the input needs one, and nothing left running after close.
 */
class SparkRuntimeTest {
    @TempDir
    Path dir;

    @Test
    void aLocalContextStartsWithoutWebUiOrSqlSessionTrainsTextAndIsStoppedOnClose() throws Exception {
        assertNull(SparkEnv.get(), "another test class left a Spark context running");
        Path data = TestData.libsvm(dir.resolve("d.libsvm"), 200, 5, 1.0, "binary", 3);
        try (SparkRuntime rt = SparkRuntime.open("local[1]", "fullbatch-runtime-test", Map.of())) {
            assertTrue(rt.jsc().sc().ui().isEmpty(), "local mode starts no web UI unless asked for");
            // the run joins this context, reads text and trains without any SQL session
            JobRun run = JobRun.of("train", "--data", data.toString(), "--objective", "logistic", "--max-iter", "3",
                    "--output", dir.resolve("m").toString());
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(Files.isRegularFile(dir.resolve("m/model.json")), run::toString);
            assertTrue(SparkSession.getDefaultSession().isEmpty() && SparkSession.getActiveSession().isEmpty(),
                    "a LIBSVM training started a SQL session");
            assertFalse(rt.jsc().sc().isStopped(), "the run stopped a context it did not start");
        }
        assertNull(SparkEnv.get(), "close() leaves the context it started running");
    }

    @Test
    void theWebUiIsOnWhenAskedForWithSparkConf() {
        assertNull(SparkEnv.get(), "another test class left a Spark context running");
        try (SparkRuntime rt = SparkRuntime.open("local[1]", "fullbatch-runtime-test",
                Map.of("spark.ui.enabled", "true", "spark.ui.port", "0"))) {
            assertTrue(rt.jsc().sc().ui().isDefined());
            assertNotNull(rt.jsc().sc().uiWebUrl().get());
        }
        assertNull(SparkEnv.get());
    }
}
