package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.SavedModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fullbatch export} on hand-written model directories (no Spark): what it refuses (exit 2, one line naming
 * the model, option or file), and that it replaces only its own earlier exports.
 */
class ExportCommandTest {
    @TempDir
    Path dir;

    private Path model(String name, String objective, String type, int classes, double[] w, double[] b,
                       Map<String, Object> arch) throws Exception {
        Path m = dir.resolve(name);
        Files.createDirectories(m);
        Files.writeString(m.resolve("model.json"), new SavedModel(objective, type, 2, classes, w, b, 0.5, 3, true,
                "tol", "converged", arch, Map.of(), Map.of()).toJson());
        Files.writeString(m.resolve("_SUCCESS"), "");
        return m;
    }

    private Path linear() throws Exception {
        return model("linear", "logistic", "linear", 2, new double[] {1, -2}, new double[] {0.5}, Map.of());
    }

    private static JobRun export(Path model, String format, Path output, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("export", "--model", model.toString(), "--format",
                format, "--output", output.toString()));
        args.addAll(List.of(more));
        return JobRun.of(args.toArray(String[]::new));
    }

    private static void assertRefused(JobRun run, String message) {
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains(message), run::toString);
        assertTrue(!run.err().contains("\tat "), "no stack trace: " + run);
    }

    @Test
    void theSameModelExportsToIdenticalBytes() throws Exception {
        Path m = linear();
        for (String format : List.of("onnx", "pmml")) {
            assertEquals(0, export(m, format, dir.resolve("a." + format)).exitCode());
            assertEquals(0, export(m, format, dir.resolve("b." + format)).exitCode());
            assertArrayEquals(Files.readAllBytes(dir.resolve("a." + format)),
                    Files.readAllBytes(dir.resolve("b." + format)));
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of("a.onnx", "a.pmml", "b.onnx", "b.pmml", "linear"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no staging or checksum files");
        }
    }

    @Test
    void anUnknownFormatOrAMissingOptionIsAUsageError() throws Exception {
        Path m = linear();
        assertRefused(export(m, "h5", dir.resolve("m.h5")), "unknown export format 'h5'; expected one of onnx, pmml");
        assertRefused(JobRun.of("export", "--model", m.toString(), "--output", dir.resolve("x").toString()),
                "--format");
        assertRefused(export(dir.resolve("absent"), "onnx", dir.resolve("m.onnx")), "does not exist");
    }

    @Test
    void aNetworkIsRefusedAsPmmlAndAnUnknownObjectiveByBothFormatsWhileALogLinkModelExports() throws Exception {
        Path net = model("net", "softmax", "mlp", 3, new double[] {1, 0, 0, 1, 1, 1, 0, 0, 1, 1},
                new double[] {0, 0, 0, 0, 0}, Map.of("hidden", List.of(2), "activation", "sigmoid"));
        assertEquals(0, export(net, "onnx", dir.resolve("net.onnx")).exitCode());
        assertRefused(export(net, "pmml", dir.resolve("net.pmml")), "mlp softmax model " + net
                + " has 1 hidden layer; PMML export writes a RegressionModel, which holds linear models only");
        Path future = model("future", "quantile", "linear", 0, new double[] {1, 2}, new double[] {0}, Map.of());
        Path counts = model("counts", "poisson", "linear", 0, new double[] {1, 2}, new double[] {0}, Map.of());
        for (String format : List.of("onnx", "pmml")) {
            assertRefused(export(future, format, dir.resolve("f." + format)), "model " + future
                    + ": unknown objective 'quantile'");
            assertEquals(0, export(counts, format, dir.resolve("c." + format)).exitCode());
        }
        assertTrue(Files.notExists(dir.resolve("net.pmml")) && Files.notExists(dir.resolve("f.onnx")));
    }

    @Test
    void anExistingFileIsReplacedOnlyWithOverwriteAndOnlyWhenAnExportWroteIt() throws Exception {
        Path m = linear();
        Path out = dir.resolve("model.onnx");
        assertEquals(0, export(m, "onnx", out).exitCode());
        byte[] first = Files.readAllBytes(out);
        assertRefused(export(m, "onnx", out), "--output " + out + " already exists; pass --overwrite");
        Path other = model("other", "least-squares", "linear", 0, new double[] {3, 4}, new double[] {1}, Map.of());
        assertEquals(0, export(other, "onnx", out, "--overwrite").exitCode());
        assertTrue(!java.util.Arrays.equals(first, Files.readAllBytes(out)), "replaced");
        assertEquals(0, export(other, "pmml", out, "--overwrite").exitCode(), "a PMML export may replace an ONNX one");

        Path mine = dir.resolve("notes.onnx");
        Files.writeString(mine, "my own notes", StandardCharsets.UTF_8);
        assertRefused(export(m, "onnx", mine, "--overwrite"), "is not a model that fullbatch exported");
        assertEquals("my own notes", Files.readString(mine));
    }

    @Test
    void theOutputMustBeAFileOutsideTheModelDirectory() throws Exception {
        Path m = linear();
        assertRefused(export(m, "onnx", m.resolve("model.onnx")), "is inside the model directory");
        assertRefused(export(m, "onnx", m), "is inside the model directory");
        assertRefused(export(m, "onnx", dir), "is a directory; give the path of the file to write");
        Path file = dir.resolve("plain");
        Files.writeString(file, "x");
        assertRefused(export(m, "onnx", file.resolve("m.onnx")), "cannot be created: ");
        assertTrue(Files.notExists(m.resolve("model.onnx")));
    }
}
