package dev.fullbatch.bench;

import dev.fullbatch.data.LabelStats;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.SoftmaxLoss;
import dev.fullbatch.model.Activation;
import dev.fullbatch.model.MetricSums;
import dev.fullbatch.model.NetworkObjective;
import dev.fullbatch.model.NetworkShape;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Problem;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.TreeGradient;
import dev.fullbatch.train.NetworkInitialization;
import dev.fullbatch.train.NetworkParametrization;
import dev.fullbatch.train.TrainingPlan;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * fullbatch's network against Spark ML's {@link MultilayerPerceptronClassifier} on the same data and architecture:
 * sigmoid hidden layers and a softmax output (the only network Spark ML trains), the same cached input and
 * partition count, in one Spark application.
 *
 * <p>Two numbers per trainer: the milliseconds of one full-batch gradient (the median duration of the Spark jobs
 * that compute one during the run: both trainers run it as one {@code treeAggregate}, so one listener times both,
 * after an untimed warm-up of each), and the training log loss and accuracy (and test accuracy) after the same
 * number of passes over the data. Spark runs first; fullbatch is then scored at the budget and at every pass count
 * a Spark run took. Spark's {@code gd} is its only
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

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed passes or iterations per trainer first (default 10).")
    int warmup = 10;

    @Option(names = "--partitions", paramLabel = "N", description = "Partitions for both trainers (default 4).")
    int partitions = 4;

    @Option(names = "--block-size", paramLabel = "BYTES", description = "fullbatch input bytes per block (default 262144).")
    long blockSize = 262_144;

    @Option(names = "--spark-solvers", split = ",", paramLabel = "S",
            description = "Spark ML runs, in order: l-bfgs or gd:STEP (default l-bfgs,gd:0.03,gd:1,gd:10; 0.03 is "
                    + "Spark's default step).")
    List<String> sparkSolvers = new ArrayList<>(List.of("l-bfgs", "gd:0.03", "gd:1", "gd:10"));

    @Option(names = "--optimizers", split = ",", paramLabel = "NAME",
            description = "fullbatch optimizers (default gd,lbfgs,adam).")
    List<String> optimizers = new ArrayList<>(List.of("gd", "lbfgs", "adam"));

    @Option(names = "--reg-l2", paramLabel = "LAMBDA",
            description = "fullbatch's L2 penalty (default 0, the objective Spark ML minimizes; it has no penalty).")
    double regL2;

    @Option(names = "--seed", paramLabel = "S", description = "Initialization seed for both (default 42).")
    long seed = 42;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master (default local[2]).")
    String master = "local[2]";

    private final PrintStream out = System.out;

    /** Entry point. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new MlpComparison()).execute(args));
    }

    /**
     * Durations of the gradient jobs (a stage called "treeAggregate at ...", or "runJob at TreeGradient..." for
     * fullbatch's narrow partials) by job description, which names the run: Spark's listener bus is asynchronous, so
     * runs are told apart by label rather than by time. fullbatch's objective-only passes (described as line
     * searches) skip backpropagation and are not counted.
     */
    static final class GradientJobClock extends SparkListener {
        private final ConcurrentHashMap<Integer, String> labels = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<Integer, Long> started = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, List<Double>> millis = new ConcurrentHashMap<>();

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            String label = start.properties() == null ? null
                    : start.properties().getProperty("spark.job.description");
            if (label == null || label.contains("line search")) {
                return;
            }
            scala.collection.Iterator<StageInfo> stages = start.stageInfos().iterator();
            while (stages.hasNext()) {
                String name = stages.next().name();
                // Spark ML's gradient is a treeAggregate; fullbatch's narrow partials are one runJob in TreeGradient.
                if (name.startsWith("treeAggregate") || name.startsWith("runJob at TreeGradient")) {
                    labels.put(start.jobId(), label);
                    started.put(start.jobId(), start.time());
                    return;
                }
            }
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            Long t0 = started.remove(end.jobId());
            String label = labels.remove(end.jobId());
            if (t0 != null) {
                millis.computeIfAbsent(label, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add((double) (end.time() - t0));
            }
        }

        /** The durations of run {@code label}'s gradient jobs so far, once every event has been delivered. */
        List<Double> millis(SparkSession spark, String label) {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Spark's listener bus did not drain", e);
            }
            List<Double> m = millis.getOrDefault(label, List.of());
            synchronized (m) {
                return new ArrayList<>(m);
            }
        }
    }

    /** One line of the report. */
    record Result(String trainer, String solver, double medianGradientMs, long passes, double wallSeconds,
                  double trainLogLoss, double trainAccuracy, double testAccuracy) {
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

    private int run(SparkSession spark, Path scratch) {
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
            out.printf(Locale.ROOT, "- pass budget %d; Spark ML's BLAS: %s (OPENBLAS_NUM_THREADS=%s); machine: %d "
                    + "cores, load before: %s%n%n", passes, dev.ludovic.netlib.blas.BLAS.getInstance().getClass()
                    .getSimpleName(), System.getenv("OPENBLAS_NUM_THREADS"), Runtime.getRuntime().availableProcessors(),
                    loadBefore);

            List<Result> sparkResults = sparkMl(spark, clock, trainUri, testUri, d, layers);
            java.util.TreeSet<Long> budgets = new java.util.TreeSet<>();
            budgets.add((long) passes);
            for (Result r : sparkResults) {
                budgets.add(r.passes());
            }
            List<Result> results = new ArrayList<>(fullbatch(spark, jsc, clock, train, held, d, classes, budgets));
            results.addAll(sparkResults);

            out.printf(Locale.ROOT, "| trainer | solver | ms per full-batch gradient (median) | passes | "
                    + "wall s | train log loss | train accuracy | test accuracy |%n|---|---|---|---|---|---|---|---|%n");
            for (Result r : results) {
                out.printf(Locale.ROOT, "| %s | %s | %.1f | %d | %.1f | %.4f | %.4f | %s |%n", r.trainer(),
                        r.solver(), r.medianGradientMs(), r.passes(), r.wallSeconds(), r.trainLogLoss(),
                        r.trainAccuracy(), Double.isNaN(r.testAccuracy()) ? "-"
                                : String.format(Locale.ROOT, "%.4f", r.testAccuracy()));
            }
            out.printf(Locale.ROOT, "%nload after: %s%n", load());
        }
        return 0;
    }

    private List<Result> fullbatch(SparkSession spark, JavaSparkContext jsc, GradientJobClock clock,
                                   BlockLoader.Loaded train, BlockLoader.Loaded held, int d, int classes,
                                   java.util.SortedSet<Long> budgets) {
        NetworkShape shape = new NetworkShape(d, hidden, classes, Activation.SIGMOID);
        NetworkObjective objective = new NetworkObjective(new SoftmaxLoss(classes), shape);
        TreeGradient engine = new TreeGradient(jsc, train.blocks(), 2);
        String[] label = {"fullbatch warm-up"};
        // The plan `train --model mlp` runs (standardized, centred: a network has biases); one optimizer at a time.
        TrainingPlan first = TrainingPlan.build(engine, new TrainingPlan.Recipe(objective, d,
                standardization -> new NetworkParametrization(standardization, shape), true, true, regL2, 0,
                OptimizerSettings.of(optimizers.get(0)), new TrainingPlan.Stopping(Integer.MAX_VALUE, 0, 0, null)),
                () -> label[0]);
        double[] x0 = NetworkInitialization.draw(shape, seed);
        for (int i = 0; i < warmup; i++) {
            first.objective().evaluate(x0);
        }
        List<Result> results = new ArrayList<>();
        for (String method : optimizers) {
            label[0] = "fullbatch " + method;
            TrainingPlan plan = first.withOptimizer(OptimizerSettings.of(method));
            Optimizer optimizer = plan.optimizer();
            Problem problem = plan.problem();
            NetworkParametrization parametrization = (NetworkParametrization) plan.parametrization();
            long training = 0;
            long t0 = System.nanoTime();
            OptimizerState state = optimizer.start(x0, problem);
            long reported = -1;
            for (long budget : budgets) {
                while (state.totalPasses() < budget) {
                    state = optimizer.step(state, problem);
                }
                if (state.totalPasses() == reported) {
                    // An iteration's line search overshot this budget too: the line above already says it.
                    continue;
                }
                reported = state.totalPasses();
                training += System.nanoTime() - t0;
                double[] params = parametrization.toModel(state.x());
                double[] fit = metrics(new TreeGradient(jsc, train.blocks(), 2), objective, params);
                double testAccuracy = held == null ? Double.NaN
                        : metrics(new TreeGradient(jsc, held.blocks(), 2), objective, params)[1];
                results.add(new Result("fullbatch", method + " (auto step" + (regL2 > 0 ? ", reg-l2 " + regL2 : "")
                        + ")", median(clock.millis(spark, label[0])),
                        state.totalPasses(), training / 1e9, fit[0], fit[1], testAccuracy));
                t0 = System.nanoTime();
            }
        }
        return results;
    }

    /** Log loss and accuracy. */
    private static double[] metrics(TreeGradient engine, NetworkObjective objective, double[] params) {
        PartialSums s = engine.aggregate(new MetricSums(objective, MetricSums.Task.MULTICLASS), params, true,
                "metrics");
        double[] v = s.vectorSum();
        return new double[] {v[MetricSums.LOG_LOSS] / s.weightSum(), v[MetricSums.CORRECT] / s.weightSum()};
    }

    private List<Result> sparkMl(SparkSession spark, GradientJobClock clock, String trainUri, String testUri, int d,
                                 List<Integer> layers) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Dataset<Row> train = spark.read().format("libsvm").option("numFeatures", d).load(trainUri)
                .repartition(partitions).persist(StorageLevel.MEMORY_AND_DISK());
        train.count();
        Dataset<Row> held = testUri == null ? null : spark.read().format("libsvm").option("numFeatures", d)
                .load(testUri).persist(StorageLevel.MEMORY_AND_DISK());
        int[] sizes = layers.stream().mapToInt(Integer::intValue).toArray();
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator()
                .setMetricName("accuracy");
        MulticlassClassificationEvaluator logLoss = new MulticlassClassificationEvaluator()
                .setMetricName("logLoss");
        jsc.setJobDescription("Spark warm-up");
        new MultilayerPerceptronClassifier().setLayers(sizes).setSolver("gd").setMaxIter(warmup).setSeed(seed)
                .fit(train);
        new MultilayerPerceptronClassifier().setLayers(sizes).setSolver("l-bfgs").setMaxIter(warmup).setSeed(seed)
                .fit(train);
        List<Result> results = new ArrayList<>();
        for (String solver : sparkSolvers) {
            boolean gd = solver.startsWith("gd:");
            if (!gd && !solver.equals("l-bfgs")) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--spark-solvers: '" + solver
                        + "' is neither l-bfgs nor gd:STEP");
            }
            MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(sizes)
                    .setSolver(gd ? "gd" : "l-bfgs").setMaxIter(passes).setTol(1e-30).setSeed(seed);
            if (gd) {
                mlp.setStepSize(Double.parseDouble(solver.substring(3)));
            }
            String label = "Spark " + solver;
            jsc.setJobDescription(label);
            long t0 = System.nanoTime();
            MultilayerPerceptronClassificationModel model = mlp.fit(train);
            double wall = (System.nanoTime() - t0) / 1e9;
            jsc.setJobDescription("Spark scoring");
            List<Double> millis = clock.millis(spark, label);
            Dataset<Row> scored = model.transform(train);
            double testAccuracy = held == null ? Double.NaN : accuracy.evaluate(model.transform(held));
            results.add(new Result("Spark ML", gd ? "gd (step " + solver.substring(3) + ")" : "l-bfgs",
                    median(millis), millis.size(), wall, logLoss.evaluate(scored), accuracy.evaluate(scored),
                    testAccuracy));
        }
        jsc.setJobDescription(null);
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
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
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
