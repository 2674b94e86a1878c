package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.fullbatch.spark.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few hundred random mutations of valid LIBSVM and CSV files through the real command line (in-process, one
 * shared session, a bounded wait per run): every run exits 0 (and commits a model) or 2 (and writes nothing), never
 * 1, never hangs, never prints a stack trace, and no Spark task ever fails. The bulk of the mutations goes through
 * the same reading and checking code without Spark in {@link dev.fullbatch.spark.MutatedInputTest}.
 */
class MutatedInputJobTest {
    static final long SEED = 11_2026_1126L;
    static final int RUNS = 200;
    static final long RUN_TIMEOUT_SECONDS = 90;

    private static SparkSession spark;
    private static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-mutated-input-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
                if (taskEnd.taskInfo().failed()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void mutatedInputsExitZeroOrTwoWithoutStackTracesOrFailedTasks() throws Exception {
        SplittableRandom rnd = new SplittableRandom(SEED);
        byte[] libsvm = Mutations.libsvm(rnd, 60, 5);
        byte[] csv = Mutations.csv(rnd, 50, 4);
        List<String> objectives = List.of("logistic", "least-squares", "softmax", "squared-hinge", "huber");
        Map<String, Integer> exits = new TreeMap<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        long started = System.nanoTime();
        try {
            for (int i = 0; i < RUNS; i++) {
                boolean isCsv = i % 2 == 1;
                byte[] input = Mutations.mutate(isCsv ? csv : libsvm, rnd);
                Path run = dir.resolve("run-" + i);
                Files.createDirectories(run);
                Path data = run.resolve(isCsv ? "data.csv" : "data.libsvm");
                Files.write(data, input);
                Path out = run.resolve("model");
                List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output",
                        out.toString(), "--max-iter", "1", "--objective", objectives.get((i / 2) % objectives.size())));
                if (isCsv) {
                    args.add("--header");
                }
                if (i % 3 == 0) {
                    args.addAll(List.of("--bad-records", "skip"));
                }
                if (i % 4 == 0) {
                    args.addAll(List.of("--block-size", "1024", "--partitions", "3"));
                }
                String label = "run " + i + " " + String.join(" ", args.subList(5, args.size()));
                Future<JobRun> future = pool.submit(() -> JobRun.of(args.toArray(String[]::new)));
                JobRun result;
                try {
                    result = future.get(RUN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    future.cancel(true);
                    fail(label + " did not finish within " + RUN_TIMEOUT_SECONDS + " s; input '"
                            + Mutations.escaped(input) + "'");
                    return;
                }
                JobRun r = result;
                String context = label + "; input '" + Mutations.escaped(input) + "'\n" + r;
                assertTrue(r.exitCode() == 0 || r.exitCode() == 2, context);
                BadInputTest.assertNoStackTrace(label, r);
                if (r.exitCode() == 0) {
                    assertTrue(Files.exists(out.resolve("_SUCCESS")), context);
                } else {
                    assertFalse(Files.exists(out), context);
                    assertTrue(r.err().lines().anyMatch(l -> l.startsWith("fullbatch")), context);
                }
                exits.merge((isCsv ? "csv" : "libsvm") + " exit " + r.exitCode(), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println("MutatedInputJobTest: seed " + SEED + ", " + RUNS + " runs through Main.execute: " + exits
                + ", failed Spark tasks " + FAILED_TASKS.get() + ", " + (System.nanoTime() - started) / 1_000_000 / RUNS
                + " ms a run");
        assertEquals(0, FAILED_TASKS.get(), "no input may make a Spark task fail");
        assertTrue(exits.keySet().stream().anyMatch(k -> k.endsWith("exit 0"))
                && exits.keySet().stream().anyMatch(k -> k.endsWith("exit 2")), exits::toString);
    }
}
