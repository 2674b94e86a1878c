package dev.fullbatch.spark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Small LIBSVM files written by tests. */
public final class TestData {
    private TestData() {
    }

    /**
     * Writes {@code rows} LIBSVM rows with {@code d} features (each present with probability {@code density}),
     * labels by {@code task}: "regression", "binary" (-1/+1) or "multiclass" (0..2).
     */
    public static Path libsvm(Path file, int rows, int d, double density, String task, long seed)
            throws IOException {
        SplittableRandom rnd = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            StringBuilder line = new StringBuilder();
            double margin = 0;
            for (int j = 1; j <= d; j++) {
                if (rnd.nextDouble() < density) {
                    double v = Math.round((rnd.nextDouble() * 4 - 2) * 1e4) / 1e4;
                    margin += v * ((j % 5) - 2);
                    line.append(' ').append(j).append(':').append(v);
                }
            }
            double label = switch (task) {
                case "binary" -> margin + rnd.nextDouble() - 0.5 > 0 ? 1 : -1;
                case "multiclass" -> margin > 1 ? 2 : margin > -1 ? 1 : 0;
                default -> Math.round((margin + rnd.nextDouble()) * 1e4) / 1e4;
            };
            sb.append(task.equals("regression") ? String.format(Locale.ROOT, "%s", label)
                    : Integer.toString((int) label)).append(line).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
