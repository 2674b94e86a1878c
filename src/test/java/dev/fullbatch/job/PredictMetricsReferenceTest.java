package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fullbatch predict} through the command line gives scikit-learn's metrics (the committed fixture of
 * {@code scripts/references/issue17_metrics.py}, unweighted) in its metrics.json. Each fixture table (label, score)
 * becomes a CSV whose features reproduce the scores through a hand-written linear model: regression's feature is
 * the prediction (weight 1, intercept 0: the margin is the prediction exactly); binary's is logit(score) (the model
 * gives sigmoid(logit(s)), within an ulp of s, the same ties and the same order); multiclass's are log p_k (softmax
 * gives p_k / sum p, as scikit-learn's renormalization).
 */
class PredictMetricsReferenceTest {
    private static final String FOLDER = "/references/issue17/";

    @TempDir
    Path dir;

    private static List<String> lines(String name) throws IOException {
        try (InputStream in = PredictMetricsReferenceTest.class.getResourceAsStream(FOLDER + name)) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
    }

    private static JsonNode expected() throws IOException {
        try (InputStream in = PredictMetricsReferenceTest.class.getResourceAsStream(FOLDER + "metrics.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    /** A model directory holding a linear model scoring CSV with a header and the label in column 0. */
    private Path model(String objective, int d, int classes, double[] weights, double[] intercept)
            throws IOException {
        Path m = dir.resolve("model-" + objective);
        Files.createDirectories(m);
        Map<String, Object> config = Map.of("format", "csv", "header", true, "label-col", 0);
        Files.writeString(m.resolve("model.json"), new SavedModel(objective, "linear", d, classes, weights,
                intercept, 0, 1, true, "tol", "hand-written", Map.of(), config, Map.of()).toJson());
        Files.writeString(m.resolve("_SUCCESS"), "");
        return m;
    }

    /** Predicts and returns metrics.json. */
    private JsonNode predict(Path model, Path data) throws IOException {
        Path out = dir.resolve("scored-" + model.getFileName());
        JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                out.toString(), "--master", "local[2]");
        assertEquals(0, run.exitCode(), run::toString);
        return SavedModel.parse(Files.readString(out.resolve("metrics.json")));
    }

    private static void close(JsonNode want, JsonNode got, String key, double tolerance) {
        assertEquals(want.asDouble(), got.asDouble(), tolerance, key);
    }

    @Test
    void regressionMetricsAreScikitLearns() throws IOException {
        StringBuilder csv = new StringBuilder("label,x\n");
        for (String line : lines("regression.csv").subList(1, lines("regression.csv").size())) {
            String[] c = line.split(",");
            csv.append(c[0]).append(',').append(c[1]).append('\n');
        }
        Path data = dir.resolve("regression.csv");
        Files.writeString(data, csv);
        JsonNode got = predict(model("least-squares", 1, 0, new double[] {1}, new double[] {0}), data);
        JsonNode want = expected().get("regression").get("unweighted");
        close(want.get("mae"), got.get("mae"), "mae", 1e-13);
        close(want.get("mse"), got.get("mse"), "mse", 1e-12);
        close(want.get("rmse"), got.get("rmse"), "rmse", 1e-13);
        close(want.get("r2"), got.get("r2"), "r2", 1e-14);
        close(want.get("explained_variance"), got.get("explainedVariance"), "explainedVariance", 1e-14);
        assertEquals(1000, got.get("rows").asLong());
    }

    @Test
    void binaryMetricsAreScikitLearns() throws IOException {
        StringBuilder csv = new StringBuilder("label,logit\n");
        List<String> table = lines("binary.csv");
        for (String line : table.subList(1, table.size())) {
            String[] c = line.split(",");
            double s = Double.parseDouble(c[1]);
            csv.append(c[0]).append(',').append(Math.log(s / (1 - s))).append('\n');
        }
        Path data = dir.resolve("binary.csv");
        Files.writeString(data, csv);
        JsonNode got = predict(model("logistic", 1, 2, new double[] {1}, new double[] {0}), data);
        JsonNode want = expected().get("binary").get("unweighted");
        close(want.get("roc_auc"), got.get("auc"), "auc", 0);
        close(want.get("average_precision"), got.get("averagePrecision"), "averagePrecision", 1e-15);
        close(want.get("log_loss"), got.get("logLoss"), "logLoss", 1e-12);
        JsonNode strict = want.get("at_0.5_strict");
        for (String key : List.of("precision", "recall", "f1", "accuracy")) {
            close(strict.get(key), got.get(key), key, 1e-15);
        }
        assertEquals(strict.get("confusion_matrix").toString().replace(" ", ""),
                got.get("confusionMatrix").toString().replace(".0", ""));
        JsonNode best = want.get("best_f1");
        close(best.get("threshold"), got.get("bestF1").get("threshold"), "bestF1.threshold", 1e-15);
        for (String key : List.of("precision", "recall", "f1", "accuracy")) {
            close(best.get(key), got.get("bestF1").get(key), "bestF1." + key, 1e-15);
        }
        assertEquals(2000, got.get("rows").asLong());
    }

    @Test
    void multiclassMetricsAreScikitLearns() throws IOException {
        StringBuilder csv = new StringBuilder("label,l0,l1,l2\n");
        List<String> table = lines("multiclass.csv");
        for (String line : table.subList(1, table.size())) {
            String[] c = line.split(",");
            csv.append(c[0]);
            for (int k = 1; k <= 3; k++) {
                csv.append(',').append(Math.log(Double.parseDouble(c[k])));
            }
            csv.append('\n');
        }
        Path data = dir.resolve("multiclass.csv");
        Files.writeString(data, csv);
        double[] identity = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        JsonNode got = predict(model("softmax", 3, 3, identity, new double[] {0, 0, 0}), data);
        JsonNode want = expected().get("multiclass").get("unweighted");
        close(want.get("accuracy"), got.get("accuracy"), "accuracy", 1e-15);
        close(want.get("macro_f1"), got.get("macroF1"), "macroF1", 1e-15);
        close(want.get("weighted_f1"), got.get("weightedF1"), "weightedF1", 1e-15);
        close(want.get("log_loss"), got.get("logLoss"), "logLoss", 1e-12);
        for (String key : List.of("precision", "recall", "f1", "support")) {
            for (int k = 0; k < 3; k++) {
                close(want.get("per_class").get(key).get(k), got.get("perClass").get(key).get(k),
                        key + "[" + k + "]", 1e-15);
            }
        }
        assertEquals(want.get("confusion_matrix").toString().replace(" ", ""),
                got.get("confusionMatrix").toString().replace(".0", ""));
    }
}
