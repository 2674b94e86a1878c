package dev.fullbatch.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.OutputClaim;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.job.Main;
import dev.fullbatch.spark.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every input and output of the job on HDFS (a MiniDFSCluster: a real NameNode and DataNode on loopback, free
 * ports): generate, a --conf file, training and validation data, the model directory, checkpoints and resume,
 * and predict from the HDFS model.
 */
class HdfsIT {
    private static final Pattern ITERATION = Pattern.compile("^iteration (\\d+)/");

    @TempDir
    static Path dir;

    private static MiniDFSCluster hdfs;
    private static FileSystem fs;
    private static SparkSession spark;
    private static String root;
    private static final Interrupter INTERRUPTER = new Interrupter();

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        String project = System.getProperty("fullbatch.project.dir", ".");
        Path base = Path.of(project, "target", "minidfs-" + ProcessHandle.current().pid());
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.toAbsolutePath().toString());
        long t0 = System.nanoTime();
        hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
        hdfs.waitActive();
        System.out.printf(Locale.ROOT, "[measure] MiniDFSCluster (1 NameNode, 1 DataNode) up in %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        fs = hdfs.getFileSystem();
        root = fs.getUri() + "/fullbatch";
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-hdfs-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        spark.sparkContext().addSparkListener(INTERRUPTER);
        Path local = TestData.libsvm(dir.resolve("train.libsvm"), 3000, 15, 1.0, "binary", 5);
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()),
                new org.apache.hadoop.fs.Path(root + "/data/train/part-00000"));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            if (hdfs != null) {
                hdfs.shutdown(true);
            }
        }
    }

    /** Cancels every training job from a given iteration on, once armed: a crash in the middle of a run. */
    static final class Interrupter extends SparkListener {
        private volatile int fromIteration = Integer.MAX_VALUE;
        private final AtomicInteger cancelled = new AtomicInteger();

        void arm(int iteration) {
            cancelled.set(0);
            fromIteration = iteration;
        }

        void disarm() {
            fromIteration = Integer.MAX_VALUE;
        }

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String description = start.properties() == null ? null
                    : start.properties().getProperty("spark.job.description");
            if (description == null) {
                return;
            }
            Matcher m = ITERATION.matcher(description);
            // Each later job is cancelled too, in case one finished before its cancellation arrived.
            if (m.find() && Integer.parseInt(m.group(1)) >= fromIteration) {
                cancelled.incrementAndGet();
                spark.sparkContext().cancelJob(start.jobId(), "HdfsIT interrupts training");
            }
        }
    }

    private record Run(int exitCode, String out) {
    }

    private static Run run(List<String> args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int code = Main.execute(args.toArray(String[]::new), ps, ps);
        return new Run(code, buffer.toString(StandardCharsets.UTF_8));
    }

    private static void write(String uri, String text) throws IOException {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static boolean exists(String uri) throws IOException {
        return fs.exists(new org.apache.hadoop.fs.Path(uri));
    }

    @Test
    void everyInputAndOutputWorksOnHdfsWithTheBitsOfLocalFiles() throws Exception {
        Run generated = run(List.of("generate", "--task", "binary", "--rows", "500", "--features", "4",
                "--partitions", "2", "--output", root + "/generated"));
        assertEquals(0, generated.exitCode(), generated::out);
        assertTrue(exists(root + "/generated/part-00001") && exists(root + "/generated/_SUCCESS"),
                "generate writes its part files to HDFS");
        // Training and validation rows of the same linear problem, one file each.
        Path localData = dir.resolve("local");
        TestData.libsvm(localData.resolve("train").resolve("part-00000"), 2000, 10, 1.0, "binary", 21);
        TestData.libsvm(localData.resolve("valid").resolve("part-00000"), 1000, 10, 1.0, "binary", 22);
        fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(localData.toUri()),
                new org.apache.hadoop.fs.Path(root + "/daily"));
        write(root + "/conf/train.properties", "objective = logistic\nreg-l2 = 1e-3\noptimizer = lbfgs\n");
        List<String> options = List.of("--conf", root + "/conf/train.properties", "--max-iter", "30",
                "--block-size", "16384", "--checkpoint-every", "0");

        String model = root + "/models/daily";
        List<String> onHdfs = new ArrayList<>(List.of("train", "--data", root + "/daily/train",
                "--validation", root + "/daily/valid", "--output", model));
        onHdfs.addAll(options);
        Run train = run(onHdfs);
        assertEquals(0, train.exitCode(), train::out);
        for (String f : List.of("model.json", "history.csv", "metrics.json", "training.svg", "_SUCCESS")) {
            assertTrue(exists(model + "/" + f), f + " on HDFS");
        }
        assertTrue(ModelBits.text(fs, new org.apache.hadoop.fs.Path(model + "/history.csv"))
                .lines().findFirst().orElseThrow().contains("validation_"), "validation columns in history.csv");
        ModelBits fromHdfs = ModelBits.read(fs, new org.apache.hadoop.fs.Path(model));

        // The same bytes on the local disk give the same bits.
        Path localModel = dir.resolve("local-model");
        List<String> onDisk = new ArrayList<>(List.of("train", "--data", localData.resolve("train").toString(),
                "--validation", localData.resolve("valid").toString(), "--output", localModel.toString()));
        onDisk.addAll(options);
        Run local = run(onDisk);
        assertEquals(0, local.exitCode(), local::out);
        ModelBits.read(localModel).assertSameAs(fromHdfs, "file: versus hdfs:");

        String scored = root + "/scored/daily";
        Run predict = run(List.of("predict", "--model", model, "--data", root + "/daily/valid", "--output",
                scored));
        assertEquals(0, predict.exitCode(), predict::out);
        assertTrue(exists(scored + "/_SUCCESS"), "_SUCCESS of predict on HDFS");
        var metrics = SavedModel.parse(ModelBits.text(fs, new org.apache.hadoop.fs.Path(scored + "/metrics.json")));
        assertEquals(1000, metrics.get("rows").asLong(), metrics.toString());
        assertTrue(metrics.get("accuracy").asDouble() > 0.8, metrics.toString());
        long predictionLines = 0;
        for (FileStatus part : fs.listStatus(new org.apache.hadoop.fs.Path(scored + "/predictions"))) {
            if (part.getPath().getName().endsWith(".csv")) {
                predictionLines += ModelBits.text(fs, part.getPath()).lines().count() - 1;
            }
        }
        assertEquals(1000, predictionLines, "one prediction per validation row");
    }

    @Test
    void resumeFromAnHdfsCheckpointGivesTheBitsOfAnUninterruptedRun() throws Exception {
        List<String> options = List.of("train", "--data", root + "/data/train", "--objective", "logistic",
                "--optimizer", "lbfgs", "--reg-l2", "1e-4", "--max-iter", "25", "--tol", "0",
                "--checkpoint-every", "5", "--block-size", "16384");
        List<String> full = new ArrayList<>(options);
        full.addAll(List.of("--output", root + "/models/uninterrupted"));
        Run reference = run(full);
        assertEquals(0, reference.exitCode(), reference::out);
        ModelBits expected = ModelBits.read(fs, new org.apache.hadoop.fs.Path(root + "/models/uninterrupted"));
        assertTrue(expected.iterations() >= 20, "the run must outlast the interruption, got "
                + expected.iterations() + " iterations");

        String output = root + "/models/interrupted";
        List<String> first = new ArrayList<>(options);
        first.addAll(List.of("--output", output));
        Run crashed;
        INTERRUPTER.arm(13);
        try {
            crashed = run(first);
        } finally {
            INTERRUPTER.disarm();
        }
        assertEquals(1, crashed.exitCode(), () -> "the interrupted run should fail:\n" + crashed.out());
        assertFalse(exists(output + "/_SUCCESS"), "an interrupted run writes no _SUCCESS");
        assertTrue(exists(output + "/_checkpoint/ckpt-00000010/_COMPLETE"), "checkpoint of iteration 10 on HDFS");

        List<String> again = new ArrayList<>(first);
        again.add("--resume");
        Run resumed = run(again);
        assertEquals(0, resumed.exitCode(), resumed::out);
        Matcher m = Pattern.compile("resuming from the checkpoint at iteration (\\d+)").matcher(resumed.out());
        assertTrue(m.find(), resumed.out());
        int from = Integer.parseInt(m.group(1));
        assertTrue(from >= 10 && from < expected.iterations(), "resumed from iteration " + from);
        ModelBits.read(fs, new org.apache.hadoop.fs.Path(output)).assertSameAs(expected,
                "resumed from the HDFS checkpoint of iteration " + from + " versus uninterrupted");
    }

    @Test
    void anHdfsOutputIsClaimedByExactlyOneRunAndASecondRunIsRefusedNamingIt() throws Exception {
        org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(root + "/models/claimed");
        int runs = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(runs);
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<OutputClaim>> tries = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            tries.add(pool.submit(() -> {
                go.await();
                try {
                    return OutputClaim.acquire(fs, folder, "train", note -> { });
                } catch (OutputClaim.HeldException e) {
                    return null;
                }
            }));
        }
        go.countDown();
        List<OutputClaim> won = new ArrayList<>();
        for (var t : tries) {
            OutputClaim c = t.get(120, java.util.concurrent.TimeUnit.SECONDS);
            if (c != null) {
                won.add(c);
            }
        }
        pool.shutdown();
        assertEquals(1, won.size(), "the NameNode lets exactly one create the claim");
        try (OutputClaim holder = won.get(0)) {
            Run blocked = run(List.of("train", "--data", root + "/data/train", "--output", folder.toString(),
                    "--max-iter", "2"));
            assertEquals(2, blocked.exitCode(), blocked::out);
            assertTrue(blocked.out().contains("is in use by another fullbatch run: train on host "
                    + holder.holder().host() + ", process " + holder.holder().pid()), blocked.out());
            assertFalse(exists(folder.toString()));
        }
        assertEquals(0, fs.listStatus(folder.getParent(), p -> p.getName().contains("fullbatch-claim")).length,
                "the released claim is gone");
    }

    @Test
    void pathsWithSpacesWorkOnHdfsAndOnLocalDisk() throws Exception {
        Path local = TestData.libsvm(dir.resolve("with space").resolve("train data.libsvm"), 500, 5, 1.0, "binary",
                9);
        String remote = root + "/with space/train data.libsvm";
        fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(remote));
        List<String> options = List.of("--objective", "logistic", "--max-iter", "5", "--block-size", "4096",
                "--checkpoint-every", "0");
        List<String> onHdfs = new ArrayList<>(List.of("train", "--data", remote, "--output",
                root + "/models/with space"));
        onHdfs.addAll(options);
        Run remoteRun = run(onHdfs);
        assertEquals(0, remoteRun.exitCode(), remoteRun::out);
        List<String> onDisk = new ArrayList<>(List.of("train", "--data", local.toString(), "--output",
                dir.resolve("model with space").toString()));
        onDisk.addAll(options);
        Run localRun = run(onDisk);
        assertEquals(0, localRun.exitCode(), localRun::out);
        ModelBits.read(dir.resolve("model with space")).assertSameAs(
                ModelBits.read(fs, new org.apache.hadoop.fs.Path(root + "/models/with space")), "file: versus hdfs:");
    }
}
