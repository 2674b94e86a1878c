package dev.fullbatch.bench;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.StopReason;
import dev.fullbatch.spark.BlockLoader;
import dev.fullbatch.spark.TreeGradient;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.Standardization;
import dev.fullbatch.train.Trainer;
import dev.fullbatch.train.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Wall time to a relative objective error of 1e-6 on a9a, logistic, L2 1e-4, both systems on cached data: fullbatch
 * (standardization pass and training; its fastest optimizer, picked in a first round, is reported as the median of
 * three runs) against Spark ML's {@code LogisticRegression} (a whole {@code fit} with just enough iterations,
 * without standardization so that both minimize the same objective; the median of three fits after a warm-up). The
 * optimum is the lower of the two systems' long runs.
 */
final class TimeToAccuracy {
    static final double LAMBDA = 1e-4;
    static final double RELATIVE_ERROR = 1e-6;
    static final int FEATURES = 123;

    private final SparkSession spark;
    private final JavaSparkContext jsc;
    private final String path;
    private final boolean quick;

    TimeToAccuracy(SparkSession spark, JavaSparkContext jsc, String path, boolean quick) {
        this.spark = spark;
        this.jsc = jsc;
        this.path = path;
        this.quick = quick;
    }

    List<Measurement> run(String name) {
        List<Measurement> out = new ArrayList<>();
        // a9a is 3.6 MB: the default 4 MiB blocks would make it one block, so one task would do all the work.
        ReadOptions read = ReadOptions.libsvm().withNumFeatures(FEATURES).withPartitions(2).withBlockBytes(1 << 20);
        // Spark ML wants 0/1 labels; a9a has -1/+1 (fullbatch reads both).
        Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", FEATURES).load(path)
                .withColumn("label", org.apache.spark.sql.functions.when(
                        org.apache.spark.sql.functions.col("label").gt(0), 1.0).otherwise(0.0))
                .persist(StorageLevel.MEMORY_AND_DISK());
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(path, read)) {
            df.count();
            long cached = CachedSize.largestNamed(jsc.sc(), "fullbatch parsed input");
            double bytesPerValue = cached / (double) data.summary().storedValues();
            double best = Double.POSITIVE_INFINITY;
            for (String method : quick ? List.of("lbfgs") : List.of("lbfgs", "bb")) {
                best = Math.min(best, train(data, method, Double.NEGATIVE_INFINITY, 500).value);
            }
            LogisticRegressionModel longRun = sparkMl(df, quick ? 120 : 500);
            double[] history = longRun.summary().objectiveHistory();
            double optimum = Math.min(best, history[history.length - 1]);
            double target = optimum + RELATIVE_ERROR * Math.abs(optimum);
            System.out.printf(Locale.ROOT, "INFO %s: optimum %.17g (fullbatch %.17g, Spark ML %.17g after %d "
                    + "iterations), target %.17g%n", name, optimum, best, history[history.length - 1],
                    history.length - 1, target);

            // A first round picks the fastest method (the lbfgs run after the others is warm); that method is then
            // timed like Spark ML's fit below: the median of several runs after a warm-up, not the best run.
            String fastest = null;
            double fastestMillis = Double.POSITIVE_INFINITY;
            for (String method : quick ? List.of("lbfgs") : List.of("lbfgs", "bb", "nesterov", "lbfgs")) {
                Run r = train(data, method, target, 1000);
                print(name, method, r);
                if (r.value <= target && r.millis < fastestMillis) {
                    fastest = method;
                    fastestMillis = r.millis;
                }
            }
            double fullbatchMillis = Double.NaN;
            if (fastest != null) {
                double[] ms = new double[quick ? 1 : 3];
                for (int i = 0; i < ms.length; i++) {
                    Run r = train(data, fastest, target, 1000);
                    print(name, fastest + " (timed)", r);
                    ms[i] = r.millis;
                }
                fullbatchMillis = Medians.of(ms);
                System.out.printf(Locale.ROOT, "INFO %s fullbatch: %s, %.1f ms per training%n", name, fastest,
                        fullbatchMillis);
            }
            out.add(new Measurement(name, "fullbatch", fullbatchMillis, bytesPerValue, -1));

            int needed = 0;
            while (needed < history.length && history[needed] > target) {
                needed++;
            }
            double sparkMillis = Double.NaN;
            if (needed < history.length) {
                if (!quick) {
                    sparkMl(df, needed); // warm-up
                }
                double[] ms = new double[quick ? 1 : 3];
                for (int i = 0; i < ms.length; i++) {
                    long t0 = System.nanoTime();
                    double cpu0 = processCpuMillis();
                    LogisticRegressionModel m = sparkMl(df, needed);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                    System.out.printf(Locale.ROOT, "INFO %s sparkml fit: %.1f ms, process CPU %.0f ms%n", name, ms[i],
                            processCpuMillis() - cpu0);
                    double[] h = m.summary().objectiveHistory();
                    if (h[h.length - 1] > target) {
                        System.out.println("INFO " + name + " sparkml: objective " + h[h.length - 1]
                                + " above the target after " + needed + " iterations");
                    }
                }
                sparkMillis = Medians.of(ms);
                System.out.printf(Locale.ROOT, "INFO %s sparkml: %d iterations needed, %.1f ms per fit%n", name,
                        needed, sparkMillis);
            } else {
                System.out.println("INFO " + name + " sparkml: never reached the target");
            }
            out.add(new Measurement(name, "sparkml", sparkMillis, Double.NaN, -1));
        } finally {
            df.unpersist(true);
        }
        return out;
    }

    private static void print(String name, String method, Run r) {
        System.out.printf(Locale.ROOT, "INFO %s fullbatch %s: %.1f ms, %d iterations, %d passes over the data "
                + "(standardization included, %.2f ms each), objective %.17g, process CPU %.0f ms%n", name, method,
                r.millis, r.iterations, r.passes, r.millis / r.passes, r.value, r.cpuMillis);
    }

    private LogisticRegressionModel sparkMl(Dataset<Row> df, int iterations) {
        return new LogisticRegression().setMaxIter(iterations).setTol(0.0).setRegParam(LAMBDA)
                .setElasticNetParam(0.0).setStandardization(false).fit(df);
    }

    private record Run(double millis, int iterations, double value, long passes, double cpuMillis) {
    }

    /** CPU time of this whole JVM (all threads), in milliseconds: a yardstick that load on the machine does not skew. */
    static double processCpuMillis() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    /** Trains from scratch until the objective is at most {@code target}; wall time includes standardization. */
    private Run train(BlockLoader.Loaded data, String method, double target, int maxIterations) {
        long t0 = System.nanoTime();
        double cpu0 = processCpuMillis();
        int d = FEATURES;
        LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0), d, true);
        TreeGradient engine = new TreeGradient(jsc, data.blocks(), 2);
        // The plan fullbatch train runs (standardized, the L2 penalty included), stopped at the target instead.
        TrainingPlan plan = TrainingPlan.build(engine, new TrainingPlan.Recipe(objective, d,
                standardization -> new LinearParametrization(standardization, 1, true), true, true, LAMBDA, 0,
                OptimizerSettings.of(method), new TrainingPlan.Stopping(maxIterations, 0, 1e-11, null)),
                () -> "a9a " + method);
        Trainer.Listener reached = (state, row) -> state.value() <= target
                ? Optional.of(new StopReason("target", true, "objective reached " + target))
                : Optional.empty();
        ConvergenceCriterion stop = ConvergenceCriterion.anyOf(ConvergenceCriterion.divergence(),
                ConvergenceCriterion.lineSearchStalled(), ConvergenceCriterion.gradientNorm(1e-11),
                ConvergenceCriterion.maxIterations(maxIterations));
        Trainer trainer = plan.trainer(stop, x -> Map.of(), List.of(reached), System::nanoTime);
        Trainer.Outcome outcome = trainer.run(plan.problem(), new double[objective.dimension()]);
        return new Run((System.nanoTime() - t0) / 1e6, outcome.state().iteration(), outcome.state().value(),
                outcome.state().totalPasses() + 1, processCpuMillis() - cpu0);
    }
}
