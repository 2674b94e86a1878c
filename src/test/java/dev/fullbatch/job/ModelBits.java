package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The reproducible part of a model directory, as raw bits: what the contract promises is identical. */
record ModelBits(List<Long> weights, List<Long> intercept, long objectiveValue, List<Long> objectives,
                 List<Long> gradNorms) {

    static ModelBits of(Path dir) throws IOException {
        JsonNode m = SavedModel.parse(Files.readString(dir.resolve("model.json")));
        List<Long> w = new ArrayList<>();
        m.get("weights").forEach(v -> w.add(Double.doubleToRawLongBits(v.asDouble())));
        List<Long> b = new ArrayList<>();
        m.get("intercept").forEach(v -> b.add(Double.doubleToRawLongBits(v.asDouble())));
        List<Long> obj = new ArrayList<>();
        List<Long> grad = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("history.csv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            obj.add(Double.doubleToRawLongBits(Double.parseDouble(c[1])));
            grad.add(Double.doubleToRawLongBits(Double.parseDouble(c[2])));
        }
        return new ModelBits(w, b, Double.doubleToRawLongBits(m.get("objectiveValue").asDouble()), obj, grad);
    }

    static void assertSame(ModelBits expected, ModelBits actual, String what) {
        assertEquals(expected.weights(), actual.weights(), what + ": weights");
        assertEquals(expected.intercept(), actual.intercept(), what + ": intercept");
        assertEquals(expected.objectiveValue(), actual.objectiveValue(), what + ": objectiveValue");
        assertEquals(expected.objectives(), actual.objectives(), what + ": history objective column");
        assertEquals(expected.gradNorms(), actual.gradNorms(), what + ": history grad_norm column");
    }
}
