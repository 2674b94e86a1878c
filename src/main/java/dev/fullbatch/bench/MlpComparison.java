package dev.fullbatch.bench;

import dev.fullbatch.data.LabelStats;
import dev.fullbatch.loss.SoftmaxLoss;
import dev.fullbatch.model.Activation;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.NetworkObjective;
import dev.fullbatch.model.NetworkShape;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Optimizers;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.ReadOptions;
import dev.fullbatch.spark.TreeGradient;
import dev.fullbatch.train.NetworkInitialization;
import dev.fullbatch.train.NetworkParametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.TrainingObjective;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * fullbatch's network against Spark ML's {@link MultilayerPerceptronClassifier} on the same data and architecture:
 * sigmoid hidden layers and a softmax output (the only network Spark ML trains), the same cached input and
 * partition count, in one Spark application.
 *
 * <p>Two numbers per trainer: the milliseconds of one full-batch gradient (the median duration of the Spark jobs
 * that compute one, which both trainers run as a {@code treeAggregate}, so the same clock measures both), and the
 * training (and test) accuracy after the same budget of passes over the data. Spark's {@code gd} is its only
 * full-batch first-order solver (a fixed step divided by the square root of the iteration); its {@code l-bfgs}
 * counts one pass per cost evaluation, line searches included, as fullbatch does.
 *
 * <p>Binary data labelled -1/+1 (as a9a is) is relabelled 0/1 into a temporary copy that both trainers read. The
 * report goes to standard output as Markdown, with the machine's load before and after, since the machine may be
 * shared. Run through {@code scripts/bench-mlp}.
 */
@Command(name = "bench-mlp", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Compare fullbatch's MLP with Spark ML's MultilayerPerceptronClassifier.")
public final class MlpComparison implements Callable<Integer> {

    @Option(names = "--data", required = true, paramLabel = "URI", description = "Training data (LIBSVM).")
    String data;

    @Option(names = "--test", paramLabel = "URI", description = "Held-out data (LIBSVM) for test accuracy.")
    String test;

    @Option(names = "--hidden", split = ",", paramLabel = "SIZES", description = "Hidden widths (default 64,32).")
    List<Integer> hidden = new ArrayList<>(List.of(64, 32));

    @Option(names = "--passes", paramLabel = "N", description = "Pass budget for the accuracy comparison (default 100).")
    int passes = 100;

    @Option(names = "--timing-passes", paramLabel = "N", description = "Gradients timed for fullbatch (default 20).")
    int timingPasses = 20;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions for both trainers (default 4).")
    int partitions = 4;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "fullbatch input bytes per block (default 262144).")
    long blockSize = 262_144;

    @Option(names = "--spark-gd-steps", split = ",", paramLabel = "ETA",
            description = "Step sizes for Spark's gd (default 0.03 (Spark's default),1,10).")
    List<Double> sparkSteps = new ArrayList<>(List.of(0.03, 1.0, 10.0));

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "fullbatch optimizers (default gd,lbfgs,adam).")
    List<String> optimizers = new ArrayList<>(List.of("gd", "lbfgs", "adam"));

    @Option(names = "--seed", paramLabel = "S", description = "Initialization seed for both (default 42).")
    long seed = 42;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[2]).")
    String master = "local[2]";

    private final PrintStream out = System.out;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MlpComparison()).execute(args));
    }

    /** Durations of the gradient jobs (a stage called "treeAggregate at ...") since the last {@link #reset()}. */
    static final class GradientJobClock extends SparkListener {
        private final ConcurrentHashMap<Integer, Long> started = new ConcurrentHashMap<>();
        private final List<Double> millis = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            scala.collection.Iterator<StageInfo> stages = start.stageInfos().iterator();
            while (stages.hasNext()) {
                if (stages.next().name().startsWith("treeAggregate")) {
                    started.put(start.jobId(), start.time());
                    return;
                }
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            Long t0 = started.remove(end.jobId());
            if (t0 != null) {
                millis.add((double) (end.time() - t0));
            }
        }

        void reset() {
            millis.clear();
        }

        List<Double> millis() {
            synchronized (millis) {
                return new ArrayList<>(millis);
            }
        }
    }

    /** One trainer's line of the report. */
    record Result(String trainer, String solver, double medianGradientMs, long passes, double wallSeconds,
                  double trainAccuracy, double testAccuracy) {
    }

    @Override
    public Integer call() throws Exception {
        SparkSession spark = SparkSession.builder().master(master).appName("fullbatch bench-mlp")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path scratch = Files.createTempDirectory("bench-mlp");
        try {
            return run(spark, scratch);
        } finally {
            spark.stop();
            deleteRecursively(scratch);
        }
    }

    private int run(SparkSession spark, Path scratch) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        GradientJobClock clock = new GradientJobClock();
        spark.sparkContext().addSparkListener(clock);
        String loadBefore = load();

        String trainUri = zeroOneLabels(jsc, data, scratch.resolve("train"));
        String testUri = test == null ? null : zeroOneLabels(jsc, test, scratch.resolve("test"));

        ReadOptions read = ReadOptions.libsvm().withBlockBytes(blockSize).withPartitions(partitions);
        try (BlockLoader.Loaded train = new BlockLoader(jsc).load(trainUri, read);
             BlockLoader.Loaded held = testUri == null ? null : new BlockLoader(jsc).load(testUri,
                     read.withNumFeatures(train.summary().numFeatures()))) {
            int d = train.summary().numFeatures();
            LabelStats labels = train.summary().labels();
            int classes = (int) labels.max() + 1;
            List<Integer> layers = new ArrayList<>();
            layers.add(d);
            layers.addAll(hidden);
            layers.add(classes);
            out.printf(Locale.ROOT, "## MLP: fullbatch vs Spark ML MultilayerPerceptronClassifier%n%n");
            out.printf(Locale.ROOT, "- data: %s (%,d rows, %d features, %s, %d classes)%s%n", data,
                    train.summary().rows(), d, train.summary().dense() ? "dense" : "sparse", classes,
                    test == null ? "" : "; test " + test);
            out.printf(Locale.ROOT, "- layers %s, sigmoid hidden units, softmax output; %d partitions on %s; "
                    + "fullbatch: %d blocks%n", layers, partitions, master, train.summary().blocks());
            out.printf(Locale.ROOT, "- pass budget %d; machine: %d cores, load before: %s%n%n", passes,
                    Runtime.getRuntime().availableProcessors(), loadBefore);

            List<Result> results = new ArrayList<>();
            results.addAll(fullbatch(jsc, clock, train, held, d, classes));
            results.addAll(sparkMl(spark, clock, trainUri, testUri, d, layers));

            out.printf(Locale.ROOT, "| trainer | solver | ms per full-batch gradient (median) | passes | "
                    + "wall s | train accuracy | test accuracy |%n|---|---|---|---|---|---|---|%n");
            for (Result r : results) {
                out.printf(Locale.ROOT, "| %s | %s | %.1f | %d | %.1f | %.4f | %s |%n", r.trainer(), r.solver(),
                        r.medianGradientMs(), r.passes(), r.wallSeconds(), r.trainAccuracy(),
                        Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
            }
            out.printf(Locale.ROOT, "%nload after: %s%n", load());
        }
        return 0;
    }

    private List<Result> fullbatch(JavaSparkContext jsc, GradientJobClock clock, BlockLoader.Loaded train,
                                   BlockLoader.Loaded held, int d, int classes) {
        NetworkShape shape = new NetworkShape(d, hidden, classes, Activation.SIGMOID);
        NetworkObjective objective = new NetworkObjective(new SoftmaxLoss(classes), shape);
        TreeGradient engine = new TreeGradient(jsc, train.blocks(), 2);
        PartialSums moments = engine.aggregate(new FeatureMoments(d), new double[0], true, "feature statistics");
        Standardization standardization = Standardization.fromMoments(moments.vectorSum(), moments.weightSum(), d,
                true);
        NetworkParametrization parametrization = new NetworkParametrization(standardization, shape);
        TrainingObjective f = new TrainingObjective(engine, objective, parametrization, 0.0, () -> "bench");
        double[] x0 = NetworkInitialization.draw(shape, seed);

        for (int i = 0; i < 3; i++) {
            f.evaluate(x0);
        }
        clock.reset();
        for (int i = 0; i < timingPasses; i++) {
            f.evaluate(x0);
        }
        double gradientMs = median(clock.millis());

        List<Result> results = new ArrayList<>();
        for (String method : optimizers) {
            Optimizer optimizer = Optimizers.create(OptimizerSettings.of(method));
            Problem problem = Problem.smooth(f);
            long t0 = System.nanoTime();
            OptimizerState state = optimizer.start(x0, problem);
            while (state.totalPasses() < passes) {
                state = optimizer.step(state, problem);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double[] params = parametrization.toModel(state.x());
            results.add(new Result("fullbatch", method + " (auto step)", gradientMs, state.totalPasses(), wall,
                    accuracy(new TreeGradient(jsc, train.blocks(), 2), objective, params),
                    held == null ? Double.NaN : accuracy(new TreeGradient(jsc, held.blocks(), 2), objective, params)));
        }
        return results;
    }

    private static double accuracy(TreeGradient engine, NetworkObjective objective, double[] params) {
        PartialSums s = engine.aggregate(new MetricSums(objective, MetricSums.Task.MULTICLASS), params, true,
                "accuracy");
        return s.vectorSum()[MetricSums.CORRECT] / s.weightSum();
    }

    private List<Result> sparkMl(SparkSession spark, GradientJobClock clock, String trainUri, String testUri, int d,
                                 List<Integer> layers) {
        Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", d).load(trainUri)
                .repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK());
        train.count();
        Dataset<Row> held = testUri == null ? null : spark.read().format("libsvm").option("numFeatures", d)
                .load(testUri).persist(StorageLevel.MEMORY_AND_DISK());
        int[] sizes = layers.stream().mapToInt(Integer::intValue).toArray();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy");
        List<Result> results = new ArrayList<>();
        List<String> solvers = new ArrayList<>();
        for (double step : sparkSteps) {
            solvers.add("gd:" + step);
        }
        solvers.add("l-bfgs");
        for (String solver : solvers) {
            boolean gd = solver.startsWith("gd:");
            MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(sizes)
                    .setSolver(gd ? "gd" : "l-bfgs").setMaxIter(passes).setTol(1e-30).setSeed(seed);
            if (gd) {
                mlp.setStepSize(Double.parseDouble(solver.substring(3)));
            }
            clock.reset();
            long t0 = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlp.fit(train);
            double wall = (System.nanoTime() - t0) / 1e9;
            List<Double> millis = clock.millis();
            double trainAccuracy = accuracy.evaluate(model.transform(train));
            double testAccuracy = held == null ? Double.NaN : accuracy.evaluate(model.transform(held));
            results.add(new Result("Spark ML", gd ? "gd (step " + solver.substring(3) + ")" : "l-bfgs",
                    median(millis), millis.size(), wall, trainAccuracy, testAccuracy));
        }
        train.unpersist();
        if (held != null) {
            held.unpersist();
        }
        return results;
    }

    /** A copy of a LIBSVM input with labels -1/+1 written as 0/1 (both trainers' softmax needs 0..K-1); or itself. */
    private static String zeroOneLabels(JavaSparkContext jsc, String uri, Path target) {
        List<String> first = jsc.textFile(uri).map(l -> l.trim().split("\\s+", 2)[0]).distinct().collect();
        boolean signs = first.stream().anyMatch(label -> Double.parseDouble(label) < 0);
        if (!signs) {
            return uri;
        }
        jsc.textFile(uri).map(line -> {
            String t = line.trim();
            int space = t.indexOf(' ');
            String label = space < 0 ? t : t.substring(0, space);
            String rest = space < 0 ? "" : t.substring(space);
            return (Double.parseDouble(label) > 0 ? "1" : "0") + rest;
        }).coalesce(1).saveAsTextFile(target.toUri().toString());
        return target.toUri().toString();
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : 0.5 * (v[v.length / 2 - 1] + v[v.length / 2]);
    }

    private static String load() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", os.getSystemLoadAverage());
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
