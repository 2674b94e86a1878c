package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.spark.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14: an output folder is sacred. Every refusal leaves every pre-existing file byte for byte as it was, and
 * leaves nothing beside the folder; a complete model is kept only when it is the model asked for; a claimed folder
 * is refused naming its holder. Through the real command line, in one shared session.
 */
class OutputFolderSafetyTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path data;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-output-safety-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        data = TestData.libsvm(shared.resolve("binary.libsvm"), 600, 6, 0.8, "binary", 11);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    // ---------------------------------------------------------------- helpers

    private static JobRun train(Path input, Path output, String... more) {
        return JobRun.of(JobRun.with(new String[] {"train", "--data", input.toString(), "--output",
            output.toString(), "--objective", "logistic", "--reg-l2", "1e-3", "--max-iter", "4"}, more));
    }

    /** A folder of the user's: data files, a note, a subfolder. */
    private Path usersFolder(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.resolve("sub"));
        Files.copy(data, f.resolve("part-0.libsvm"));
        Files.write(f.resolve("notes.txt"), new byte[] {'m', 'y', 0, (byte) 0xff, '\n'});
        Files.writeString(f.resolve("sub/keep.csv"), "a,b\n1,2\n");
        return f;
    }

    /** Every file and folder under {@code root} with its bytes. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                String key = root.relativize(p).toString();
                m.put(key, Files.isDirectory(p) ? "<dir>"
                        : new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    /** Names fullbatch puts beside an output folder (staging, old, claims). */
    private static List<String> leftovers(Path parent) throws IOException {
        try (Stream<Path> files = Files.list(parent)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".fullbatch-")).toList();
        }
    }

    /** Exit 2 with every fragment in the message, no stack trace, nothing read, everything as it was. */
    private static JobRun refused(JobRun run, Map<String, String> before, Path root, String... fragments)
            throws IOException {
        assertEquals(2, run.exitCode(), run::toString);
        for (String f : fragments) {
            assertTrue(run.err().contains(f), () -> "expected '" + f + "' in\n" + run);
        }
        BadInputTest.assertNoStackTrace("refusal", run);
        assertFalse(run.err().contains("fullbatch: reading"), () -> "refused before reading: " + run);
        assertEquals(before, snapshot(root), "every pre-existing file is still there, byte for byte");
        assertEquals(List.of(), leftovers(root.getParent()));
        return run;
    }

    // ---------------------------------------------------------------- an output that overlaps an input

    @ParameterizedTest
    @ValueSource(strings = {"--resume", "--overwrite", "--max-iter"})
    void theInputFolderIsNeverTheOutput(String flag) throws IOException {
        Path in = usersFolder("in");
        Map<String, String> before = snapshot(in);
        String[] extra = flag.equals("--max-iter") ? new String[] {"--max-iter", "2"} : new String[] {flag};
        refused(train(in, in, extra), before, in, "--output " + in + " is the --data " + in + " input itself",
                "choose an --output outside it");
    }

    @Test
    void aFolderAboveTheInputIsNeverTheOutput() throws IOException {
        Path top = usersFolder("top");
        Path in = top.resolve("sub/train.libsvm");
        Files.copy(data, in);
        Map<String, String> before = snapshot(top);
        refused(train(in, top, "--overwrite"), before, top, "--output " + top + " contains the --data " + in
                + " input");
        refused(train(data, top, "--validation", in.toString(), "--resume"), before, top,
                "contains the --validation " + in + " input");
    }

    @Test
    void aFolderInsideTheInputIsNeverTheOutput() throws IOException {
        Path in = usersFolder("in");
        Map<String, String> before = snapshot(in);
        refused(train(in, in.resolve("model")), before, in, "--output " + in.resolve("model") + " is inside the "
                + "--data " + in + " input");
        refused(train(Path.of(in + "/*.libsvm"), in, "--overwrite"), before, in, "contains the --data " + in
                + "/*.libsvm input (file:" + in.resolve("part-0.libsvm") + ")");
        refused(train(Path.of(in + "/*"), in.resolve("model"), "--overwrite"), before, in, "is matched by the "
                + "--data " + in + "/* input");
        refused(train(Path.of(in + "/*"), in.resolve("model/x"), "--overwrite"), before, in, "is inside the "
                + "--data " + in + "/* input");
    }

    @Test
    void aSymbolicLinkToTheInputIsTheInput() throws IOException {
        Path in = usersFolder("in");
        Path link = Files.createSymbolicLink(dir.resolve("link"), in);
        Map<String, String> before = snapshot(in);
        refused(train(in, link, "--overwrite"), before, in, "is the --data " + in + " input itself");
    }

    @Test
    void predictNeverWritesIntoItsModelOrData() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(data, model).exitCode());
        Map<String, String> before = snapshot(model);
        refused(JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                model.toString(), "--overwrite"), before, model, "--output " + model + " is the --model " + model
                + " input itself");
        Path in = usersFolder("in");
        Map<String, String> inBefore = snapshot(in);
        refused(JobRun.of("predict", "--model", model.toString(), "--data", in.toString(), "--output",
                in.resolve("scores").toString()), inBefore, in, "is inside the --data " + in + " input");
    }

    // ---------------------------------------------------------------- folders fullbatch did not write

    @ParameterizedTest
    @ValueSource(strings = {"--resume", "--overwrite", "--max-iter"})
    void aFolderOfTheUsersIsNeverReplacedOrResumed(String flag) throws IOException {
        Path mine = usersFolder("mine");
        Map<String, String> before = snapshot(mine);
        String[] extra = flag.equals("--max-iter") ? new String[] {"--max-iter", "2"} : new String[] {flag};
        JobRun run = refused(train(data, mine, extra), before, mine, "--output " + mine + " holds files fullbatch "
                + "did not write (notes.txt, part-0.libsvm, sub)", "choose a new or empty folder for --output");
        assertFalse(run.err().contains("pass --resume") || run.err().contains("pass --overwrite"),
                "no option is suggested that would touch it: " + run);
    }

    @Test
    void aModelFolderWithAUsersFileInItIsNotReplaced() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(data, model).exitCode());
        Files.writeString(model.resolve("README.md"), "my notes on this model\n");
        Map<String, String> before = snapshot(model);
        refused(train(data, model, "--overwrite", "--reg-l2", "0.1"), before, model, "holds files fullbatch did not "
                + "write (README.md)");
        refused(train(data, model, "--resume"), before, model, "holds files fullbatch did not write (README.md)");
    }

    @Test
    void predictionsAreNotReplacedByAModelNorAModelByPredictions() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(data, model).exitCode());
        Path scores = dir.resolve("scores");
        JobRun predicted = JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                scores.toString());
        assertEquals(0, predicted.exitCode(), predicted::toString);
        Map<String, String> scoresBefore = snapshot(scores);
        refused(train(data, scores, "--overwrite"), scoresBefore, scores, "--output " + scores + " is not a model "
                + "folder: it holds the output of fullbatch predict");
        Map<String, String> modelBefore = snapshot(model);
        Path other = dir.resolve("other-model");
        assertEquals(0, train(data, other).exitCode());
        refused(JobRun.of("predict", "--model", other.toString(), "--data", data.toString(), "--output",
                model.toString(), "--overwrite"), modelBefore, model, "is not predictions folder: it holds the "
                + "output of fullbatch train");
    }

    // ---------------------------------------------------------------- what fullbatch wrote

    @Test
    void overwriteReplacesAModelAndDiscardsAnUnfinishedRun() throws IOException {
        Path model = dir.resolve("model");
        assertEquals(0, train(data, model).exitCode());
        assertTrue(Files.exists(model.resolve("_FULLBATCH")), "a committed folder carries the marker");
        JobRun noFlag = train(data, model);
        assertEquals(2, noFlag.exitCode());
        assertTrue(noFlag.err().contains("already holds a complete model. Pass --overwrite"), noFlag::toString);
        JobRun replaced = train(data, model, "--overwrite", "--reg-l2", "0.5");
        assertEquals(0, replaced.exitCode(), replaced::toString);
        assertTrue(Files.readString(model.resolve("model.json")).contains("\"reg-l2\" : 0.5"));

        Path run = dir.resolve("run");
        JobRun diverged = JobRun.of("train", "--data", data.toString(), "--output", run.toString(), "--objective",
                "least-squares", "--optimizer", "gd", "--step-size", "1e12", "--standardize", "false",
                "--checkpoint-every", "1", "--max-iter", "50");
        assertEquals(3, diverged.exitCode(), diverged::toString);
        assertTrue(Files.exists(run.resolve("_FULLBATCH")), "the first checkpoint marks the folder");
        JobRun unfinished = train(data, run);
        assertEquals(2, unfinished.exitCode());
        assertTrue(unfinished.err().contains("holds an unfinished run (checkpoints up to iteration "),
                unfinished::toString);
        assertTrue(unfinished.err().contains("Pass --resume to continue it"), unfinished::toString);
        JobRun fresh = train(data, run, "--overwrite", "--checkpoint-every", "0");
        assertEquals(0, fresh.exitCode(), fresh::toString);
        assertTrue(fresh.err().contains("discarding the unfinished run"), fresh::toString);
        assertFalse(Files.exists(run.resolve("_checkpoint")), "the discarded run's checkpoints are gone");
        assertEquals(List.of(), leftovers(dir));
    }

    // ---------------------------------------------------------------- --resume on a complete model

    @Test
    void resumeOnACompleteModelDoesNothingWhenOptionsAndDataAreUnchanged() throws IOException {
        Path model = dir.resolve("model");
        Path copy = Files.copy(data, dir.resolve("train.libsvm"));
        assertEquals(0, train(copy, model, "--resume").exitCode());
        Map<String, String> before = snapshot(model);
        JobRun again = train(copy, model, "--resume", "--partitions", "3", "--tree-depth", "3");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already holds a complete model trained with these options and this data "
                + "(1 files, the same sizes and modification times); nothing to do"), again::toString);
        assertFalse(again.err().contains("fullbatch: reading"), "decided without reading the data: " + again);
        assertEquals(before, snapshot(model));
    }

    @Test
    void resumeOnACompleteModelNamesEveryChangedOptionAndFile() throws IOException {
        Path model = dir.resolve("model");
        Path copy = Files.copy(data, dir.resolve("train.libsvm"));
        assertEquals(0, train(copy, model, "--resume").exitCode());
        Map<String, String> before = snapshot(model);
        refused(train(copy, model, "--resume", "--reg-l2", "0.01", "--max-iter", "9"), before, model,
                "holds a complete model trained with other options or data: ", "--reg-l2 changed from 0.001 to 0.01",
                "--max-iter changed from 4 to 9", "Pass --overwrite to train a new one in its place");

        Files.writeString(copy, "1 1:1\n", java.nio.file.StandardOpenOption.APPEND);
        refused(train(copy, model, "--resume"), before, model, "the training data changed: file:" + copy + " has ");

        byte[] original = Files.readAllBytes(data);
        Files.write(copy, original);
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().plusSeconds(5)));
        refused(train(copy, model, "--resume"), before, model, "the training data changed: file:" + copy
                + " was rewritten (modified ");

        JobRun retrained = train(copy, model, "--overwrite", "--reg-l2", "0.01");
        assertEquals(0, retrained.exitCode(), retrained::toString);
        assertNotEquals(before, snapshot(model));
        JobRun kept = train(copy, model, "--resume", "--reg-l2", "0.01");
        assertEquals(0, kept.exitCode(), kept::toString);
        assertTrue(kept.err().contains("nothing to do"), kept::toString);
    }

    // ---------------------------------------------------------------- claims

    @Test
    void aFolderClaimedByALiveRunIsRefusedNamingItAndTakenOverOnceItIsGone() throws Exception {
        Path model = dir.resolve("model");
        Process holder = new ProcessBuilder("sleep", "120").start();
        try {
            long start = holder.info().startInstant().orElseThrow().toEpochMilli();
            String host = InetAddress.getLocalHost().getHostName();
            Instant started = Instant.now();
            Files.writeString(dir.resolve(".model.fullbatch-claim-1"), "{\"format\": \"fullbatch-claim/1\", "
                    + "\"command\": \"train\", \"host\": \"" + host + "\", \"pid\": " + holder.pid()
                    + ", \"processStart\": " + start + ", \"started\": \"" + started + "\", \"token\": \"x\"}\n");
            JobRun blocked = train(data, model);
            assertEquals(2, blocked.exitCode(), blocked::toString);
            assertTrue(blocked.err().contains("is in use by another fullbatch run: train on host " + host
                    + ", process " + holder.pid() + ", started " + started), blocked::toString);
            assertFalse(Files.exists(model));
            assertEquals(List.of(".model.fullbatch-claim-1"), leftovers(dir), "the holder's claim is left alone");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(30, TimeUnit.SECONDS);
        }
        JobRun after = train(data, model);
        assertEquals(0, after.exitCode(), after::toString);
        assertTrue(after.err().contains("taking over the claim") && after.err().contains("no process "
                + holder.pid() + " runs on this host"), after::toString);
        assertEquals(List.of(), leftovers(dir));
    }
}
