package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;

/**
 * What the contract promises to reproduce to the last bit, read from a model directory: weights, intercept,
 * objectiveValue, and the objective and grad_norm columns of history.csv (as raw IEEE bits).
 */
record ModelBits(long[] weights, long[] intercept, long objectiveValue, long[] objectives, long[] gradNorms) {

    static ModelBits of(String modelJson, String historyCsv) {
        SavedModel m = SavedModel.fromJson(modelJson, "model.json");
        List<String> lines = historyCsv.lines().toList();
        assertTrue(lines.get(0).startsWith("iteration,objective,grad_norm,"), "history.csv header: " + lines.get(0));
        long[] objectives = new long[lines.size() - 1];
        long[] gradNorms = new long[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            objectives[i - 1] = Double.doubleToRawLongBits(Double.parseDouble(cells[1]));
            gradNorms[i - 1] = Double.doubleToRawLongBits(Double.parseDouble(cells[2]));
        }
        return new ModelBits(bits(m.weights()), bits(m.intercept()), Double.doubleToRawLongBits(m.objectiveValue()),
                objectives, gradNorms);
    }

    /** Reads a model directory on the local disk. */
    static ModelBits read(Path dir) throws IOException {
        assertTrue(Files.exists(dir.resolve("_SUCCESS")), "no _SUCCESS in " + dir);
        return of(Files.readString(dir.resolve("model.json")), Files.readString(dir.resolve("history.csv")));
    }

    /** Reads a model directory on any Hadoop file system. */
    static ModelBits read(FileSystem fs, org.apache.hadoop.fs.Path dir) throws IOException {
        assertTrue(fs.exists(new org.apache.hadoop.fs.Path(dir, "_SUCCESS")), "no _SUCCESS in " + dir);
        return of(text(fs, new org.apache.hadoop.fs.Path(dir, "model.json")),
                text(fs, new org.apache.hadoop.fs.Path(dir, "history.csv")));
    }

    static String text(FileSystem fs, org.apache.hadoop.fs.Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    int iterations() {
        return objectives.length;
    }

    /** Fails naming the first quantity and index whose bits differ. */
    void assertSameAs(ModelBits expected, String what) {
        same(expected.weights, weights, what + ": weights");
        same(expected.intercept, intercept, what + ": intercept");
        assertEquals(Double.longBitsToDouble(expected.objectiveValue), Double.longBitsToDouble(objectiveValue),
                what + ": objectiveValue");
        assertEquals(expected.objectiveValue, objectiveValue, what + ": objectiveValue bits");
        same(expected.objectives, objectives, what + ": history.csv objective");
        same(expected.gradNorms, gradNorms, what + ": history.csv grad_norm");
    }

    private static void same(long[] expected, long[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                diffs.add("[" + i + "] " + Double.longBitsToDouble(expected[i]) + " vs "
                        + Double.longBitsToDouble(actual[i]));
            }
        }
        assertTrue(diffs.isEmpty(), what + " differ in " + diffs.size() + " of " + expected.length + " values, "
                + "first: " + (diffs.isEmpty() ? "" : diffs.get(0)));
    }

    private static long[] bits(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Double.doubleToRawLongBits(values[i]);
        }
        return out;
    }
}
