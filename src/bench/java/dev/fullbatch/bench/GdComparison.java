package dev.fullbatch.bench;

import dev.fullbatch.job.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SquaredL2Updater;
import org.apache.spark.mllib.regression.LabeledPoint;
import org.apache.spark.mllib.util.MLUtils;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Passes over the data that plain batch gradient descent needs to reach a given objective on a binary logistic
 * problem: fullbatch's {@code gd --step-size auto} against MLlib's {@code GradientDescent} (miniBatchFraction 1.0,
 * its {@code stepSize/sqrt(t)} schedule) at every step size of a grid, side by side in one JVM on the same data.
 *
 * <p>Both minimize {@code (1/n) sum log(1 + exp(-y w.x)) + (lambda/2) ||w||^2} without an intercept (MLlib's
 * GradientDescent has none). The target is the optimum (from fullbatch's lbfgs) plus a relative gap. One MLlib
 * iteration is one pass; fullbatch's passes are its gradient passes plus its objective-only line-search passes.
 *
 * <p>Usage: {@code GdComparison DATA.libsvm [lambda=1e-3] [gap=1e-3] [maxIter=3000] [fullbatch-only]}; prints one
 * {@code GDCOMPARE} line per run.
 */
public final class GdComparison {
    private GdComparison() {
    }

    /** Runs the comparison. */
    public static void main(String[] args) throws Exception {
        String data = args[0];
        double lambda = args.length > 1 ? Double.parseDouble(args[1]) : 1e-3;
        double gap = args.length > 2 ? Double.parseDouble(args[2]) : 1e-3;
        int maxIter = args.length > 3 ? Integer.parseInt(args[3]) : 3000;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("gd-comparison")
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        Path work = Files.createTempDirectory("gdcompare");
        try {
            double optimum = fullbatch(work.resolve("optimum"), data, lambda, "lbfgs", "true", 500, "1e-15")
                    .objective;
            double target = optimum * (1 + gap);
            System.out.printf(Locale.ROOT, "GDCOMPARE optimum=%s target=%s lambda=%s%n", optimum, target, lambda);
            for (String standardize : List.of("true", "false")) {
                Run gd = fullbatch(work.resolve("gd-" + standardize), data, lambda, "gd", standardize, maxIter, "0");
                int hit = gd.firstBelow(target);
                String passes = hit < 0 ? "never" : Long.toString(fullbatch(work.resolve("gd-hit-" + standardize),
                        data, lambda, "gd", standardize, hit, "0").passes);
                System.out.printf(Locale.ROOT, "GDCOMPARE system=fullbatch optimizer=gd step=auto standardize=%s "
                        + "iterations=%s passes=%s%n", standardize, hit < 0 ? "never" : hit, passes);
            }
            if (args.length > 4 && args[4].equals("fullbatch-only")) {
                return;
            }
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            JavaRDD<LabeledPoint> points = MLUtils.loadLibSVMFile(jsc.sc(), data).toJavaRDD()
                    .map(p -> new LabeledPoint(p.label() > 0 ? 1.0 : 0.0, p.features())).cache();
            int d = points.first().features().size();
            JavaRDD<Tuple2<Object, Vector>> pairs = points.map(p -> new Tuple2<>((Object) p.label(), p.features()))
                    .cache();
            pairs.count();
            int best = Integer.MAX_VALUE;
            double bestStep = Double.NaN;
            for (double step : new double[] {0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30, 100}) {
                Tuple2<Vector, double[]> r = GradientDescent.runMiniBatchSGD(pairs.rdd(), new LogisticGradient(),
                        new SquaredL2Updater(), step, maxIter, lambda, 1.0, Vectors.zeros(d), 0.0);
                double[] losses = r._2();
                int hit = -1;
                for (int i = 0; i < losses.length; i++) {
                    if (losses[i] <= target) {
                        hit = i + 1;
                        break;
                    }
                }
                System.out.printf(Locale.ROOT, "GDCOMPARE system=mllib optimizer=GradientDescent step=%s "
                        + "iterations=%s passes=%s final=%s%n", step, hit < 0 ? "never" : hit,
                        hit < 0 ? "never" : hit, losses[losses.length - 1]);
                if (hit > 0 && hit < best) {
                    best = hit;
                    bestStep = step;
                }
            }
            System.out.printf(Locale.ROOT, "GDCOMPARE mllib_best_step=%s mllib_best_passes=%s%n", bestStep,
                    best == Integer.MAX_VALUE ? "never" : best);
        } finally {
            spark.stop();
        }
    }

    private record Run(double objective, long passes, List<Double> history) {
        int firstBelow(double target) {
            for (int i = 0; i < history.size(); i++) {
                if (history.get(i) <= target) {
                    return i + 1;
                }
            }
            return -1;
        }
    }

    private static Run fullbatch(Path out, String data, double lambda, String optimizer, String standardize,
                                 int maxIter, String tol) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(new String[] {"train", "--data", data, "--objective", "logistic", "--reg-l2",
            Double.toString(lambda), "--intercept", "false", "--standardize", standardize, "--optimizer", optimizer,
            "--max-iter", Integer.toString(maxIter), "--tol", tol, "--checkpoint-every", "0", "--output",
            out.toString()}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String log = err.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException("fullbatch failed: " + log);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\((\\d+) gradient \\+ (\\d+) objective-only passes\\)").matcher(log);
        long passes = m.find() ? Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) : -1;
        List<Double> history = new ArrayList<>();
        List<String> lines = Files.readAllLines(out.resolve("history.csv"));
        for (String line : lines.subList(1, lines.size())) {
            history.add(Double.parseDouble(line.split(",")[1]));
        }
        return new Run(history.get(history.size() - 1), passes, history);
    }
}
