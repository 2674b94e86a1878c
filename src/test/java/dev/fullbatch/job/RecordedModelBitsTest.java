package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.loss.OutputLoss;
import dev.fullbatch.model.Activation;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import dev.fullbatch.model.NetworkObjective;
import dev.fullbatch.model.NetworkShape;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.L1Penalty;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.spark.TestData;
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.NetworkInitialization;
import dev.fullbatch.train.NetworkParametrization;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard rail of restructurings: a fixed set of models trains to exactly the bits recorded in
 * {@code src/test/resources/guard-rail/model-bits.txt}.
 *
 * <p><b>The recorded values are not a correctness reference.</b> They are what the code of commit {@code 7273247}
 * (main, before issue 15's restructuring) computed, recorded so that a change meant to move code without changing
 * any result proves it changed none: every weight, intercept, objective value, history column (objective, gradient
 * norm, step, validation metrics), metric and prediction is compared as raw bits ({@link Double#doubleToRawLongBits}).
 * Whether a model is <em>right</em> is what the tests against independent references check. A change that is meant
 * to alter results (a new formula, a fixed bug) re-records the fixture in its own commit, saying why:
 *
 * <pre>mvn -q -o test -Dtest=RecordedModelBitsTest -Dfullbatch.recordBits=src/test/resources/guard-rail/model-bits.txt</pre>
 *
 * <p>Two kinds of cases. {@code job/...} cases run {@code fullbatch train} (and sometimes {@code predict}) through
 * the real command line in one {@code local[2]} session shared by the class, on small LIBSVM and CSV files cut
 * into several blocks and partitions: the path users take, reading, caching, tree aggregation (including the
 * reduce-scatter of a wide model), metrics and files. {@code local/...} cases train on blocks held in memory
 * through a {@link LocalReduction}, assembled from the numerical core the way {@code train} assembles it
 * (moments, standardization, parametrization, objective, penalties, optimizer, stopping rules, trainer): fast, and
 * covering every objective, dense and sparse, linear and network, most optimizers, L1 (proximal and OWL-QN),
 * standardized or not, instance weights and float32 storage.
 */
class RecordedModelBitsTest {
    private static final String FIXTURE = "/guard-rail/model-bits.txt";
    private static final String RECORD = System.getProperty("fullbatch.recordBits");

    private static SparkSession spark;
    private static Map<String, List<String>> expected;
    private static final Map<String, List<String>> recorded = new TreeMap<>();

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-recorded-bits")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        expected = RECORD != null ? Map.of() : readFixture();
    }

    @AfterAll
    static void stop() throws IOException {
        if (spark != null) {
            spark.stop();
        }
        if (RECORD != null) {
            StringBuilder sb = new StringBuilder();
            sb.append("# Raw bits (hex) of models trained by RecordedModelBitsTest, recorded from commit 7273247.\n")
                    .append("# A regression guard, not a correctness reference: see the test's Javadoc.\n")
                    .append("# Made by: mvn -q -o test -Dtest=RecordedModelBitsTest ")
                    .append("-Dfullbatch.recordBits=src/test/resources/guard-rail/model-bits.txt\n");
            for (Map.Entry<String, List<String>> e : recorded.entrySet()) {
                sb.append(e.getKey()).append(' ').append(String.join(" ", e.getValue())).append('\n');
            }
            Files.writeString(Path.of(RECORD), sb.toString(), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, List<String>> readFixture() throws IOException {
        Map<String, List<String>> m = new TreeMap<>();
        try (InputStream in = RecordedModelBitsTest.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "fixture " + FIXTURE + " is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                m.put(f[0], List.of(f).subList(1, f.length));
            }
        }
        return m;
    }

    /**
     * The bits of one case, by field ("weights", "history.objective", "metrics.auc", ...): each value's raw bits in
     * hex; a field of more than {@value #LISTED} values as the SHA-256 of that list and its length, which keeps the
     * fixture small and compares the same bits.
     */
    private static final class Bits {
        private static final int LISTED = 1000;
        private final Map<String, List<String>> fields = new TreeMap<>();

        void add(String field, double... values) {
            List<String> list = fields.computeIfAbsent(field, k -> new ArrayList<>());
            for (double v : values) {
                list.add(Long.toHexString(Double.doubleToRawLongBits(v)));
            }
        }

        Map<String, List<String>> recorded() {
            Map<String, List<String>> out = new TreeMap<>();
            fields.forEach((field, values) -> out.put(field, values.size() <= LISTED ? values
                    : List.of("sha256:" + sha256(String.join(" ", values)), "n=" + values.size())));
            return out;
        }

        private static String sha256(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Records or compares a case's bits: the same fields, each with the same bits. */
    private static void check(String name, Bits bits) {
        Map<String, List<String>> actual = bits.recorded();
        if (RECORD != null) {
            synchronized (recorded) {
                actual.forEach((field, values) -> recorded.put(name + "/" + field, values));
            }
            return;
        }
        List<String> wanted = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (key.startsWith(name + "/")) {
                wanted.add(key.substring(name.length() + 1));
            }
        }
        assertTrue(!wanted.isEmpty(), "no recorded bits for case " + name);
        assertEquals(wanted, new ArrayList<>(actual.keySet()), name + ": the fields recorded");
        for (String field : wanted) {
            assertEquals(expected.get(name + "/" + field), actual.get(field), name + ": " + field);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Through the command line, in local[2].

    @TestFactory
    Stream<DynamicTest> trainingThroughTheCommandLineGivesTheRecordedBits() throws IOException {
        Path binaryDense = TestData.libsvm(dir.resolve("binary-dense.libsvm"), 900, 6, 1.0, "binary", 11);
        Path binaryHeldOut = TestData.libsvm(dir.resolve("binary-heldout.libsvm"), 300, 6, 1.0, "binary", 12);
        Path regressionSparse = TestData.libsvm(dir.resolve("regression-sparse.libsvm"), 800, 120, 0.05,
                "regression", 13);
        Path multiDense = TestData.libsvm(dir.resolve("multi-dense.libsvm"), 900, 7, 1.0, "multiclass", 14);
        Path multiSparse = TestData.libsvm(dir.resolve("multi-sparse.libsvm"), 900, 90, 0.08, "multiclass", 15);
        Path binarySparse = TestData.libsvm(dir.resolve("binary-sparse.libsvm"), 800, 150, 0.06, "binary", 16);
        Path wide = TestData.libsvm(dir.resolve("wide.libsvm"), 400, 70_000, 0.0004, "binary", 17);
        Path csv = csvOf(TestData.libsvm(dir.resolve("regression-dense.libsvm"), 700, 5, 1.0, "regression", 18),
                dir.resolve("regression-dense.csv"), 5);
        String[] split = {"--block-size", "4096", "--partitions", "3"};
        return Stream.of(
                job("job/logistic-dense-lbfgs-validation", true, binaryHeldOut, cat(split, "--data", binaryDense,
                        "--objective", "logistic", "--reg-l2", "1e-3", "--optimizer", "lbfgs", "--max-iter", "30",
                        "--validation", binaryHeldOut, "--patience", "3")),
                job("job/least-squares-sparse-gd", false, null, cat(split, "--data", regressionSparse,
                        "--max-iter", "15", "--reg-l2", "1e-2")),
                job("job/softmax-dense-nesterov-float32", true, multiDense, cat(split, "--data", multiDense,
                        "--objective", "softmax", "--optimizer", "nesterov", "--max-iter", "20",
                        "--feature-storage", "float32")),
                job("job/softmax-sparse-lbfgs", false, null, cat(split, "--data", multiSparse,
                        "--objective", "softmax", "--optimizer", "lbfgs", "--max-iter", "15", "--reg-l2", "1e-2",
                        "--tree-depth", "3")),
                job("job/huber-sparse-adam-unstandardized", false, null, cat(split, "--data", regressionSparse,
                        "--objective", "huber", "--huber-delta", "0.5", "--optimizer", "adam", "--max-iter", "15",
                        "--standardize", "false")),
                job("job/squared-hinge-sparse-owlqn", false, null, cat(split, "--data", binarySparse,
                        "--objective", "squared-hinge", "--optimizer", "lbfgs", "--reg-l1", "1e-2",
                        "--max-iter", "20")),
                job("job/logistic-mlp-relu-lbfgs", true, binaryDense, cat(split, "--data", binaryDense,
                        "--objective", "logistic", "--model", "mlp", "--hidden", "5,4", "--optimizer", "lbfgs",
                        "--max-iter", "12", "--seed", "3")),
                job("job/logistic-wide-sparse-gd", false, null, cat(new String[] {"--block-size", "8192",
                        "--partitions", "4", "--tree-depth", "2"}, "--data", wide, "--num-features", "70000",
                        "--objective", "logistic", "--reg-l2", "1e-3", "--max-iter", "4")),
                job("job/least-squares-csv-bb", true, csv, cat(split, "--data", csv, "--header",
                        "--optimizer", "bb", "--max-iter", "15")));
    }

    private static Object[] cat(String[] first, Object... rest) {
        Object[] all = new Object[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    /** The same rows as CSV: a header, then label and {@code d} features per line (absent features as 0). */
    private static Path csvOf(Path libsvm, Path csv, int d) throws IOException {
        StringBuilder sb = new StringBuilder("y");
        for (int j = 1; j <= d; j++) {
            sb.append(",x").append(j);
        }
        sb.append('\n');
        for (String line : Files.readAllLines(libsvm)) {
            String[] f = line.trim().split(" ");
            String[] row = new String[d + 1];
            java.util.Arrays.fill(row, "0");
            row[0] = f[0];
            for (int k = 1; k < f.length; k++) {
                int colon = f[k].indexOf(':');
                row[Integer.parseInt(f[k].substring(0, colon))] = f[k].substring(colon + 1);
            }
            sb.append(String.join(",", row)).append('\n');
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        return csv;
    }

    /**
     * Trains through {@code fullbatch train} and records the model, history and metrics; with {@code scored}, also
     * runs {@code predict} on it and records its metrics and predictions.
     */
    private static DynamicTest job(String name, boolean predict, Path scored, Object[] options) {
        return DynamicTest.dynamicTest(name, () -> {
            Path out = dir.resolve(name.replace('/', '-'));
            List<String> args = new ArrayList<>(List.of("train"));
            for (Object o : options) {
                args.add(o.toString());
            }
            args.addAll(List.of("--output", out.toString()));
            JobRun run = JobRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), run::toString);
            Bits bits = new Bits();
            JsonNode model = SavedModel.parse(Files.readString(out.resolve("model.json")));
            model.get("weights").forEach(v -> bits.add("weights", v.asDouble()));
            model.get("intercept").forEach(v -> bits.add("intercept", v.asDouble()));
            bits.add("objective", model.get("objectiveValue").asDouble());
            historyBits(out.resolve("history.csv"), bits);
            metricBits("metrics", SavedModel.parse(Files.readString(out.resolve("metrics.json"))), bits);
            if (predict) {
                Path scoredOut = dir.resolve(name.replace('/', '-') + "-predictions");
                JobRun p = JobRun.of("predict", "--model", out.toString(), "--data", scored.toString(),
                        "--output", scoredOut.toString());
                assertEquals(0, p.exitCode(), p::toString);
                metricBits("predict.metrics", SavedModel.parse(Files.readString(scoredOut.resolve("metrics.json"))),
                        bits);
                predictionBits(scoredOut.resolve("predictions"), bits);
            }
            check(name, bits);
        });
    }

    /** Every history column but the iteration number and the wall time, by header name. */
    private static void historyBits(Path history, Bits bits) throws IOException {
        List<String> lines = Files.readAllLines(history);
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            for (int k = 0; k < header.length; k++) {
                if (!header[k].equals("iteration") && !header[k].equals("seconds")) {
                    bits.add("history." + header[k], c[k].isEmpty() ? Double.NaN : Double.parseDouble(c[k]));
                }
            }
        }
    }

    /** Every number of a metrics.json, nested objects flattened with dots. */
    private static void metricBits(String prefix, JsonNode node, Bits bits) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                metricBits(prefix + "." + e.getKey(), e.getValue(), bits);
            } else if (e.getValue().isNumber()) {
                bits.add(prefix + "." + e.getKey(), e.getValue().asDouble());
            }
        }
    }

    /** The prediction and probability columns of the CSV predictions, by header name, in file then row order. */
    private static void predictionBits(Path folder, Bits bits) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(!parts.isEmpty(), "no prediction files in " + folder);
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = List.of(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",");
                for (String column : List.of("prediction", "probability")) {
                    int k = header.indexOf(column);
                    if (k >= 0) {
                        bits.add("predictions." + column, Double.parseDouble(c[k]));
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // On blocks in memory, through a LocalReduction.

    /** A local case: data shape, model and training options. */
    private record Local(String name, LossKind loss, int classes, String task, int d, double density,
                         boolean weighted, boolean useFloat, List<Integer> hidden, String activation,
                         OptimizerSettings optimizer, double l2, double l1, boolean intercept, boolean standardize,
                         int maxIter) {
    }

    @TestFactory
    Stream<DynamicTest> trainingOnBlocksInMemoryGivesTheRecordedBits() {
        List<Integer> linear = null;
        OptimizerSettings gd = OptimizerSettings.of("gd");
        return Stream.of(
                new Local("local/least-squares-dense-gd", LossKind.LEAST_SQUARES, 0, "regression", 6, 1.0, false,
                        false, linear, null, gd, 1e-3, 0, true, true, 25),
                new Local("local/least-squares-sparse-lbfgs-unstandardized", LossKind.LEAST_SQUARES, 0, "regression",
                        80, 0.1, false, false, linear, null, OptimizerSettings.of("lbfgs"), 1e-2, 0, true, false, 25),
                new Local("local/least-squares-dense-float32-nesterov-elastic-net", LossKind.LEAST_SQUARES, 0,
                        "regression", 6, 1.0, false, true, linear, null, OptimizerSettings.of("nesterov"), 1e-2,
                        1e-2, true, true, 25),
                new Local("local/logistic-dense-nesterov-weighted", LossKind.LOGISTIC, 0, "binary", 6, 1.0, true,
                        false, linear, null, OptimizerSettings.of("nesterov"), 1e-3, 0, true, true, 25),
                new Local("local/logistic-sparse-bb-no-intercept", LossKind.LOGISTIC, 0, "binary", 80, 0.1, false,
                        false, linear, null, OptimizerSettings.of("bb"), 1e-3, 0, false, true, 25),
                new Local("local/logistic-dense-gd-l1-proximal", LossKind.LOGISTIC, 0, "binary", 6, 1.0, false,
                        false, linear, null, gd, 0, 2e-2, true, true, 25),
                new Local("local/logistic-sparse-lbfgs-l1-owlqn-float32", LossKind.LOGISTIC, 0, "binary", 80, 0.1,
                        false, true, linear, null, OptimizerSettings.of("lbfgs"), 1e-3, 1e-2, true, true, 25),
                new Local("local/softmax-dense-adam", LossKind.SOFTMAX, 3, "multiclass", 6, 1.0, false, false,
                        linear, null, OptimizerSettings.of("adam"), 1e-3, 0, true, true, 25),
                new Local("local/softmax-sparse-lbfgs-weighted", LossKind.SOFTMAX, 3, "multiclass", 80, 0.1, true,
                        false, linear, null, OptimizerSettings.of("lbfgs"), 1e-3, 0, true, true, 25),
                new Local("local/huber-dense-momentum-fixed-step", LossKind.HUBER, 0, "regression", 6, 1.0, false,
                        false, linear, null, OptimizerSettings.of("momentum").withStepSize("0.05"), 0, 0, true,
                        true, 25),
                new Local("local/huber-sparse-rmsprop", LossKind.HUBER, 0, "regression", 80, 0.1, false, false,
                        linear, null, OptimizerSettings.of("rmsprop"), 1e-3, 0, true, true, 25),
                new Local("local/squared-hinge-sparse-gd-inv-sqrt", LossKind.SQUARED_HINGE, 0, "binary", 80, 0.1,
                        false, false, linear, null, gd.withStepSize("0.1").withSchedule("inv-sqrt"), 1e-3, 0,
                        true, true, 25),
                new Local("local/squared-hinge-dense-lbfgs-unstandardized", LossKind.SQUARED_HINGE, 0, "binary", 6,
                        1.0, false, false, linear, null, OptimizerSettings.of("lbfgs"), 1e-3, 0, true, false, 25),
                new Local("local/softmax-mlp-tanh-adam", LossKind.SOFTMAX, 3, "multiclass", 6, 1.0, false, false,
                        List.of(5), "tanh", OptimizerSettings.of("adam"), 1e-4, 0, true, true, 15),
                new Local("local/least-squares-mlp-sigmoid-sparse-lbfgs", LossKind.LEAST_SQUARES, 0, "regression",
                        80, 0.1, false, false, List.of(4, 3), "sigmoid", OptimizerSettings.of("lbfgs"), 0, 0, true,
                        true, 15),
                new Local("local/logistic-mlp-relu-dense-gd-float32", LossKind.LOGISTIC, 0, "binary", 6, 1.0, true,
                        true, List.of(6), "relu", gd, 1e-4, 0, true, true, 15))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c.name(), trainLocally(c))));
    }

    /** 600 rows in three blocks of unequal size, a pure function of the case's shape. */
    private static List<Block> blocks(Local c) {
        SplittableRandom rnd = new SplittableRandom(c.d() * 31L + c.task().hashCode());
        boolean dense = c.density() >= 1.0;
        int[] sizes = {250, 130, 220};
        List<Block> out = new ArrayList<>();
        for (int b = 0; b < sizes.length; b++) {
            BlockBuilder builder = dense ? BlockBuilder.dense(c.d()) : BlockBuilder.sparse();
            for (int i = 0; i < sizes[b]; i++) {
                double margin = 0;
                for (int j = 0; j < c.d(); j++) {
                    double v = Math.round((rnd.nextDouble() * 4 - 2) * 1e4) / 1e4;
                    if (dense) {
                        builder.addValue(j, v);
                    } else if (rnd.nextDouble() < c.density()) {
                        builder.addValue(j, v);
                    } else {
                        continue;
                    }
                    margin += v * ((j % 5) - 2) * (dense ? 1 : 3);
                }
                double noise = rnd.nextDouble() - 0.5;
                double label = switch (c.task()) {
                    case "binary" -> margin + noise > 0 ? 1 : 0;
                    case "multiclass" -> margin + noise > 1 ? 2 : margin + noise > -1 ? 1 : 0;
                    default -> Math.round((margin + noise + 3) * 1e4) / 1e4;
                };
                builder.endRow(label, c.weighted() ? 0.5 + (i % 4) * 0.25 : 1.0);
            }
            out.add(builder.build(b, c.d(), false, c.useFloat()));
        }
        return out;
    }

    /** Trains as {@code fullbatch train} does, on a {@link LocalReduction}, and returns the bits of the outcome. */
    private static Bits trainLocally(Local c) {
        List<Block> data = blocks(c);
        LocalReduction engine = new LocalReduction(data);
        OutputLoss loss = c.loss().create(c.classes(), 0.7);
        int d = c.d();
        NetworkShape shape = c.hidden() == null ? null
                : new NetworkShape(d, c.hidden(), loss.outputs(), Activation.fromName(c.activation()));
        BlockObjective objective = shape == null ? new LinearObjective(loss, d, c.intercept())
                : new NetworkObjective(loss, shape);
        Standardization standardization = Standardization.identity(d);
        if (c.standardize()) {
            PartialSums moments = engine.aggregate(new FeatureMoments(d), new double[0], true, "moments");
            standardization = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), d,
                    c.intercept(), c.l2(), c.loss());
        }
        Parametrization parametrization = shape == null
                ? new LinearParametrization(standardization, objective.outputs(), c.intercept())
                : new NetworkParametrization(standardization, shape);
        TrainingObjective f = new TrainingObjective(engine, objective, parametrization, c.l2(), () -> "pass");
        L1Penalty l1 = null;
        if (c.l1() > 0) {
            double[] w = parametrization.penaltyScale();
            for (int i = 0; i < w.length; i++) {
                w[i] *= c.l1();
            }
            l1 = new L1Penalty(w);
        }
        Problem problem = new Problem(f, l1);
        var optimizer = Optimizers.create(c.optimizer());
        double[] x0 = shape == null ? new double[objective.dimension()] : NetworkInitialization.draw(shape, 42);
        OptimizerState start = optimizer.start(x0, problem);
        long[] clock = {0};
        Trainer trainer = new Trainer(optimizer, ConvergenceCriterion.standard(c.maxIter(), 1e-9, 0, null,
                () -> clock[0]++), OptimizerState::gradNorm, x -> Map.of(), List.of(), () -> clock[0]++);
        Trainer.Outcome outcome = trainer.run(problem, start, List.of());
        Bits bits = new Bits();
        bits.add("parameters", parametrization.toModel(outcome.state().x()));
        bits.add("objective", outcome.state().value());
        for (HistoryRow row : outcome.history()) {
            bits.add("history.objective", row.objective());
            bits.add("history.grad_norm", row.gradNorm());
            bits.add("history.step_size", row.stepSize());
        }
        return bits;
    }
}
