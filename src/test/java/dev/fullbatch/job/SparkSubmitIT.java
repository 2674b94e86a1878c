package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.spark.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar through Spark's own submission class ({@code org.apache.spark.deploy.SparkSubmit}, what
 * {@code spark-submit} runs) with a local master: the same subcommands, files and exit codes as the launcher, and
 * the same bits as an in-process run.
 */
class SparkSubmitIT {
    @TempDir
    static Path dir;

    private static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TestData.libsvm(dir.resolve("train.libsvm"), 2000, 10, 0.8, "regression", 3);
    }

    private static int submit(Path log, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("fullbatch.jar", "target/fullbatch.jar");
        assertTrue(Files.exists(Path.of(jar)), "the shaded jar must exist (run through mvn verify): " + jar);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        // C1 only: short test runs start faster, and the arithmetic (hence every bit) is the same.
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(Arrays.asList(System.getProperty("fullbatch.jvm.flags", "").trim().split("\\s+")));
        cmd.add("-cp");
        // Spark's own jars, as a Spark installation provides them; the application comes from the shaded jar.
        cmd.add(sparkClasspath());
        cmd.add("org.apache.spark.deploy.SparkSubmit");
        cmd.addAll(List.of("--master", "local[2]", "--conf", "spark.ui.enabled=false", "--class",
                "dev.fullbatch.job.Main", jar));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                throw new AssertionError("spark-submit did not finish in 180 s; log " + log);
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String sparkClasspath() {
        List<String> keep = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            // Leave out the project's own classes so only the submitted jar provides them.
            if (!entry.endsWith("classes") && !entry.endsWith("test-classes")) {
                keep.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, keep);
    }

    @Test
    void trainPredictAndGenerateRunThroughSparkSubmit() throws Exception {
        Path model = dir.resolve("model");
        int train = submit(dir.resolve("train.log"), "train", "--data", data.toString(), "--optimizer", "lbfgs",
                "--reg-l2", "1e-3", "--output", model.toString());
        assertEquals(0, train, () -> read(dir.resolve("train.log")));
        assertTrue(Files.exists(model.resolve("_SUCCESS")));
        assertTrue(read(dir.resolve("train.log")).contains("iteration 1/100"));

        Path reference = dir.resolve("in-process");
        JobRun local = JobRun.of("train", "--data", data.toString(), "--optimizer", "lbfgs", "--reg-l2", "1e-3",
                "--output", reference.toString(), "--master", "local[1]");
        assertEquals(0, local.exitCode(), local::toString);
        ModelBits.assertSame(ModelBits.of(reference), ModelBits.of(model), "spark-submit local[2] vs local[1]");

        Path scored = dir.resolve("scored");
        int predict = submit(dir.resolve("predict.log"), "predict", "--model", model.toString(), "--data",
                data.toString(), "--output", scored.toString());
        assertEquals(0, predict, () -> read(dir.resolve("predict.log")));
        assertTrue(Files.exists(scored.resolve("metrics.json")));
        assertTrue(read(dir.resolve("predict.log")).contains("\"rmse\""));

        Path generated = dir.resolve("generated");
        int generate = submit(dir.resolve("generate.log"), "generate", "--task", "binary", "--rows", "100",
                "--features", "4", "--output", generated.toString());
        assertEquals(0, generate, () -> read(dir.resolve("generate.log")));
        assertTrue(Files.exists(generated.resolve("_SUCCESS")));
    }

    @Test
    void exportFromTheShadedJarWritesTheSameBytesWithItsOwnRelocatedProtobuf() throws Exception {
        Path model = dir.resolve("export-model");
        JobRun train = JobRun.of("train", "--data", data.toString(), "--optimizer", "lbfgs", "--max-iter", "20",
                "--output", model.toString(), "--master", "local[1]");
        assertEquals(0, train.exitCode(), train::toString);
        Path local = dir.resolve("in-process.onnx");
        JobRun export = JobRun.of("export", "--model", model.toString(), "--format", "onnx", "--output",
                local.toString());
        assertEquals(0, export.exitCode(), export::toString);
        // Spark's own protobuf-java is on this classpath; the jar must use the copy it relocated.
        Path submitted = dir.resolve("submitted.onnx");
        int code = submit(dir.resolve("export.log"), "export", "--model", model.toString(), "--format", "onnx",
                "--output", submitted.toString());
        assertEquals(0, code, () -> read(dir.resolve("export.log")));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(local), Files.readAllBytes(submitted)),
                "same bytes from the shaded jar");
        try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(System.getProperty("fullbatch.jar",
                "target/fullbatch.jar"))) {
            assertTrue(jar.getEntry("dev/fullbatch/shaded/com/google/protobuf/ByteString.class") != null);
            assertTrue(jar.getEntry("dev/fullbatch/shaded/ai/onnx/proto/OnnxMl.class") != null);
            assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("com/google/protobuf/")
                    || e.getName().startsWith("ai/onnx/") || e.getName().startsWith("org/tribuo/")));
        }
    }

    @Test
    void userErrorsExitTwoWithoutAStackTrace() throws Exception {
        Path log = dir.resolve("bad.log");
        int code = submit(log, "train", "--data", dir.resolve("missing.libsvm").toString(), "--output",
                dir.resolve("never").toString());
        assertEquals(2, code, () -> read(log));
        String text = read(log);
        assertTrue(text.contains("does not exist"), text);
        assertFalse(text.contains("\tat dev.fullbatch"), text);
        assertFalse(Files.exists(dir.resolve("never")));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
