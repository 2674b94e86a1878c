package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads the issue 18 fixtures (src/test/resources/references/issue18, made by scripts/references/issue18_*.py). */
final class Issue18Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Issue18Fixtures() {
    }

    static JsonNode json(String name) {
        try (InputStream in = Issue18Fixtures.class.getResourceAsStream("/references/issue18/" + name)) {
            assertNotNull(in, "missing fixture " + name);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }
}
