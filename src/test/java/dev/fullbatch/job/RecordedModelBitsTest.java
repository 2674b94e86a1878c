package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.job.GuardRail.Bits;
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
import dev.fullbatch.train.HistoryRow;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.NetworkInitialization;
import dev.fullbatch.train.NetworkParametrization;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingObjective;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        expected = RECORD != null ? Map.of() : GuardRail.fixture();
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

    /** Records or compares a case's bits: the same fields, each with the same bits. */
    private static void check(String name, Bits bits) {
        if (RECORD != null) {
            synchronized (recorded) {
                bits.recorded().forEach((field, values) -> recorded.put(name + "/" + field, values));
            }
            return;
        }
        GuardRail.assertRecorded(expected, name, bits, field -> true);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Through the command line, in local[2].

    @TestFactory
    Stream<DynamicTest> trainingThroughTheCommandLineGivesTheRecordedBits() throws IOException {
        return GuardRail.jobCases(dir).stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path out = dir.resolve(c.name().replace('/', '-'));
            List<String> args = new ArrayList<>(List.of("train"));
            args.addAll(c.options());
            args.addAll(List.of("--output", out.toString()));
            JobRun run = JobRun.of(args.toArray(new String[0]));
            assertEquals(0, run.exitCode(), run::toString);
            Bits bits = GuardRail.modelBits(out);
            if (c.predict()) {
                Path scoredOut = dir.resolve(c.name().replace('/', '-') + "-predictions");
                JobRun p = JobRun.of("predict", "--model", out.toString(), "--data", c.scored().toString(),
                        "--output", scoredOut.toString());
                assertEquals(0, p.exitCode(), p::toString);
                GuardRail.metricBits("predict.metrics",
                        SavedModel.parse(Files.readString(scoredOut.resolve("metrics.json"))), bits);
                GuardRail.predictionBits(scoredOut.resolve("predictions"), bits);
            }
            check(c.name(), bits);
        }));
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
                    c.intercept(), c.l2(), loss);
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
