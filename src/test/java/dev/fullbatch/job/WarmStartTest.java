package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --init-model} matched by feature name, the daily warm start: yesterday's coefficients land on today's
 * features of the same name (a categorical level seen for the first time starts at 0, a column gone is dropped), bit
 * for bit; the start is right under {@code --standardize}; names on one side only are refused; and
 * {@code --init-model-optional} starts cold when there is no model yet, which a rerun then compares like data.
 */
class WarmStartTest {
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-warm-start-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /**
     * A CSV day of logistic data with a header: the label, two numeric columns and a categorical column {@code color}
     * taking the given levels.
     */
    static Path day(Path file, long seed, String[] numeric, String... levels) throws IOException {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("y," + String.join(",", numeric) + ",color\n");
        for (int i = 0; i < 300; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            int level = i % levels.length;
            double margin = 0.8 * a - 0.5 * b + (level - 1) * 0.7 + 0.3 * r.nextGaussian();
            sb.append(margin > 0 ? 1 : 0).append(',').append(a).append(',').append(b).append(',')
                    .append(levels[level]).append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
        return file;
    }

    private static String[] train(Path data, Path out, String... more) {
        return JobRun.with(new String[] {"train", "--data", data.toString(), "--output", out.toString(), "--format",
            "csv", "--header", "--categorical-cols", "color", "--objective", "logistic", "--reg-l2", "0.01",
            "--max-iter", "8", "--master", "local[2]"}, more);
    }

    private static JsonNode model(Path dir) throws IOException {
        return SavedModel.parse(Files.readString(dir.resolve("model.json")));
    }

    private static List<String> names(JsonNode model) {
        List<String> out = new ArrayList<>();
        model.get("featureNames").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The SHA-256 a warm start records for a model: of its model.json without the provenance member. */
    static String sha256(Path file) throws IOException, NoSuchAlgorithmException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(file.toFile());
        root.remove("provenance");
        byte[] bytes = json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void yesterdaysCoefficientsStartTodayByNameAndANewCategoricalLevelStartsAtZero() throws Exception {
        // yesterday: x, z and levels a, b; today: w (new), x, no z, and a new level c
        Path day1 = day(dir.resolve("day1.csv"), 1, new String[] {"x", "z"}, "a", "b");
        Path day2 = day(dir.resolve("day2.csv"), 2, new String[] {"w", "x"}, "a", "b", "c");
        Path yesterday = dir.resolve("m1");
        JobRun first = JobRun.of(train(day1, yesterday));
        assertEquals(0, first.exitCode(), first::toString);
        JsonNode before = model(yesterday);
        assertEquals(List.of("x", "z", "color=a", "color=b", "color=(other)"), names(before));

        Path today = dir.resolve("m2");
        JobRun second = JobRun.of(train(day2, today, "--init-model", yesterday.toString()));
        assertEquals(0, second.exitCode(), second::toString);
        assertTrue(second.err().contains("fullbatch: starting from the model in " + yesterday + " (--init-model)\n"
                + "fullbatch: --init-model features matched by name: 4 matched (x, color=a, color=b, color=(other)),"
                + " 2 new (starting at 0: w, color=c), 1 dropped (z)\n"), second.err());
        JsonNode after = model(today);
        List<String> todaysNames = names(after);
        assertEquals(List.of("w", "x", "color=a", "color=b", "color=c", "color=(other)"), todaysNames);
        assertEquals(yesterday.toString(), after.get("config").get("init-model").asText());
        assertEquals(sha256(yesterday.resolve("model.json")),
                after.get("data").get("initModel").get("modelSha256").asText());

        // The point the optimizer started from, in model coordinates: yesterday's bits where the names meet.
        TrainSettings s = settings(train(day2, today, "--init-model", yesterday.toString()));
        ModelChoice choice = ModelChoice.forTraining(s.model(), 6, 0, day2.toString());
        InitialModel init = InitialModel.read(yesterday.toString(), false, new Configuration(), choice, s, 6, 0,
                todaysNames);
        double[] w = new double[before.get("weights").size()];
        for (int j = 0; j < w.length; j++) {
            w[j] = before.get("weights").get(j).asDouble();
        }
        double b = before.get("intercept").get(0).asDouble();
        // yesterday: x=0, z=1, a=2, b=3, other=4; today: w, x, a, b, c, other
        double[] expected = {0.0, w[0], w[2], w[3], 0.0, w[4], b};
        double[] start = init.parameters();
        assertEquals(expected.length, start.length);
        for (int j = 0; j < expected.length; j++) {
            assertEquals(Double.doubleToRawLongBits(expected[j]), Double.doubleToRawLongBits(start[j]),
                    "parameter " + j + ": " + expected[j] + " vs " + start[j]);
        }
    }

    @Test
    void aWarmStartUnderStandardizeBeginsAtTheEarlierModelOnTheDatasScale() throws IOException {
        Path data = day(dir.resolve("day.csv"), 3, new String[] {"x", "z"}, "a", "b", "c");
        Path converged = dir.resolve("converged");
        JobRun cold = JobRun.of(train(data, converged, "--max-iter", "300", "--tol", "1e-15", "--grad-tol", "1e-12",
                "--standardize", "false"));
        assertEquals(0, cold.exitCode(), cold::toString);
        double optimum = model(converged).get("objectiveValue").asDouble();
        // model.json holds the coefficients on the data's scale: started from them, the standardized optimizer is at
        // the optimum already and one step keeps it there (were they taken as standardized coordinates, it would
        // start far from it)
        Path warm = dir.resolve("warm");
        JobRun again = JobRun.of(train(data, warm, "--init-model", converged.toString(), "--standardize", "true",
                "--max-iter", "1"));
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(optimum, model(warm).get("objectiveValue").asDouble(), 1e-12 * optimum);
        assertTrue(again.err().contains("6 matched"), again.err());
    }

    @Test
    void namesOnOneSideOnlyAndAnInterceptOnOneSideOnlyAreRefused() throws IOException {
        Path csv = day(dir.resolve("day.csv"), 4, new String[] {"x", "z"}, "a", "b");
        Path named = dir.resolve("named");
        assertEquals(0, JobRun.of(train(csv, named, "--max-iter", "2")).exitCode());
        // the same 5 columns as LIBSVM, which names none
        Path libsvm = dir.resolve("day.libsvm");
        Files.writeString(libsvm, "1 1:0.5 3:1\n0 2:0.1 4:1\n1 1:1.5 2:-1 5:1\n0 1:-1 4:1\n");
        Path unnamed = dir.resolve("unnamed");
        String[] plain = {"train", "--data", libsvm.toString(), "--objective", "logistic", "--max-iter", "2",
            "--master", "local[2]", "--output"};
        assertEquals(0, JobRun.of(JobRun.with(plain, unnamed.toString())).exitCode());

        JobRun fromUnnamed = JobRun.of(train(csv, dir.resolve("a"), "--init-model", unnamed.toString()));
        assertEquals(2, fromUnnamed.exitCode(), fromUnnamed::toString);
        assertTrue(fromUnnamed.err().contains("--init-model " + unnamed + " names no features (its training data had"
                + " no header or --feature-names), and the training data names its 5 features; matching them by"
                + " position would be a guess"), fromUnnamed.err());

        JobRun fromNamed = JobRun.of(JobRun.with(plain, dir.resolve("b").toString(), "--init-model", named.toString()));
        assertEquals(2, fromNamed.exitCode(), fromNamed::toString);
        assertTrue(fromNamed.err().contains("--init-model " + named + " names its 5 features, and the training data"
                + " names none; give its names with --feature-names FILE"), fromNamed.err());

        JobRun noIntercept = JobRun.of(train(csv, dir.resolve("c"), "--init-model", named.toString(), "--intercept",
                "false"));
        assertEquals(2, noIntercept.exitCode(), noIntercept::toString);
        assertTrue(noIntercept.err().contains("--init-model " + named + " (with an intercept), and this run has"
                + " --intercept false"), noIntercept.err());
        for (String out : List.of("a", "b", "c")) {
            assertFalse(Files.exists(dir.resolve(out).resolve("model.json")), out);
        }
    }

    @Test
    void retrainingTheEarlierModelIntoTheSameModelLeavesTheWarmStartedRunComplete() throws Exception {
        // a retrain writes new provenance times into model.json; the model itself, and so today's, is unchanged
        Path data = day(dir.resolve("same.csv"), 6, new String[] {"x", "z"}, "a", "b");
        Path yesterday = dir.resolve("same-yesterday");
        Path today = dir.resolve("same-today");
        assertEquals(0, JobRun.of(train(data, yesterday)).exitCode());
        String[] run = train(data, today, "--init-model", yesterday.toString(), "--resume");
        assertEquals(0, JobRun.of(run).exitCode());
        byte[] before = Files.readAllBytes(yesterday.resolve("model.json"));
        Thread.sleep(1_100); // provenance times have a resolution of a second or finer: make them differ
        JobRun again = JobRun.of(train(data, yesterday, "--overwrite"));
        assertEquals(0, again.exitCode(), again::toString);
        assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(yesterday.resolve("model.json"))),
                "the retrain's model.json differs (provenance), or this test checks nothing");
        JobRun rerun = JobRun.of(run);
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("nothing to do"), rerun::toString);
    }

    @Test
    void anOptionalInitialModelThatIsNotThereYetStartsColdAndARerunNoticesWhenItAppears() throws Exception {
        Path data = day(dir.resolve("day.csv"), 5, new String[] {"x", "z"}, "a", "b");
        Path yesterday = dir.resolve("yesterday");
        Path today = dir.resolve("today");
        String[] run = train(data, today, "--init-model", yesterday.toString(), "--init-model-optional", "--resume");
        JobRun cold = JobRun.of(run);
        assertEquals(0, cold.exitCode(), cold::toString);
        assertTrue(cold.err().contains("fullbatch: --init-model " + yesterday + " holds no complete model; starting"
                + " cold (--init-model-optional)"), cold.err());
        JsonNode recorded = model(today).get("data").get("initModel");
        assertFalse(recorded.get("found").asBoolean(true), recorded.toString());
        assertTrue(model(today).get("config").get("init-model-optional").asBoolean());

        JobRun rerun = JobRun.of(run);
        assertEquals(0, rerun.exitCode(), rerun::toString);
        assertTrue(rerun.err().contains("nothing to do"), rerun::toString);

        assertEquals(0, JobRun.of(train(data, yesterday, "--max-iter", "2")).exitCode());
        byte[] kept = Files.readAllBytes(today.resolve("model.json"));
        JobRun changed = JobRun.of(run);
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("the --init-model changed (" + yesterday + " with model SHA-256 "
                + sha256Quietly(yesterday.resolve("model.json")) + ", was " + yesterday + " holding no complete"
                + " model)"), changed.err());
        assertTrue(java.util.Arrays.equals(kept, Files.readAllBytes(today.resolve("model.json"))));

        JobRun alone = JobRun.of(train(data, dir.resolve("alone"), "--init-model-optional"));
        assertEquals(2, alone.exitCode(), alone::toString);
        assertTrue(alone.err().contains("--init-model-optional needs --init-model DIR"), alone.err());
    }

    private static String sha256Quietly(Path file) throws IOException {
        try {
            return sha256(file);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings {@code args} (a {@code train} command line) parse to. */
    private static TrainSettings settings(String[] args) {
        TrainCommand command = new TrainCommand();
        new CommandLine(command).parseArgs(java.util.Arrays.copyOfRange(args, 1, args.length));
        return command.settings(new PrintWriter(new StringWriter()));
    }
}
