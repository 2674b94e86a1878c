package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --categorical-cols} on CSV beyond the dictionary itself: predict counts, per column, the rows whose value
 * went to the other level (expected counts read from the files by the test), and quoted cells (RFC 4180) are
 * unquoted in header names and values, commas and doubled quotes included.
 */
class CategoricalCsvTest {
    @TempDir
    Path dir;

    private static Path resource(String name) {
        return Path.of("src/test/resources/references/issue17", name);
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    /** The values of column {@code column} of a CSV file without quotes, after its header. */
    private static List<String> column(Path csv, int column) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                out.add(line.split(",", -1)[column].strip());
            }
        }
        return out;
    }

    @Test
    void predictCountsTheRowsWhoseValueWentToTheOtherLevelPrintsThemAndRecordsThemInMetrics() throws IOException {
        Map<String, Integer> trained = new HashMap<>();
        column(resource("categorical-train.csv"), 2).forEach(v -> trained.merge(v, 1, Integer::sum));
        List<String> scored = column(resource("categorical-test.csv"), 2);
        long expected = scored.stream().filter(v -> trained.getOrDefault(v, 0) < 3).count();
        assertTrue(expected > 0 && expected < scored.size(), () -> scored + " against " + trained);

        Path model = dir.resolve("model");
        JobRun train = JobRun.of("train", "--data", resource("categorical-train.csv").toString(), "--output",
                model.toString(), "--format", "csv", "--header", "--categorical-cols", "color",
                "--min-category-count", "3", "--max-iter", "20", "--master", "local[2]");
        assertEquals(0, train.exitCode(), train::toString);
        Path out = dir.resolve("scored");
        JobRun predict = JobRun.of("predict", "--model", model.toString(), "--data",
                resource("categorical-test.csv").toString(), "--output", out.toString(), "--master", "local[2]");
        assertEquals(0, predict.exitCode(), predict::toString);
        assertEquals(expected, json(out.resolve("metrics.json")).get("otherLevelRows").get("color").asLong());
        assertTrue(predict.err().contains("fullbatch: categorical column color: " + expected + " of "
                + scored.size() + " rows to color=(other)"), predict::toString);
    }

    @Test
    void quotedCellsAreUnquotedInHeaderNamesAndValuesAndPredictReadsThemAlike() throws IOException {
        Path csv = dir.resolve("quoted.csv");
        StringBuilder text = new StringBuilder("y,\"size \"\"L\"\", in cm\", \"city\" \n");
        String[] cities = {"\"New York, NY\"", "Boston", "\"Boston\"", "\"Say \"\"hi\"\"\""};
        double[] effect = {2.0, -1.0, -1.0, 0.5};
        List<String> expectedCities = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int c = (i * 7) % cities.length;
            double x = (i % 5) - 2.0;
            text.append(1.5 * x + effect[c]).append(",\"").append(x).append("\",").append(cities[c]).append('\n');
            expectedCities.add(cities[c]);
        }
        Files.writeString(csv, text.toString());
        Path model = dir.resolve("quoted-model");
        JobRun train = JobRun.of("train", "--data", csv.toString(), "--output", model.toString(), "--format", "csv",
                "--header", "--categorical-cols", "city", "--intercept", "false", "--optimizer", "lbfgs",
                "--max-iter", "200", "--master", "local[2]");
        assertEquals(0, train.exitCode(), train::toString);
        JsonNode saved = json(model.resolve("model.json"));
        List<String> names = new ArrayList<>();
        saved.get("featureNames").forEach(n -> names.add(n.asText()));
        assertEquals(List.of("size \"L\", in cm", "city=Boston", "city=New York, NY", "city=Say \"hi\"",
                "city=(other)"), names);
        assertEquals(1.5, saved.get("weights").get(0).asDouble(), 1e-4, "size \"L\", in cm");
        assertEquals(-1.0, saved.get("weights").get(1).asDouble(), 1e-4, "Boston, quoted or not");
        assertEquals(2.0, saved.get("weights").get(2).asDouble(), 1e-4, "New York, NY");
        assertEquals(0.5, saved.get("weights").get(3).asDouble(), 1e-4, "Say \"hi\"");
        JsonNode levels = json(model.resolve("encoding.json")).get("categorical").get("columns").get(0)
                .get("levels");
        assertEquals(20, levels.get(0).get("rows").asLong(), "Boston and \"Boston\" are one value");

        Path out = dir.resolve("quoted-scored");
        JobRun predict = JobRun.of("predict", "--model", model.toString(), "--data", csv.toString(), "--output",
                out.toString(), "--master", "local[2]");
        assertEquals(0, predict.exitCode(), predict::toString);
        JsonNode metrics = json(out.resolve("metrics.json"));
        assertEquals(40, metrics.get("rows").asLong());
        assertEquals(0, metrics.get("otherLevelRows").get("city").asLong());
        assertTrue(metrics.get("rmse").asDouble() < 1e-4, metrics::toString);
    }
}
