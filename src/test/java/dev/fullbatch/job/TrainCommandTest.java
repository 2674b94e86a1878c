package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.spark.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs train, predict and generate through the real main class, as a user would, in one shared session. */
class TrainCommandTest {
    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path binary;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-job-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        binary = TestData.libsvm(shared.resolve("binary.libsvm"), 2000, 8, 0.7, "binary", 7);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static JsonNode json(Path file) throws Exception {
        return SavedModel.parse(Files.readString(file));
    }

    @Test
    void trainWritesACompleteModelDirectory() throws Exception {
        Path out = dir.resolve("model");
        JobRun run = JobRun.of("train", "--data", binary.toString(), "--objective", "logistic", "--reg-l2", "1e-3",
                "--optimizer", "lbfgs", "--max-iter", "50", "--output", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        for (String f : List.of("model.json", "history.csv", "metrics.json", "training.svg", "_SUCCESS")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode model = json(out.resolve("model.json"));
        assertEquals("fullbatch-model/1", model.get("format").asText());
        assertEquals(8, model.get("weights").size());
        assertEquals(1, model.get("intercept").size());
        assertEquals(2, model.get("numClasses").asInt());
        assertTrue(model.get("converged").asBoolean(), model.toString());
        assertEquals(2000, model.get("data").get("rows").asLong());
        assertEquals("lbfgs", model.get("config").get("optimizer").asText());
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals("iteration,objective,grad_norm,step_size,seconds", history.get(0));
        assertEquals(model.get("iterations").asInt(), history.size() - 1);
        String[] last = history.get(history.size() - 1).split(",");
        assertEquals(model.get("objectiveValue").asDouble(), Double.parseDouble(last[1]));
        JsonNode metrics = json(out.resolve("metrics.json"));
        assertTrue(metrics.get("accuracy").asDouble() > 0.8, metrics.toString());
        assertTrue(metrics.has("auc") && metrics.has("logLoss"));
        assertTrue(run.err().contains("iteration 1/50"), run.err());
    }

    @Test
    void predictScoresWithASavedModelAndWritesMetrics() throws Exception {
        Path model = dir.resolve("model");
        assertEquals(0, JobRun.of("train", "--data", binary.toString(), "--objective", "logistic", "--output",
                model.toString(), "--max-iter", "30").exitCode());
        Path out = dir.resolve("scored");
        JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", binary.toString(), "--output",
                out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        JsonNode metrics = json(out.resolve("metrics.json"));
        JsonNode trained = json(model.resolve("metrics.json"));
        assertEquals(trained.get("accuracy").asDouble(), metrics.get("accuracy").asDouble());
        assertTrue(run.out().contains("\"accuracy\""), run.out());
        long lines;
        try (var files = Files.list(out.resolve("predictions"))) {
            lines = files.filter(p -> p.getFileName().toString().endsWith(".csv")).mapToLong(p -> {
                try {
                    return Files.readAllLines(p).size() - 1;
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals(2000, lines);
    }

    /** The rows of a predictions folder's CSV part files (header first, once). */
    private static List<String> predictionRows(Path out) throws java.io.IOException {
        List<String> rows = new java.util.ArrayList<>();
        try (var files = Files.list(out.resolve("predictions"))) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                if (rows.isEmpty() && !lines.isEmpty()) {
                    rows.add(lines.get(0));
                }
                rows.addAll(lines.subList(Math.min(1, lines.size()), lines.size()));
            }
        }
        return rows;
    }

    @Test
    void predictSkipsBadRecordsCountingPrintingAndRecordingThemAsTrainDoes() throws Exception {
        Path model = dir.resolve("model");
        assertEquals(0, JobRun.of("train", "--data", binary.toString(), "--objective", "logistic", "--output",
                model.toString(), "--max-iter", "5").exitCode());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(binary).subList(0, 300));
        lines.set(9, "oops 1:1");
        lines.set(99, "1 0:1");
        Path noisy = Files.write(dir.resolve("noisy.libsvm"), lines);
        Path out = dir.resolve("scored");
        JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", noisy.toString(), "--output",
                out.toString(), "--bad-records", "skip");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("fullbatch: 298 rows, read in ") && run.err().contains(", 2 malformed lines "
                + "skipped"), run::toString);
        JsonNode metrics = json(out.resolve("metrics.json"));
        assertEquals(298, metrics.get("rows").asLong());
        assertEquals(2, metrics.get("badRecords").asLong());
        List<String> bad = Files.readAllLines(out.resolve("bad-records.txt"));
        assertEquals(2, bad.size());
        assertTrue(bad.get(0).matches("file:.*noisy\\.libsvm:10: label 'oops' is not a number: 'oops 1:1'"),
                bad.toString());
        assertTrue(bad.get(1).contains("noisy.libsvm:100: feature index 0"), bad.toString());
        assertEquals(299, predictionRows(out).size(), "a header and one row per good line");
        List<Long> lineNumbers = new java.util.ArrayList<>();
        for (long n = 1; n <= 300; n++) {
            if (n != 10 && n != 100) {
                lineNumbers.add(n);
            }
        }
        List<String> scored = predictionRows(out);
        assertEquals(lineNumbers, scored.subList(1, scored.size()).stream()
                .map(r -> Long.parseLong(r.split(",")[1])).toList(), "each row's line, the skipped ones left out");
        assertTrue(scored.get(1).matches("file:.*noisy\\.libsvm,1,.*"), scored.get(1));
        JobRun limited = JobRun.of("predict", "--model", model.toString(), "--data", noisy.toString(), "--output",
                dir.resolve("limited").toString(), "--bad-records", "skip", "--max-bad-records", "1");
        assertEquals(2, limited.exitCode(), limited::toString);
        assertTrue(limited.err().contains("2 malformed lines exceed --max-bad-records 1"), limited::toString);
    }

    @Test
    void predictAnswersInTheDatasOwnLabelConvention() throws Exception {
        Path model = dir.resolve("model");
        assertEquals(0, JobRun.of("train", "--data", binary.toString(), "--objective", "logistic", "--output",
                model.toString(), "--max-iter", "5").exitCode());
        List<String> minusPlus = Files.readAllLines(binary).subList(0, 200);
        Path zeroOne = Files.write(dir.resolve("zero-one.libsvm"), minusPlus.stream()
                .map(l -> l.startsWith("-1 ") ? "0" + l.substring(2) : l).toList());
        Path positives = Files.write(dir.resolve("positives.libsvm"), minusPlus.stream()
                .filter(l -> l.startsWith("1 ")).toList());
        for (Object[] c : new Object[][] {{binary, "-1.0"}, {zeroOne, "0.0"}, {positives, "-1.0"}}) {
            Path out = dir.resolve("scored-" + ((Path) c[0]).getFileName());
            JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", c[0].toString(), "--output",
                    out.toString());
            assertEquals(0, run.exitCode(), run::toString);
            java.util.Set<String> predicted = new java.util.TreeSet<>();
            for (String row : predictionRows(out).subList(1, predictionRows(out).size())) {
                predicted.add(row.split(",")[3]); // after file, line, label
            }
            assertEquals(java.util.Set.of("1.0", (String) c[1]), predicted, c[0] + ": " + predicted);
        }
    }

    @Test
    void softmaxPredictionsCarryEveryClassProbability() throws Exception {
        Path data = TestData.libsvm(dir.resolve("three.libsvm"), 600, 5, 0.8, "multiclass", 4);
        Path model = dir.resolve("softmax");
        assertEquals(0, JobRun.of("train", "--data", data.toString(), "--objective", "softmax", "--output",
                model.toString(), "--max-iter", "10").exitCode());
        Path out = dir.resolve("scored");
        assertEquals(0, JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                out.toString()).exitCode());
        List<String> rows = predictionRows(out);
        assertEquals("file,line,label,prediction,probability,probability_0,probability_1,probability_2", rows.get(0));
        for (String row : rows.subList(1, rows.size())) {
            String[] f = java.util.Arrays.copyOfRange(row.split(","), 2, 8); // past file and line
            double sum = Double.parseDouble(f[3]) + Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
            assertEquals(1.0, sum, 1e-12, row);
            int predicted = (int) Double.parseDouble(f[1]);
            assertEquals(Double.parseDouble(f[2]), Double.parseDouble(f[3 + predicted]), 1e-15, row);
            for (int c = 0; c < 3; c++) {
                assertTrue(Double.parseDouble(f[3 + predicted]) >= Double.parseDouble(f[3 + c]), row);
            }
        }
    }

    @Test
    void predictMergesAtTheGivenTreeDepthWithTheSameMetrics() throws Exception {
        Path model = dir.resolve("model");
        assertEquals(0, JobRun.of("train", "--data", binary.toString(), "--objective", "logistic", "--output",
                model.toString(), "--max-iter", "10").exitCode());
        List<String> metrics = new java.util.ArrayList<>();
        for (String depth : List.of("1", "3")) {
            Path out = dir.resolve("scored-depth-" + depth);
            JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", binary.toString(), "--output",
                    out.toString(), "--tree-depth", depth);
            assertEquals(0, run.exitCode(), run::toString);
            metrics.add(Files.readString(out.resolve("metrics.json")));
        }
        assertEquals(metrics.get(0), metrics.get(1));
        JobRun zero = JobRun.of("predict", "--model", model.toString(), "--data", binary.toString(), "--output",
                dir.resolve("never").toString(), "--tree-depth", "0");
        assertEquals(2, zero.exitCode(), zero::toString);
        assertTrue(zero.err().contains("--tree-depth"), zero.err());
    }

    @Test
    void generateWritesTheSameBytesForTheSameOptions() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        for (Path p : List.of(a, b)) {
            JobRun run = JobRun.of("generate", "--task", "regression", "--rows", "500", "--features", "5",
                    "--partitions", "3", "--seed", "9", "--output", p.toString());
            assertEquals(0, run.exitCode(), run::toString);
        }
        assertEquals(Files.readString(a.resolve("part-00001")), Files.readString(b.resolve("part-00001")));
    }

    @Test
    void generateReportsTheFeatureCountItWritesNotTheOneAskedFor() throws Exception {
        Path out = dir.resolve("circles");
        JobRun run = JobRun.of("generate", "--task", "circles", "--rows", "50", "--features", "10", "--partitions",
                "1", "--output", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("wrote 50 circles rows with 2 features to "), run.err());
        int widest = 0;
        for (String line : Files.readAllLines(out.resolve("part-00000"))) {
            for (String token : line.trim().split(" +")) {
                if (token.contains(":")) {
                    widest = Math.max(widest, Integer.parseInt(token.substring(0, token.indexOf(':'))));
                }
            }
        }
        assertEquals(2, widest, "largest feature index written");
    }

    @Test
    void missingRequiredOptionExitsTwoAndWritesNothing() {
        Path out = dir.resolve("never");
        JobRun run = JobRun.of("train", "--output", out.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--data"), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownOptionExitsTwoAndSuggestsTheNearestOne() {
        JobRun run = JobRun.of("train", "--data", binary.toString(), "--output", dir.resolve("x").toString(),
                "--reg-l3", "1");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--reg-l3") && run.err().contains("--reg-l2"), run.err());
        assertFalse(run.err().contains("at dev.fullbatch"), "no stack trace: " + run.err());
    }

    @Test
    void badValuesExitTwoNamingTheOption() {
        for (String[] bad : List.of(new String[] {"--max-iter", "0"}, new String[] {"--reg-l2", "-1"},
                new String[] {"--objective", "hinge"}, new String[] {"--step-size", "-0.1"},
                new String[] {"--tree-depth", "0"}, new String[] {"--intercept", "maybe"},
                new String[] {"--optimizer", "sgd"})) {
            JobRun run = JobRun.of("train", "--data", binary.toString(), "--output", dir.resolve("x").toString(),
                    bad[0], bad[1]);
            assertEquals(2, run.exitCode(), () -> String.join(" ", bad) + ": " + run);
            assertTrue(run.err().contains(bad[0]), () -> String.join(" ", bad) + ": " + run.err());
            assertFalse(Files.exists(dir.resolve("x")));
        }
    }

    @Test
    void anExistingModelNeedsOverwriteAndAFolderOfTheUsersIsNeverReplaced() throws Exception {
        Path out = dir.resolve("model");
        assertEquals(0, JobRun.of("train", "--data", binary.toString(), "--output", out.toString(), "--max-iter",
                "2").exitCode());
        String first = Files.readString(out.resolve("model.json"));
        JobRun run = JobRun.of("train", "--data", binary.toString(), "--output", out.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("Pass --overwrite"), run.err());
        assertEquals(first, Files.readString(out.resolve("model.json")));
        JobRun again = JobRun.of("train", "--data", binary.toString(), "--output", out.toString(), "--overwrite",
                "--max-iter", "3");
        assertEquals(0, again.exitCode(), again::toString);
        assertTrue(Files.readString(out.resolve("model.json")).contains("\"iterations\" : 3"));

        Path taken = dir.resolve("taken");
        Files.createDirectories(taken);
        Files.writeString(taken.resolve("keep.txt"), "precious");
        JobRun refused = JobRun.of("train", "--data", binary.toString(), "--output", taken.toString(),
                "--overwrite", "--max-iter", "3");
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("holds files fullbatch did not write (keep.txt)"), refused.err());
        assertEquals("precious", Files.readString(taken.resolve("keep.txt")));
        assertFalse(Files.exists(taken.resolve("_SUCCESS")));
    }

    @Test
    void configFileSetsOptionsAndTheCommandLineWins() throws Exception {
        Path conf = dir.resolve("train.properties");
        Files.writeString(conf, "# a comment\nobjective = logistic\nmax-iter = 2\noptimizer = bb\n");
        Path out = dir.resolve("m");
        JobRun run = JobRun.of("train", "--conf", conf.toString(), "--data", binary.toString(), "--output",
                out.toString(), "--max-iter", "3");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode config = json(out.resolve("model.json")).get("config");
        assertEquals("logistic", config.get("objective").asText());
        assertEquals("bb", config.get("optimizer").asText());
        assertEquals(3, config.get("max-iter").asInt());
        Files.writeString(conf, "objektive = logistic\n");
        JobRun bad = JobRun.of("train", "--conf", conf.toString(), "--data", binary.toString(), "--output",
                dir.resolve("m2").toString());
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("'objektive'") && bad.err().contains("did you mean 'objective'"), bad.err());
    }

    @Test
    void everySparkCommandTakesTheSharedSparkOptionsAndTrainSaysWhereTheMasterComesFrom() {
        for (String command : List.of("train", "predict", "generate", "demo")) {
            JobRun help = JobRun.of(command, "--help");
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.out().contains("--master=URL") && help.out().contains("--spark-conf=KEY=VALUE"),
                    () -> command + ": " + help.out());
            // train words --master its own way (a resource bundle); the others keep the mixin's text.
            String unwrapped = help.out().replaceAll("\\s+", " ");
            assertEquals(command.equals("train"), unwrapped.contains("under spark-submit, spark-submit's"),
                    () -> command + ": " + help.out());
        }
    }

    @Test
    void aTargetSoLargeThatTheFirstStepDivergesIsNamedWithAdviceToScaleIt() throws Exception {
        Path huge = java.nio.file.Files.writeString(dir.resolve("huge.libsvm"),
                "1 1:1 2:0.5\n2 1:0.3 2:1\n1e300 1:2 2:1\n-3 1:1 2:2\n0.5 1:0.1\n");
        JobRun run = JobRun.of("train", "--data", huge.toString(), "--output", dir.resolve("m").toString(),
                "--max-iter", "5");
        assertEquals(3, run.exitCode(), run::toString);
        assertTrue(run.err().contains("training diverged at iteration 1: "), run::toString);
        assertTrue(run.err().contains("although --step-size auto chose every step. The largest absolute label is "
                + "1.0E300 (labels from -3.0 to 1.0E300): scale the labels down (e.g. divide them by 1.0E300, and "
                + "multiply predictions back)"), run::toString);
        assertFalse(run.err().contains("Use --step-size auto"), "auto was already in use: " + run);
        assertFalse(run.err().contains("\tat "), run::toString);
    }

    @Test
    void morePartitionsThanBlocksIsSaidOnceAndChangesNoBit() throws Exception {
        Path one = dir.resolve("one");
        Path many = dir.resolve("many");
        String[] common = {"train", "--data", binary.toString(), "--objective", "logistic", "--max-iter", "5",
            "--block-size", "16384"};
        JobRun a = JobRun.of(concat(common, "--output", one.toString(), "--partitions", "1"));
        JobRun b = JobRun.of(concat(common, "--output", many.toString(), "--partitions", "40"));
        assertEquals(0, a.exitCode(), a::toString);
        assertEquals(0, b.exitCode(), b::toString);
        String note = "fullbatch: --partitions 40 asks for more tasks than the input has blocks (";
        assertEquals(1, b.err().split(java.util.regex.Pattern.quote(note), -1).length - 1, b::toString);
        assertTrue(b.err().contains("A block is never split"), b::toString);
        assertFalse(a.err().contains("asks for more tasks"), a::toString);
        ModelBits.assertSame(ModelBits.of(one), ModelBits.of(many), "--partitions 1 and 40");
    }

    @Test
    void blockSizeTakesSparkSuffixesOnTheCommandLineAndInAConfFileWithTheSameBits() throws Exception {
        Path bytes = dir.resolve("bytes");
        Path suffixed = dir.resolve("suffixed");
        Path conf = dir.resolve("blocks.properties");
        Path fromConf = dir.resolve("conf");
        Files.writeString(conf, "block-size = 16K\n");
        String[] common = {"train", "--data", binary.toString(), "--objective", "logistic", "--max-iter", "3"};
        JobRun a = JobRun.of(concat(common, "--output", bytes.toString(), "--block-size", "16384"));
        JobRun b = JobRun.of(concat(common, "--output", suffixed.toString(), "--block-size", "16k"));
        JobRun c = JobRun.of(concat(common, "--output", fromConf.toString(), "--conf", conf.toString()));
        for (JobRun run : List.of(a, b, c)) {
            assertEquals(0, run.exitCode(), run::toString);
        }
        assertEquals(16384, json(suffixed.resolve("model.json")).get("config").get("block-size").asLong());
        ModelBits.assertSame(ModelBits.of(bytes), ModelBits.of(suffixed), "--block-size 16384 and 16k");
        ModelBits.assertSame(ModelBits.of(bytes), ModelBits.of(fromConf), "--block-size 16384 and block-size = 16K");
    }

    @Test
    void aBlockSizeThatIsNoSizeIsRefusedNamingTheOption() {
        JobRun run = JobRun.of("train", "--data", binary.toString(), "--output", dir.resolve("x").toString(),
                "--block-size", "4x");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("fullbatch train: Invalid value for option '--block-size': '4x' is not a "
                + "size in bytes: give a whole number of bytes, or one with a suffix k, m or g (powers of 1024), "
                + "e.g. 4m or 65536\n"), run::toString);
        assertFalse(run.err().contains("\tat "), run::toString);
        assertFalse(Files.exists(dir.resolve("x")));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void helpExitsZero() {
        JobRun run = JobRun.of("train", "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().contains("--reg-l2"), run.out());
        assertEquals(0, JobRun.of("--help").exitCode());
    }

    @Test
    void helpShowsRequiredOptionsAsRequiredAndListOptionsReadably() {
        String train = JobRun.of("train", "--help").out();
        assertTrue(train.startsWith("Usage: fullbatch train --data URI --output URI [OPTION...]\n"
                + "  (--data and --output are required"), train);
        assertTrue(train.contains("--data=URI             Required."), train);
        assertTrue(train.contains("--feature-cols=A,B,C   Parquet"), train);
        assertTrue(train.contains("--header[=BOOL]        CSV"), train);
        assertTrue(train.contains("--hidden=W1,W2"), train);
        assertFalse(train.contains("...[,") || train.contains("<header>") || train.contains("<overwrite>"), train);
        String predict = JobRun.of("predict", "--help").out();
        assertTrue(predict.startsWith("Usage: fullbatch predict --model DIR --data URI --output URI"), predict);
        assertTrue(JobRun.of("generate", "--help").out().startsWith("Usage: fullbatch generate --task T --rows N "
                + "--output URI"));
    }

    @Test
    void withoutASubcommandEverySubcommandIsListedIncludingDemo() {
        JobRun none = JobRun.of();
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("a subcommand is required: train, predict, generate, demo, export"), none::toString);
        assertTrue(JobRun.of("--help").out().contains("  demo "), "demo is in the help's command list");
    }

    @Test
    void versionPrintsTheVersionAndTheCommit() {
        JobRun run = JobRun.of("--version");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().matches("fullbatch \\S.*, commit [0-9a-f]{7,}( with uncommitted changes)?\\R"),
                run::toString);
    }
}
