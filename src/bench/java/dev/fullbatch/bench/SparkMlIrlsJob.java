package dev.fullbatch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.regression.GeneralizedLinearRegression;
import org.apache.spark.ml.regression.GeneralizedLinearRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The IRLS contender {@code scripts/bench --end-to-end --sparkml irls} sets beside {@code fullbatch train}, run as a
 * process of its own: Spark's {@code libsvm} source, labels mapped to 0/1, {@code GeneralizedLinearRegression}
 * (binomial family, logit link, {@code solver=irls}, {@code tol=0}, {@code regParam} the given L2). Spark reports no
 * objective per IRLS iteration, so the job computes fullbatch's objective (mean log loss plus
 * {@code lambda / 2 * ||w||^2}, the intercept unpenalized) at the fitted coefficients itself and prints
 * {@code SPARKML_OBJECTIVE k value}. With {@code probe}, it fits with {@code maxIter} 1, 2, .., MAX_ITER and prints
 * a line for each (to find the iterations a target needs); otherwise one fit with MAX_ITER.
 *
 * <p>Caveat, printed as it is: with {@code regParam > 0}, IRLS's weighted least squares standardize the features and
 * the working response inside each step, so its penalty is not {@code lambda / 2 * ||w||^2} on the raw coefficients
 * and its fixed point is not fullbatch's optimum; the objective printed says how close it gets.
 *
 * <p>Usage: {@code SparkMlIrlsJob DATA REG_PARAM MAX_ITER [probe]} (master {@code local[*]}).
 */
public final class SparkMlIrlsJob {
    private SparkMlIrlsJob() {
    }

    public static void main(String[] args) {
        String data = args[0];
        double regParam = Double.parseDouble(args[1]);
        int maxIter = Integer.parseInt(args[2]);
        boolean probe = args.length > 3 && args[3].equals("probe");
        SparkSession spark = SparkSession.builder().master("local[*]").appName("sparkml-irls")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            Dataset<Row> df = spark.read().format("libsvm").load(data)
                    .withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0)).cache();
            for (int k = probe ? 1 : maxIter; k <= maxIter; k++) {
                GeneralizedLinearRegressionModel model = new GeneralizedLinearRegression().setFamily("binomial")
                        .setLink("logit").setSolver("irls").setMaxIter(k).setTol(0.0).setRegParam(regParam)
                        .fit(df);
                System.out.printf(Locale.ROOT, "SPARKML_OBJECTIVE %d %.17g%n", k, objective(df, model, regParam));
            }
        } finally {
            spark.stop();
        }
    }

    /** Mean log loss plus {@code lambda / 2 * ||w||^2}: fullbatch's logistic objective at the model's coefficients. */
    static double objective(Dataset<Row> df, GeneralizedLinearRegressionModel model, double lambda) {
        Vector w = model.coefficients();
        double b = model.intercept();
        double[] sums = df.javaRDD().map(row -> {
            double m = w.dot((Vector) row.getAs("features")) + b;
            double z = row.<Double>getAs("label") > 0.5 ? -m : m; // loss log(1 + exp(z))
            return new double[] {z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)), 1.0};
        }).reduce((a, c) -> new double[] {a[0] + c[0], a[1] + c[1]});
        double norm2 = 0;
        for (double v : w.toArray()) {
            norm2 += v * v;
        }
        return sums[0] / sums[1] + 0.5 * lambda * norm2;
    }
}
