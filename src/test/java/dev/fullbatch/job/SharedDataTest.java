package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the real shared data sets (skipped where ../shared/data is absent): the known optimum is reached, and a
 * model trained on a9a scores its test split as well as the literature says a linear model can.
 */
class SharedDataTest {
    private static final Path DATA = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isDirectory(DATA), "shared data absent: " + DATA);
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-shared-data-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void a9aLogisticReachesTheReferenceOptimumAndScoresTheTestSplitAbove84Percent() throws Exception {
        Path model = dir.resolve("a9a");
        JobRun train = JobRun.of("train", "--data", DATA.resolve("a9a.libsvm").toString(), "--objective", "logistic",
                "--reg-l2", "1e-3", "--optimizer", "lbfgs", "--max-iter", "300", "--tol", "1e-15", "--output",
                model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        JsonNode m = SavedModel.parse(Files.readString(model.resolve("model.json")));
        double reference = 0.3327133075461916;
        double relative = Math.abs(m.get("objectiveValue").asDouble() - reference) / reference;
        assertTrue(relative <= 1e-9, "relative error " + relative);

        Path scored = dir.resolve("a9a-test");
        JobRun predict = JobRun.of("predict", "--model", model.toString(), "--data",
                DATA.resolve("a9a.t.libsvm").toString(), "--output", scored.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        double accuracy = SavedModel.parse(Files.readString(scored.resolve("metrics.json"))).get("accuracy")
                .asDouble();
        assertTrue(accuracy >= 0.84, "test accuracy " + accuracy);
    }

    @Test
    void cpusmallLeastSquaresReachesTheReferenceOptimumWithPlainGd() throws Exception {
        Path model = dir.resolve("cpusmall");
        JobRun train = JobRun.of("train", "--data", DATA.resolve("cpusmall_scale.libsvm").toString(),
                "--reg-l2", "1e-3", "--optimizer", "gd", "--max-iter", "500", "--tol", "1e-15", "--output",
                model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        double value = SavedModel.parse(Files.readString(model.resolve("model.json"))).get("objectiveValue")
                .asDouble();
        double reference = 52.007233579591514;
        assertTrue(Math.abs(value - reference) / reference <= 1e-9, "objective " + value);
    }
}
