package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * {@code --optimizer newton}, {@code --statistics} and {@code --init-model} from the command line: the statistics
 * written to the model directory match R's {@code summary(glm(...))} fixtures (references/issue19, made by
 * scripts/references/issue19_statistics.py) to 1e-8 relative; Newton's bits do not depend on how the blocks are
 * spread over partitions, in both its dense and its trust-region form (resuming is {@link ReliabilityTest}'s); a
 * warm start begins where the earlier model ended and refuses a model of another layout; statistics that would
 * mean nothing are refused before any data is read.
 */
class SecondOrderCommandTest {
    private static final Path SHARED = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path subset;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-second-order-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        subset = shared.resolve("a9a-subset.libsvm");
        try (InputStream in = SecondOrderCommandTest.class.getResourceAsStream(
                "/references/issue19/a9a-subset.libsvm")) {
            Files.write(subset, in.readAllBytes());
        }
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static JsonNode fixture(String name) throws IOException {
        try (InputStream in = SecondOrderCommandTest.class.getResourceAsStream("/references/issue19/" + name)) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** A logistic run on the a9a subset, unpenalized, to the optimum. */
    private String[] logistic(Path out, String... more) {
        String[] base = {"train", "--data", subset.toString(), "--objective", "logistic", "--optimizer", "newton",
            "--max-iter", "50", "--tol", "0", "--grad-tol", "1e-13", "--checkpoint-every", "0", "--output",
            out.toString()};
        return JobRun.with(base, more);
    }

    /**
     * statistics.csv against the fixture: the intercept's row first (R's order), then x1..x12 as indices 0..11.
     */
    private static void assertMatchesR(JsonNode r, Path model) throws IOException {
        List<String> lines = Files.readAllLines(model.resolve("statistics.csv"));
        int p = r.get("names").size();
        assertEquals(p + 1, lines.size());
        boolean t = r.get("statistic_kind").asText().startsWith("t");
        assertEquals("name,index,estimate,std_error," + (t ? "t" : "z") + "_value,p_value,lower_95,upper_95",
                lines.get(0));
        for (int row = 1; row <= p; row++) {
            int j = row == 1 ? p - 1 : row - 2; // the fixture's order: x1..x12, then the intercept
            String[] c = lines.get(row).split(",");
            assertEquals(row == 1 ? "(Intercept)" : "x" + j, c[0]);
            assertEquals(row == 1 ? "" : Integer.toString(j), c[1]);
            String what = c[0];
            close(r.get("estimate").get(j).asDouble(), c[2], "estimate of " + what);
            close(r.get("std_error").get(j).asDouble(), c[3], "standard error of " + what);
            close(r.get("statistic").get(j).asDouble(), c[4], "statistic of " + what);
            close(r.get("p_value").get(j).asDouble(), c[5], "p-value of " + what);
            close(r.get("ci95_wald").get("lower").get(j).asDouble(), c[6], "lower end of " + what);
            close(r.get("ci95_wald").get("upper").get(j).asDouble(), c[7], "upper end of " + what);
        }
        JsonNode stats = SavedModel.parse(Files.readString(model.resolve("model.json"))).get("statistics");
        assertEquals(r.get("df_residual").asLong(), stats.get("residualDf").asLong());
        close(r.get("dispersion").asDouble(), Double.toString(stats.get("dispersion").asDouble()), "dispersion");
        assertEquals(t ? "t" : "normal", stats.get("distribution").asText());
        assertEquals(p - 1, stats.get("standardErrors").size());
        close(r.get("std_error").get(0).asDouble(), stats.get("standardErrors").get(0).asText(),
                "model.json's standard error of x0");
        close(r.get("std_error").get(p - 1).asDouble(), stats.get("interceptStandardErrors").get(0).asText(),
                "model.json's standard error of the intercept");
    }

    private static void close(double expected, String actual, String what) {
        assertEquals(expected, Double.parseDouble(actual), 1e-8 * Math.abs(expected), what);
    }

    @Test
    void logisticStatisticsOnTheA9aSubsetMatchRsSummaryGlm() throws IOException {
        Path out = dir.resolve("logistic");
        JobRun run = JobRun.of(logistic(out, "--statistics"));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Hessian passes"), run.err());
        assertTrue(run.err().contains("coefficient statistics (z, dispersion 1.0, 2987 residual degrees of freedom)"
                + " written to statistics.csv"), run.err());
        assertMatchesR(fixture("summary-logistic-a9a-subset.json"), out);
    }

    @Test
    void statisticsOfAnUnconvergedRunComeWithAWarning() throws IOException {
        Path out = dir.resolve("early");
        JobRun run = JobRun.of(logistic(out, "--statistics", "--optimizer", "lbfgs", "--max-iter", "2"));
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("warning: training stopped before it converged, so the statistics describe"
                + " the last iterate"), run.err());
        assertTrue(Files.exists(out.resolve("statistics.csv")));
    }

    @Test
    void leastSquaresStatisticsOnCpusmallMatchRsSummaryGlm() throws IOException {
        assumeTrue(Files.isDirectory(SHARED), "shared data absent");
        Path out = dir.resolve("cpusmall");
        JobRun run = JobRun.of("train", "--data", SHARED.resolve("cpusmall_scale.libsvm").toString(), "--optimizer",
                "newton", "--statistics", "--max-iter", "20", "--tol", "0", "--grad-tol", "1e-12",
                "--checkpoint-every", "0", "--output", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertMatchesR(fixture("summary-least-squares-cpusmall.json"), out);
    }

    @Test
    void newtonGivesTheSameBitsOnOneAndSevenPartitionsInBothForms() throws IOException {
        for (String dense : List.of("2048", "0")) {
            Path one = dir.resolve("one-" + dense);
            Path seven = dir.resolve("seven-" + dense);
            String[] options = {"--max-dense-hessian", dense, "--reg-l2", "1e-4", "--max-iter", "8", "--block-size",
                "4096"};
            JobRun a = JobRun.of(logistic(one, JobRun.with(options, "--partitions", "1")));
            JobRun b = JobRun.of(logistic(seven, JobRun.with(options, "--partitions", "7")));
            assertEquals(0, a.exitCode(), a::toString);
            assertEquals(0, b.exitCode(), b::toString);
            ModelBits.assertSame(ModelBits.of(one), ModelBits.of(seven), "--max-dense-hessian " + dense);
        }
    }

    @Test
    void aWarmStartBeginsAtTheEarlierModel() throws IOException {
        Path converged = dir.resolve("converged");
        JobRun cold = JobRun.of(logistic(converged, "--reg-l2", "1e-4"));
        assertEquals(0, cold.exitCode(), cold::toString);
        JsonNode first = SavedModel.parse(Files.readString(converged.resolve("model.json")));
        Path warm = dir.resolve("warm");
        JobRun again = JobRun.of(logistic(warm, "--reg-l2", "1e-4", "--init-model", converged.toString(),
                "--optimizer", "lbfgs", "--max-iter", "1"));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("starting from the model in " + converged), again.err());
        JsonNode second = SavedModel.parse(Files.readString(warm.resolve("model.json")));
        // One lbfgs step from the optimum stays there: the start was the earlier model, not zero.
        assertEquals(first.get("objectiveValue").asDouble(), second.get("objectiveValue").asDouble(),
                1e-14 * first.get("objectiveValue").asDouble());
        for (int j = 0; j < 12; j++) {
            assertEquals(first.get("weights").get(j).asDouble(), second.get("weights").get(j).asDouble(), 1e-6);
        }
        assertEquals(converged.toString(), second.get("config").get("init-model").asText());
        assertTrue(second.get("data").get("initModel").get("modelSha256").asText().matches("[0-9a-f]{64}"));
    }

    @Test
    void aWarmStartRefusesAModelOfAnotherLayout() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, JobRun.of(logistic(model, "--max-iter", "2")).exitCode());
        JobRun noIntercept = JobRun.of(logistic(dir.resolve("a"), "--init-model", model.toString(), "--intercept",
                "false"));
        assertEquals(2, noIntercept.exitCode(), noIntercept::toString);
        assertTrue(noIntercept.err().contains("--init-model " + model + " has 13 parameters (with an intercept), and"
                + " the model of this run 12 (--intercept false)"), noIntercept.err());
        JobRun otherObjective = JobRun.of(logistic(dir.resolve("b"), "--init-model", model.toString(),
                "--objective", "squared-hinge"));
        assertEquals(2, otherObjective.exitCode(), otherObjective::toString);
        assertTrue(otherObjective.err().contains("holds a --objective logistic model, and this run trains"
                + " --objective squared-hinge"), otherObjective.err());
        JobRun missing = JobRun.of(logistic(dir.resolve("c"), "--init-model", dir.resolve("nothing").toString()));
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("--init-model " + dir.resolve("nothing") + " does not exist"),
                missing.err());
        assertFalse(Files.exists(dir.resolve("a").resolve("model.json")));
    }

    @Test
    void statisticsThatWouldMeanNothingAreRefusedWithTheReason() throws IOException {
        String[][] cases = {
            {"--reg-l1", "0.01", "--optimizer", "lbfgs"},
            {"--objective", "squared-hinge"},
            {"--model", "mlp", "--hidden", "3", "--optimizer", "lbfgs"},
            {"--max-dense-hessian", "5"},
        };
        String[] reasons = {
            "--statistics cannot be used with --reg-l1",
            "--statistics needs a generalized linear model's likelihood, and --objective squared-hinge has none",
            "--statistics applies to --model linear only",
            "--statistics needs the inverse of the dense 13 x 13 information matrix, and --max-dense-hessian is 5",
        };
        for (int i = 0; i < cases.length; i++) {
            Path out = dir.resolve("refused-" + i);
            JobRun run = JobRun.of(logistic(out, JobRun.with(cases[i], "--statistics")));
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains(reasons[i]), run.err());
            assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
            assertFalse(Files.exists(out.resolve("model.json")));
        }
        JobRun newtonMlp = JobRun.of(logistic(dir.resolve("mlp"), "--model", "mlp", "--hidden", "3"));
        assertEquals(2, newtonMlp.exitCode(), newtonMlp::toString);
        assertTrue(newtonMlp.err().contains("--optimizer newton applies to --model linear only"), newtonMlp.err());
    }
}
