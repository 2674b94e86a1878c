package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Early stopping keeps the best model: with {@code --validation} and {@code --patience}, the saved model is the
 * iterate with the best validation score, whose score (recomputed from the saved model) equals the best one logged.
 */
class EarlyStoppingTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path train;
    private static Path validation;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-early-stopping-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        // Few noisy rows and many features: an unregularized fit overfits within a few iterations.
        train = noisyBinary(shared.resolve("train.libsvm"), 120, 1);
        validation = noisyBinary(shared.resolve("valid.libsvm"), 400, 2);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Path noisyBinary(Path file, int rows, long seed) throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            double margin = 0;
            StringBuilder features = new StringBuilder();
            for (int j = 1; j <= 30; j++) {
                if (rnd.nextDouble() < 0.5) {
                    double v = Math.round((rnd.nextDouble() * 4 - 2) * 1e4) / 1e4;
                    margin += v * ((j % 5) - 2) * 0.3;
                    features.append(' ').append(j).append(':').append(v);
                }
            }
            double noise = (rnd.nextDouble() + rnd.nextDouble() + rnd.nextDouble() - 1.5) * 2.5;
            sb.append(margin + noise > 0 ? 1 : 0).append(features).append('\n');
        }
        return Files.writeString(file, sb.toString());
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    /** The history's column {@code name} as doubles, one per iteration. */
    private static double[] column(Path history, String name) throws IOException {
        List<String> lines = Files.readAllLines(history);
        int c = List.of(lines.get(0).split(",")).indexOf(name);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    @Test
    void theSavedModelIsTheIterateWithTheBestValidationScore() throws Exception {
        Path model = dir.resolve("model");
        JobRun run = JobRun.of("train", "--data", train.toString(), "--validation", validation.toString(),
                "--objective", "logistic", "--optimizer", "lbfgs", "--max-iter", "60", "--patience", "4",
                "--output", model.toString());
        assertEquals(0, run.exitCode(), run::toString);
        double[] logged = column(model.resolve("history.csv"), "validation_logLoss");
        double[] objective = column(model.resolve("history.csv"), "objective");
        int best = 0;
        for (int i = 1; i < logged.length; i++) {
            if (logged[i] < logged[best]) {
                best = i;
            }
        }
        JsonNode m = json(model.resolve("model.json"));
        assertEquals("early-stop", m.get("stopCode").asText());
        assertEquals(logged.length, m.get("iterations").asInt());
        assertEquals(best + 1, m.get("bestIteration").asInt(), "the best logged iteration is recorded");
        assertTrue(best + 1 < logged.length, "this data must overfit for the test to mean something: "
                + java.util.Arrays.toString(logged));
        assertEquals(objective[best], m.get("objectiveValue").asDouble(), "objectiveValue is the kept iterate's");
        assertTrue(run.err().contains(String.format(Locale.ROOT, "kept the iterate of iteration %d", best + 1)),
                run::toString);

        double bestScore = logged[best];
        assertEquals(bestScore, json(model.resolve("metrics.json")).get("validation").get("logLoss").asDouble(),
                "metrics.json scores the kept model");
        Path scored = dir.resolve("scored");
        JobRun predicted = JobRun.of("predict", "--model", model.toString(), "--data", validation.toString(),
                "--output", scored.toString());
        assertEquals(0, predicted.exitCode(), predicted::toString);
        // Within rounding only: predict lays the validation rows out by their own density (dense here), while
        // training read them in the training data's layout (sparse), and the dense kernels sum in other groupings.
        assertEquals(bestScore, json(scored.resolve("metrics.json")).get("logLoss").asDouble(), 1e-14,
                "scoring the saved model on the validation data gives the best score logged");
    }

    @Test
    void withoutPatienceTheLastIterateIsKept() throws Exception {
        Path model = dir.resolve("model");
        JobRun run = JobRun.of("train", "--data", train.toString(), "--validation", validation.toString(),
                "--objective", "logistic", "--optimizer", "lbfgs", "--max-iter", "8", "--tol", "0", "--output",
                model.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode m = json(model.resolve("model.json"));
        assertFalse(m.has("bestIteration"));
        double[] logged = column(model.resolve("history.csv"), "validation_logLoss");
        assertEquals(logged[logged.length - 1],
                json(model.resolve("metrics.json")).get("validation").get("logLoss").asDouble());
    }
}
