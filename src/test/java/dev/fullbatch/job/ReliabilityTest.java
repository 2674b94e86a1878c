package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.Checkpoint;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.spark.SlowTasks;
import dev.fullbatch.spark.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Crashes, resumes and divergence: a failure costs at most the work since the last checkpoint, never the bits. */
class ReliabilityTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-reliability-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        data = TestData.libsvm(shared.resolve("binary.libsvm"), 3000, 15, 0.6, "binary", 17);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static String[] trainArgs(String optimizer, Path out, String... extra) {
        return JobRun.with(new String[] {"train", "--data", data.toString(), "--objective", "logistic", "--reg-l2",
            "1e-3", "--optimizer", optimizer, "--max-iter", "24", "--tol", "0", "--block-size", "16384",
            "--checkpoint-every", "3", "--output", out.toString()}, extra);
    }

    private static String[] concat(String[] first, String... more) {
        return JobRun.with(first, more);
    }

    private static Optional<Checkpoint> latest(Path out) throws Exception {
        return new CheckpointStore(out.toUri().toString(), new Configuration(), 2).latest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gd", "nesterov", "lbfgs"})
    void aRunKilledAfterACheckpointResumesToTheIdenticalModel(String optimizer) throws Exception {
        killAndResume(optimizer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2048", "0"})
    void aNewtonRunKilledAfterACheckpointResumesToTheIdenticalModel(String maxDenseHessian) throws Exception {
        // Newton converges in a few iterations: killed after the first checkpoint. The dense form (2048) restores
        // its Newton step, the trust region (0) its radius and forcing term's reference norm.
        killAndResume("newton", 3, "--max-dense-hessian", maxDenseHessian);
    }

    @Test
    void aNetworkKilledAfterACheckpointResumesToTheIdenticalModel() throws Exception {
        // Adam's moment estimates and the network's layers all have to come back from the checkpoint.
        killAndResume("adam", "--model", "mlp", "--hidden", "8", "--activation", "tanh");
    }

    @Test
    void earlyStoppingKeepsTheSameBestIterateAcrossAKillAndResume() throws Exception {
        // Validation rows with flipped labels: the validation loss is best early and worsens from then on, so the
        // best iterate lies before the checkpoint the run resumes from and must come back from it.
        StringBuilder flipped = new StringBuilder();
        for (String line : Files.readAllLines(data).subList(0, 800)) {
            flipped.append(line.startsWith("-1 ") ? "1" + line.substring(2) : "-1" + line.substring(1)).append('\n');
        }
        Path validation = Files.writeString(dir.resolve("flipped.libsvm"), flipped.toString());
        killAndResume("gd", "--validation", validation.toString(), "--patience", "16");
        com.fasterxml.jackson.databind.JsonNode ref = dev.fullbatch.io.SavedModel.parse(
                Files.readString(dir.resolve("reference/model.json")));
        com.fasterxml.jackson.databind.JsonNode resumed = dev.fullbatch.io.SavedModel.parse(
                Files.readString(dir.resolve("interrupted/model.json")));
        assertTrue(ref.get("bestIteration").asInt() >= 1 && ref.get("bestIteration").asInt() < 6, ref.toString());
        assertEquals(ref.get("bestIteration").asInt(), resumed.get("bestIteration").asInt());
        assertEquals("early-stop", resumed.get("stopCode").asText());
    }

    private void killAndResume(String optimizer, String... model) throws Exception {
        killAndResume(optimizer, 6, model);
    }

    private void killAndResume(String optimizer, int atLeast, String... model) throws Exception {
        Path reference = dir.resolve("reference");
        JobRun ref = JobRun.of(trainArgs(optimizer, reference, model));
        assertEquals(0, ref.exitCode(), ref::toString);

        Path out = dir.resolve("interrupted");
        try (ChildJob child = ChildJob.start(dir.resolve("child.log"), SlowTasks.jvmOptions(150),
                trainArgs(optimizer, out, concat(model, "--master", "local[2]")))) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (System.nanoTime() < deadline && child.isAlive()
                    && latest(out).map(c -> c.state().iteration() < atLeast).orElse(true)) {
                Thread.sleep(100);
            }
            assertTrue(child.isAlive(), "the job ended before it could be killed; see " + child.logFile());
            child.kill();
        }
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        int killedAt = latest(out).orElseThrow().state().iteration();
        assertTrue(killedAt >= atLeast && killedAt < 24, "checkpoint at " + killedAt);

        JobRun resumed = JobRun.of(trainArgs(optimizer, out, concat(model, "--resume")));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.err().contains("resuming from the checkpoint at iteration " + killedAt), resumed.err());
        assertTrue(resumed.err().contains("taking over the claim") && resumed.err().contains("runs on this host"),
                "the killed run's claim does not block --resume: " + resumed.err());
        ModelBits.assertSame(ModelBits.of(reference), ModelBits.of(out), optimizer + " resumed at " + killedAt);
    }

    /** Starts a slowed-down child run on {@code out} and kills it once a checkpoint at {@code atLeast} exists. */
    private ChildJob killAfterCheckpoint(Path out, String[] args, int atLeast) throws Exception {
        ChildJob child = ChildJob.start(dir.resolve("child-" + out.getFileName() + ".log"),
                List.of("-Dfullbatch.iterationDelayMs=150"), args);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && child.isAlive()
                && latest(out).map(c -> c.state().iteration() < atLeast).orElse(true)) {
            Thread.sleep(100);
        }
        assertTrue(child.isAlive(), "the job ended before it could be killed; see " + child.logFile());
        child.kill();
        return child;
    }

    @Test
    void aDamagedLatestCheckpointIsRejectedLoudlyAndTheRunResumesFromTheOneBeforeToTheSameBits() throws Exception {
        Path reference = dir.resolve("reference");
        JobRun ref = JobRun.of(trainArgs("lbfgs", reference, "--checkpoint-every", "2"));
        assertEquals(0, ref.exitCode(), ref::toString);
        Path out = dir.resolve("interrupted");
        killAfterCheckpoint(out, trainArgs("lbfgs", out, "--checkpoint-every", "2", "--master", "local[2]"), 8)
                .close();
        List<Path> kept = new CheckpointStore(out.toUri().toString(), new Configuration(), 2).complete().stream()
                .map(p -> out.resolve("_checkpoint").resolve(p.getName())).toList();
        // A kill between writing a checkpoint and pruning the oldest leaves three; every one is damaged below, so
        // the count does not matter as long as there are two to tell apart.
        assertTrue(kept.size() >= 2, kept::toString);
        Path older = kept.get(kept.size() - 2).resolve("state.json");
        Path newer = kept.get(kept.size() - 1).resolve("state.json");
        byte[] olderBytes = Files.readAllBytes(older);

        Files.writeString(newer, "{ \"format\": \"fullbatch-checkpoint/1\", \"optimizer\": ");
        Files.deleteIfExists(newer.resolveSibling(".state.json.crc"));
        for (Path each : kept.subList(0, kept.size() - 1)) {
            Files.writeString(each.resolve("state.json"), "garbage");
            Files.deleteIfExists(each.resolve(".state.json.crc"));
        }
        JobRun none = JobRun.of(trainArgs("lbfgs", out, "--checkpoint-every", "2", "--resume"));
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("no checkpoint in " + out + "/_checkpoint can be read (" + newer.getParent()
                .getFileName() + ": "), none::toString);
        assertTrue(none.err().contains("; " + older.getParent().getFileName() + ": "), none::toString);
        assertTrue(none.err().contains("Pass --overwrite to discard it and start over"), none::toString);
        assertFalse(none.err().contains("starting fresh"), "never a silent fresh start");

        Files.write(older, olderBytes);
        JobRun resumed = JobRun.of(trainArgs("lbfgs", out, "--checkpoint-every", "2", "--resume"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertTrue(resumed.err().contains("checkpoint file:" + newer.getParent() + " is damaged and is not used: "),
                resumed::toString);
        int olderIteration = Integer.parseInt(older.getParent().getFileName().toString().substring("ckpt-".length()));
        assertTrue(resumed.err().contains("resuming from the checkpoint at iteration " + olderIteration),
                resumed::toString);
        ModelBits.assertSame(ModelBits.of(reference), ModelBits.of(out), "resumed from the older checkpoint");
    }

    @Test
    void twoRunsStartedTogetherOnOneOutputGiveOneModelAndOneRefusal() throws Exception {
        Path out = dir.resolve("contested");
        String[] args = trainArgs("gd", out, "--master", "local[1]", "--checkpoint-every", "0");
        int[] codes = new int[2];
        long[] pids = new long[2];
        try (ChildJob a = ChildJob.start(dir.resolve("a.log"), List.of("-Dfullbatch.iterationDelayMs=250"), args);
             ChildJob b = ChildJob.start(dir.resolve("b.log"), List.of("-Dfullbatch.iterationDelayMs=250"), args)) {
            pids[0] = a.pid();
            pids[1] = b.pid();
            codes[0] = a.waitFor(300);
            codes[1] = b.waitFor(300);
        }
        String logA = Files.readString(dir.resolve("a.log"));
        String logB = Files.readString(dir.resolve("b.log"));
        List<Integer> sorted = new java.util.ArrayList<>(List.of(codes[0], codes[1]));
        java.util.Collections.sort(sorted);
        assertEquals(List.of(0, 2), sorted, () -> "one run wins, one exits 2:\n" + logA + "\n----\n" + logB);
        int winner = codes[0] == 0 ? 0 : 1;
        String loserLog = winner == 0 ? logB : logA;
        assertTrue(loserLog.contains("is in use by another fullbatch run: train on host ")
                && loserLog.contains("process " + pids[winner] + ", started "), loserLog);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        try (var siblings = Files.list(dir)) {
            assertEquals(List.of(), siblings.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(".contested.")).toList(), "no claim, staging or old folder left");
        }
        assertTrue((winner == 0 ? logA : logB).contains("model written to"));
    }

    @Test
    void resumeRefusesChangedOptionsOrDataAndNamesWhatChanged() throws Exception {
        Path out = dir.resolve("unfinished");
        Path copy = dir.resolve("copy.libsvm");
        Files.copy(data, copy);
        String[] diverging = {"train", "--data", copy.toString(), "--objective", "least-squares", "--optimizer",
            "gd", "--step-size", "50", "--max-iter", "1000", "--tol", "0", "--checkpoint-every", "5", "--output",
            out.toString()};
        assertEquals(3, JobRun.of(diverging).exitCode());
        JobRun changed = JobRun.of(JobRun.with(diverging, "--resume", "--step-size", "0.1"));
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("--step-size changed from 50 to 0.1"), changed.err());

        Files.writeString(copy, Files.readString(copy) + "1 1:1\n");
        List<String> sameOptions = new java.util.ArrayList<>(List.of(diverging));
        sameOptions.add("--resume");
        JobRun dataChanged = JobRun.of(sameOptions.toArray(new String[0]));
        assertEquals(2, dataChanged.exitCode(), dataChanged::toString);
        assertTrue(dataChanged.err().contains("the training data changed"), dataChanged.err());
        assertTrue(latest(out).isPresent(), "a refused resume leaves the checkpoints alone");
    }

    @Test
    void resumeWithNoCheckpointStartsFreshAndAFinishedModelIsLeftAlone() throws Exception {
        Path out = dir.resolve("new");
        JobRun first = JobRun.of(trainArgs("gd", out, "--resume", "--max-iter", "3"));
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.err().contains("starting fresh"), first.err());
        String model = Files.readString(out.resolve("model.json"));
        JobRun again = JobRun.of(trainArgs("gd", out, "--resume", "--max-iter", "3"));
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already holds a complete model"), again.err());
        assertEquals(model, Files.readString(out.resolve("model.json")));
    }

    @Test
    void divergenceExitsThreeNamingTheIterationAndKeepsTheLastCheckpoint() throws Exception {
        Path out = dir.resolve("diverged");
        JobRun run = JobRun.of("train", "--data", data.toString(), "--objective", "least-squares", "--optimizer",
                "gd", "--step-size", "50", "--max-iter", "1000", "--tol", "0", "--checkpoint-every", "5",
                "--output", out.toString());
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.err().contains("diverged at iteration"), run.err());
        assertTrue(run.err().contains("--step-size"), run.err());
        assertTrue(run.err().contains("last good checkpoint"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        Checkpoint kept = latest(out).orElseThrow();
        assertTrue(Double.isFinite(kept.state().value()));
        assertEquals(kept.state().iteration(), kept.history().size());
    }
}
