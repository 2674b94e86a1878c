package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fullbatch.job.Main;
import dev.fullbatch.spark.SlowTasks;
import dev.fullbatch.spark.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training submitted with Spark's own SparkSubmit ({@code scripts/submit}, a separate driver process) to a real
 * standalone cluster ({@code scripts/cluster}: a Master and a Worker JVM on 127.0.0.1, two executor JVMs of one
 * core) gives the bits of an in-process {@code local[1]} run on the same data and options, also when one
 * executor JVM is SIGKILLed mid-training.
 */
class StandaloneClusterIT {
    private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(4);
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    @TempDir
    static Path dir;

    private static ProjectScripts scripts;
    private static StandaloneCluster cluster;
    private static SparkSession local;
    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        scripts = ProjectScripts.fromSystemProperties();
        // About 720 KB: with --block-size 65536 that is 11 blocks, so partitions hold several.
        data = TestData.libsvm(dir.resolve("data").resolve("train.libsvm"), 4000, 20, 1.0, "binary", 11);
        local = SparkSession.builder().master("local[1]").appName("fullbatch-reference")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        local.sparkContext().setLogLevel("ERROR");
        cluster = StandaloneCluster.start(scripts, scripts.projectDir().resolve("target").resolve("cluster-it"),
                1, 2, "2g");
        System.out.printf(Locale.ROOT, "[measure] scripts/cluster start (1 Master, 1 Worker of 2 cores): %.1f s "
                + "wall; the script reported: %s%n", cluster.startSeconds(), cluster.startReport().strip());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            if (local != null) {
                local.stop();
            }
        }
    }

    private static List<String> options(String optimizer, int maxIter) {
        return List.of("train", "--data", data.toString(), "--objective", "logistic", "--reg-l2", "1e-3",
                "--optimizer", optimizer, "--max-iter", Integer.toString(maxIter), "--tol", "0",
                "--block-size", "65536", "--checkpoint-every", "0");
    }

    /** Runs the job in this JVM on the shared local[1] session. */
    private static ModelBits reference(List<String> options, Path output) throws IOException {
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--output", output.toString(), "--partitions", "1", "--tree-depth", "2"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = Main.execute(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> "local[1] reference failed:\n" + out.toString(StandardCharsets.UTF_8));
        return ModelBits.read(output);
    }

    /**
     * Starts scripts/submit to the cluster: two executors of one core; other partitions and tree depth than the
     * reference. Driver and executors run with the C1 compiler only, which halves their start-up CPU on a busy
     * two-core machine (and shows the bits do not depend on the JIT either).
     */
    private static Process submit(List<String> options, Path output, Path log, boolean slowTasks)
            throws IOException {
        List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--executor-cores", "1",
                "--total-executor-cores", "2", "--executor-memory", "512m", "--driver-memory", "1g",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.extraJavaOptions=" + QUICK_START,
                "--driver-java-options", QUICK_START));
        if (slowTasks) {
            // The test-only plugin, from the test classes, on the driver and on the executors.
            String testClasses = scripts.projectDir().resolve("target").resolve("test-classes").toString();
            args.addAll(List.of("--driver-class-path", testClasses,
                    "--conf", "spark.executor.extraClassPath=" + testClasses,
                    "--conf", "spark.plugins=" + SlowTasks.class.getName(),
                    "--conf", SlowTasks.DELAY + "=100"));
        }
        args.addAll(options);
        args.addAll(List.of("--output", output.toString(), "--partitions", "5", "--tree-depth", "3"));
        return scripts.start(log, "submit", args.toArray(String[]::new));
    }

    @Test
    void trainingOnTwoExecutorJvmsGivesTheBitsOfLocalOne() throws Exception {
        List<String> options = options("lbfgs", 40);
        ModelBits expected = reference(options, dir.resolve("reference-lbfgs"));

        Path output = dir.resolve("cluster-lbfgs");
        Path log = dir.resolve("submit-lbfgs.log");
        long t0 = System.nanoTime();
        Process p = submit(options, output, log, false);
        int code;
        try {
            code = ProjectScripts.await(p, SUBMIT_TIMEOUT, log);
        } finally {
            ProjectScripts.kill(p.toHandle());
        }
        System.out.printf(Locale.ROOT, "[measure] scripts/submit train (lbfgs, %d iterations) on the cluster: "
                + "%.1f s from submit to exit%n", expected.iterations(), (System.nanoTime() - t0) / 1e9);
        String text = ProjectScripts.read(log);
        assertEquals(0, code, () -> "submit failed:\n" + text);
        assertTrue(blocks(text) >= 5, "the data should span several blocks:\n" + text);
        assertEquals(2, executorDirectories(), "the application should have run on two executor JVMs");
        ModelBits.read(output).assertSameAs(expected, "standalone cluster (2 executors, 5 partitions, depth 3) "
                + "versus local[1] (1 partition, depth 2)");
    }

    @Test
    void killingAnExecutorJvmMidTrainingStillGivesTheSameBits() throws Exception {
        List<String> options = options("gd", 30);
        ModelBits expected = reference(options, dir.resolve("reference-gd"));
        assertTrue(expected.iterations() >= 20, "the run must be long enough to be interrupted, got "
                + expected.iterations() + " iterations");

        Path output = dir.resolve("cluster-gd");
        Path log = dir.resolve("submit-gd.log");
        long t0 = System.nanoTime();
        // The SlowTasks plugin delays every task by 100 ms, so the kill surely lands mid-run.
        Process p = submit(options, output, log, true);
        int code;
        long killed;
        try {
            awaitLine(p, log, Pattern.compile("(?m)^iteration 3/30 "), Duration.ofMinutes(3));
            List<ProcessHandle> executors = cluster.executors(1);
            assertEquals(2, executors.size(), "executor JVMs under the Worker: " + executors);
            ProcessHandle victim = executors.get(0);
            killed = victim.pid();
            assertTrue(victim.destroyForcibly(), "SIGKILL of executor " + killed);
            victim.onExit().get(30, TimeUnit.SECONDS);
            assertTrue(p.isAlive(), "the driver should still be training when the executor dies:\n"
                    + ProjectScripts.tail(log));
            code = ProjectScripts.await(p, SUBMIT_TIMEOUT, log);
        } finally {
            ProjectScripts.kill(p.toHandle());
        }
        System.out.printf(Locale.ROOT, "[measure] scripts/submit train (gd, %d iterations) with executor PID %d "
                + "killed at iteration 3: %.1f s from submit to exit%n", expected.iterations(), killed,
                (System.nanoTime() - t0) / 1e9);
        String text = ProjectScripts.read(log);
        assertEquals(0, code, () -> "submit failed:\n" + text);
        assertTrue(text.contains("Lost executor"), "the driver should have noticed the lost executor:\n" + text);
        assertTrue(executorDirectories() >= 3, "the Worker should have launched a replacement executor");
        ModelBits.read(output).assertSameAs(expected, "standalone cluster with a killed executor versus local[1]");
    }

    @Test
    void usageErrorsExitTwoThroughSparkSubmit() throws Exception {
        Path log = dir.resolve("submit-usage.log");
        Path output = dir.resolve("never");
        int code = ProjectScripts.await(scripts.start(log, "submit", "--master", cluster.masterUrl(), "train",
                "--data", data.toString(), "--output", output.toString(), "--max-iter", "0"),
                Duration.ofMinutes(2), log);
        String text = ProjectScripts.read(log);
        assertEquals(2, code, () -> "exit code of a usage error through scripts/submit:\n" + text);
        assertTrue(text.contains("--max-iter"), text);
        assertTrue(!Files.exists(output), "nothing written");
    }

    private static int blocks(String log) {
        Matcher m = Pattern.compile("(\\d+) blocks").matcher(log);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Executor folders the Worker made for the newest application (one per executor JVM it launched). */
    private static int executorDirectories() throws IOException {
        Path work = cluster.state().resolve("work").resolve("worker-1");
        Path app;
        try (Stream<Path> apps = Files.list(work)) {
            app = apps.filter(a -> a.getFileName().toString().startsWith("app-")).sorted().reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no application folder in " + work));
        }
        try (Stream<Path> executors = Files.list(app)) {
            return (int) executors.filter(Files::isDirectory).count();
        }
    }

    private static void awaitLine(Process p, Path log, Pattern line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && line.matcher(ProjectScripts.read(log)).find()) {
                return;
            }
            if (!p.isAlive()) {
                fail("the submitted job ended (exit " + p.exitValue() + ") before printing '" + line + "':\n"
                        + ProjectScripts.tail(log));
            }
            Thread.sleep(50);
        }
        fail("no '" + line + "' within " + timeout + ":\n" + ProjectScripts.tail(log));
    }
}
