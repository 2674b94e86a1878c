package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --reg-path --cv} on cpusmall through the command line (docs/model-selection.md): the chosen model is
 * cv.glmnet's lambda.min refit on all rows (fixtures by scripts/references/issue18_path_cv.py), the outputs are
 * written, the bits do not depend on the partitioning, and the options are checked before any data is read.
 */
class ModelSelectionTest {
    private static final Path DATA = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-model-selection-test")
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

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = ModelSelectionTest.class.getResourceAsStream("/references/issue18/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    private String[] cpusmallPath(Path out, String partitions) {
        Path file = DATA.resolve("cpusmall_scale.libsvm");
        assumeTrue(Files.isRegularFile(file), "needs " + file);
        return new String[] {"train", "--data", file.toString(), "--num-features", "12", "--reg-path", "50",
            "--path-ratio", "1e-4", "--path-early-end", "false", "--cv", "5", "--optimizer", "lbfgs", "--tol", "0",
            "--grad-tol", "1e-10", "--max-iter", "5000", "--block-size", "65536", "--partitions", partitions,
            "--output", out.toString()};
    }

    @Test
    void crossValidatedLassoKeepsCvGlmnetsLambdaMinWithTheSameBitsOnAnyPartitioning() throws IOException {
        Path one = dir.resolve("one");
        JobRun run = JobRun.of(cpusmallPath(one, "1"));
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode cv = fixture("cv-cpusmall-least-squares-alpha1.json").get("metrics").get("mse");
        JsonNode path = fixture("path-cpusmall-least-squares-alpha1.json").get("path");
        int min = cv.get("index_min").asInt();
        List<String> lines = Files.readAllLines(one.resolve("path.csv"));
        assertEquals(51, lines.size());
        assertTrue(lines.get(min + 1).endsWith(",min"), lines.get(min + 1));
        assertTrue(lines.get(cv.get("index_1se").asInt() + 1).endsWith(",1se"));
        JsonNode model = SavedModel.parse(Files.readString(one.resolve("model.json")));
        JsonNode ref = path.get(min);
        for (int j = 0; j < 12; j++) {
            assertEquals(ref.get("coefficients").get(j).asDouble(), model.get("weights").get(j).asDouble(), 1e-6,
                    "coefficient " + (j + 1));
        }
        assertEquals(ref.get("intercept").asDouble(), model.get("intercept").get(0).asDouble(), 1e-6);
        assertTrue(Files.readString(one.resolve("path.svg")).contains("lambda.min"));
        assertEquals(51, Files.readAllLines(one.resolve("path-coefficients.csv")).size());

        Path seven = dir.resolve("seven");
        JobRun again = JobRun.of(cpusmallPath(seven, "7"));
        assertEquals(0, again.exitCode(), again::toString);
        for (String f : new String[] {"path.csv", "path-coefficients.csv", "path.svg"}) {
            assertEquals(Files.readString(one.resolve(f)), Files.readString(seven.resolve(f)), f);
        }
        JsonNode model7 = SavedModel.parse(Files.readString(seven.resolve("model.json")));
        assertEquals(model.get("weights"), model7.get("weights"));
        assertEquals(model.get("intercept"), model7.get("intercept"));
    }

    @Test
    void pathOptionsAreCheckedBeforeAnyDataIsRead() {
        String[] base = {"train", "--data", dir.resolve("absent.libsvm").toString(), "--output",
            dir.resolve("m").toString()};
        JobRun cvAlone = JobRun.of(JobRun.with(base, "--cv", "5"));
        assertEquals(2, cvAlone.exitCode(), cvAlone::toString);
        assertTrue(cvAlone.err().contains("--cv cross-validates a regularization path: add --reg-path N"),
                cvAlone::toString);
        JobRun alpha = JobRun.of(JobRun.with(base, "--reg-path", "20", "--alpha", "1.5"));
        assertEquals(2, alpha.exitCode());
        assertTrue(alpha.err().contains("--alpha must be from 0 (ridge) to 1 (lasso), got 1.5"), alpha::toString);
        JobRun both = JobRun.of(JobRun.with(base, "--reg-path", "20", "--reg-l1", "0.1"));
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("drop --reg-l1 and --reg-l2"), both::toString);
        JobRun select = JobRun.of(JobRun.with(base, "--reg-path", "20", "--cv-select", "best"));
        assertEquals(2, select.exitCode());
        assertTrue(select.err().contains("--cv-select must be min or 1se, got 'best'"), select::toString);
        JobRun metric = JobRun.of(JobRun.with(base, "--reg-path", "20", "--cv", "5", "--cv-metric", "accuracy"));
        assertEquals(2, metric.exitCode());
        assertTrue(metric.err().contains("--cv-metric accuracy needs a binary objective"), metric::toString);
        // options the path would otherwise drop silently are refused by name
        JobRun combined = JobRun.of(JobRun.with(base, "--reg-path", "20", "--objective", "logistic",
                "--statistics", "--class-weight", "-1=1,+1=5", "--nonnegative"));
        assertEquals(2, combined.exitCode(), combined::toString);
        assertTrue(combined.err().contains("--reg-path does not combine with --statistics, --class-weight, "
                + "coefficient bounds yet"), combined::toString);
    }
}
