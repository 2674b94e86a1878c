package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --categorical-cols} and {@code --min-category-count} through the real command line, against
 * scikit-learn's OneHotEncoder (min_frequency, infrequent level) and LinearRegression
 * (scripts/references/issue17_categorical.py): the levels, names and coefficients of train, predict mapping unseen
 * and rare values to the other level, the same bits at 1 and 7 partitions, resume refusing a changed option.
 */
class CategoricalColumnsTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        return Path.of("src/test/resources/references/issue17", name);
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    private static JobRun train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", resource("categorical-train.csv").toString(),
                "--output", out.toString(), "--format", "csv", "--header", "--intercept", "false",
                "--optimizer", "lbfgs", "--max-iter", "300", "--categorical-cols", "color",
                "--min-category-count", "3", "--master", "local[2]"));
        for (int k = 0; k < more.length; k++) {
            int given = args.indexOf(more[k]);
            if (more[k].startsWith("--") && given >= 0 && k + 1 < more.length && !more[k + 1].startsWith("--")) {
                args.set(given + 1, more[++k]); // an option of the defaults, given another value
            } else {
                args.add(more[k]);
            }
        }
        return JobRun.of(args.toArray(String[]::new));
    }

    @Test
    void oneHotLevelsAndCoefficientsMatchScikitLearnAndPredictSendsUnseenValuesToTheOtherLevel() throws Exception {
        JsonNode ref = json(resource("categorical.json"));
        Path out = dir.resolve("model");
        JobRun run = train(out);
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out.resolve("model.json"));
        assertEquals(ref.get("featureNames"), model.get("featureNames"));
        for (int k = 0; k < ref.get("coefficients").size(); k++) {
            double expected = ref.get("coefficients").get(k).asDouble();
            assertEquals(expected, model.get("weights").get(k).asDouble(), 1e-6 * Math.max(1, Math.abs(expected)),
                    "coefficient " + ref.get("featureNames").get(k));
        }
        assertTrue(Files.readString(out.resolve("coefficients.csv")).contains("color=(other)"));

        JsonNode encoding = json(out.resolve("encoding.json"));
        JsonNode color = encoding.get("categorical").get("columns").get(0);
        assertEquals("color", color.get("column").asText());
        assertEquals(3, encoding.get("categorical").get("minCategoryCount").asInt());
        List<String> levels = new ArrayList<>();
        for (JsonNode level : color.get("levels")) {
            levels.add(level.get("value").asText());
            assertEquals(ref.get("levelRows").get(level.get("value").asText()).asLong(), level.get("rows").asLong());
        }
        assertEquals(List.of("blue", "green", "red"), levels);
        assertEquals(ref.get("otherRows").asLong(), color.get("other").get("rows").asLong());
        assertEquals(2, color.get("other").get("values").asLong(), "teal and violet");
        assertEquals(3, model.get("config").get("min-category-count").asInt());

        Path scored = dir.resolve("scored");
        JobRun predict = JobRun.of("predict", "--model", out.toString(), "--data",
                resource("categorical-test.csv").toString(), "--output", scored.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = GlmCommandLineTest.predictionLines(scored);
        JsonNode expected = ref.get("testPredictions");
        assertEquals(expected.size() + 1, lines.size(), lines::toString);
        int column = List.of(lines.get(0).split(",")).indexOf("prediction");
        assertTrue(column >= 0, lines.get(0));
        for (int i = 0; i < expected.size(); i++) {
            double p = Double.parseDouble(lines.get(i + 1).split(",")[column]);
            assertEquals(expected.get(i).asDouble(), p, 1e-6, "prediction of row " + i + ": " + lines.get(i + 1));
        }
    }

    @Test
    void theBitsDoNotDependOnPartitions() throws Exception {
        Path one = dir.resolve("one");
        Path seven = dir.resolve("seven");
        assertEquals(0, train(one, "--partitions", "1", "--block-size", "1k").exitCode());
        assertEquals(0, train(seven, "--partitions", "7", "--block-size", "1k").exitCode());
        JsonNode a = json(one.resolve("model.json"));
        JsonNode b = json(seven.resolve("model.json"));
        assertEquals(a.get("weights"), b.get("weights"));
        assertEquals(a.get("featureNames"), b.get("featureNames"));
        assertEquals(Files.readString(one.resolve("encoding.json")), Files.readString(seven.resolve("encoding.json")));
        assertEquals(withoutSeconds(one.resolve("history.csv")), withoutSeconds(seven.resolve("history.csv")));
    }

    /** history.csv without its last column, the wall-clock seconds. */
    private static List<String> withoutSeconds(Path history) throws IOException {
        return Files.readAllLines(history).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();
    }

    @Test
    void resumeRefusesAChangedMinimumCountAndNamesTheOption() {
        Path out = dir.resolve("resumed");
        assertEquals(0, train(out, "--max-iter", "5").exitCode());
        JobRun same = train(out, "--max-iter", "5", "--resume");
        assertEquals(0, same.exitCode(), same::toString);
        JobRun changed = train(out, "--max-iter", "5", "--min-category-count", "1", "--resume");
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("min-category-count"), changed::toString);
        assertFalse(changed.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aColumnNotInTheHeaderIsRefusedWithItsName() {
        JobRun run = train(dir.resolve("bad"), "--categorical-cols", "colour");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("'colour' is not a column of the header"), run::toString);
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }
}
