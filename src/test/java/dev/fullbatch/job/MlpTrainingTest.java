package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --model mlp} through the real command line: learning, model.json, predict, option checks. */
class MlpTrainingTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path circles;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-mlp-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        circles = shared.resolve("circles");
        JobRun run = JobRun.of("generate", "--task", "circles", "--rows", "600", "--noise", "0.05", "--seed", "3",
                "--partitions", "2", "--output", circles.toString());
        assertEquals(0, run.exitCode(), run::toString);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static JsonNode json(Path file) throws Exception {
        return SavedModel.parse(Files.readString(file));
    }

    private JobRun train(Path out, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", circles.toString(), "--objective",
                "logistic", "--output", out.toString()));
        args.addAll(List.of(options));
        return JobRun.of(args.toArray(String[]::new));
    }

    @Test
    void aNetworkLearnsConcentricCirclesWhereALinearModelStaysAtChance() throws Exception {
        Path net = dir.resolve("net");
        JobRun run = train(net, "--model", "mlp", "--hidden", "8,8", "--activation", "tanh", "--optimizer", "lbfgs",
                "--reg-l2", "1e-4", "--max-iter", "30");
        assertEquals(0, run.exitCode(), run::toString);
        double netAccuracy = json(net.resolve("metrics.json")).get("accuracy").asDouble();
        assertTrue(netAccuracy >= 0.99, "network training accuracy " + netAccuracy);

        Path linear = dir.resolve("linear");
        JobRun lin = train(linear, "--optimizer", "lbfgs", "--max-iter", "15");
        assertEquals(0, lin.exitCode(), lin::toString);
        double linearAccuracy = json(linear.resolve("metrics.json")).get("accuracy").asDouble();
        // Any line through the rings leaves about half of each on either side.
        assertTrue(linearAccuracy < 0.6, "linear training accuracy " + linearAccuracy);
    }

    @Test
    void modelJsonHoldsTheArchitectureAndPredictScoresWithIt() throws Exception {
        Path model = dir.resolve("model");
        JobRun run = train(model, "--model", "mlp", "--hidden", "6,5", "--activation", "relu", "--optimizer", "adam",
                "--max-iter", "10");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode saved = json(model.resolve("model.json"));
        assertEquals("mlp", saved.get("model").asText());
        JsonNode arch = saved.get("architecture");
        assertEquals("[2,6,5,1]", arch.get("layers").toString());
        assertEquals("relu", arch.get("activation").asText());
        assertEquals("logistic", arch.get("output").asText());
        assertEquals(2 * 6 + 6 * 5 + 5, saved.get("weights").size());
        assertEquals(6 + 5 + 1, saved.get("intercept").size());
        assertEquals(2 * 6 + 6 * 5 + 5 + 12, arch.get("parameters").asInt());
        assertEquals("[6,5]", saved.get("config").get("hidden").toString());

        Path scored = dir.resolve("scored");
        JobRun predict = JobRun.of("predict", "--model", model.toString(), "--data", circles.toString(), "--output",
                scored.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        JsonNode trained = json(model.resolve("metrics.json"));
        JsonNode metrics = json(scored.resolve("metrics.json"));
        for (String key : List.of("logLoss", "accuracy", "auc")) {
            assertEquals(trained.get(key).asDouble(), metrics.get(key).asDouble(), key);
        }
        assertEquals(600, metrics.get("rows").asLong());
    }

    @Test
    void regressionNetworksHaveALinearOutputUnit() throws Exception {
        Path model = dir.resolve("reg");
        // Regress the ring label (-1/+1) on the coordinates: a network fits it, a linear model cannot.
        JobRun run = JobRun.of("train", "--data", circles.toString(), "--objective", "huber", "--model", "mlp",
                "--hidden", "8", "--activation", "sigmoid", "--optimizer", "lbfgs", "--max-iter", "40", "--output",
                model.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("linear", json(model.resolve("model.json")).get("architecture").get("output").asText());
        double r2 = json(model.resolve("metrics.json")).get("r2").asDouble();
        assertTrue(r2 > 0.9, "r2 " + r2);
    }

    @Test
    void networkOptionsThatDoNotFitExitTwoBeforeAnythingIsRead() {
        Path out = dir.resolve("never");
        for (String[] bad : List.of(
                new String[] {"--model", "mlp"},
                new String[] {"--model", "mlp", "--hidden", "8,0"},
                new String[] {"--model", "mlp", "--hidden", "8", "--activation", "gelu"},
                new String[] {"--model", "mlp", "--hidden", "8", "--intercept", "false"},
                new String[] {"--hidden", "8"},
                new String[] {"--activation", "tanh"},
                new String[] {"--model", "cnn"})) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "/nonexistent", "--output",
                    out.toString()));
            args.addAll(List.of(bad));
            JobRun run = JobRun.of(args.toArray(String[]::new));
            String what = String.join(" ", bad);
            assertEquals(2, run.exitCode(), () -> what + ": " + run);
            String option = bad.length > 2 ? bad[bad.length - 2] : bad[0];
            assertTrue(run.err().contains(option), () -> what + ": " + run.err());
            assertFalse(run.err().contains("/nonexistent"), () -> what + " was checked after reading: " + run.err());
        }
        assertFalse(Files.exists(out));
    }
}
