package dev.fullbatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The issue 17 metric fixtures: the tables (label, scores, weight) and scikit-learn's values for them, written by
 * scripts/references/issue17_metrics.py.
 */
final class ReferenceTables {
    private static final String FOLDER = "/references/issue17/";

    private ReferenceTables() {
    }

    /** The rows of a CSV table (after its header) as numbers. */
    static double[][] table(String name) {
        String text = resource(name);
        List<double[]> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].trim().split(",");
            double[] row = new double[cells.length];
            for (int c = 0; c < cells.length; c++) {
                row[c] = Double.parseDouble(cells[c]);
            }
            rows.add(row);
        }
        return rows.toArray(new double[0][]);
    }

    /** scikit-learn's values (metrics.json). */
    static JsonNode expected() {
        try {
            return new ObjectMapper().readTree(resource("metrics.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ReferenceTables.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
