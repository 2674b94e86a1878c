package dev.fullbatch.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import java.util.Locale;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The plain Spark ML job {@code scripts/bench --end-to-end} sets beside {@code fullbatch train}, run as a process of
 * its own: Spark's {@code libsvm} data source, labels mapped to 0/1 (Spark ML's convention; the larger label is 1, as
 * in fullbatch), {@code LogisticRegression} with an L2 penalty and {@code standardization=false} (so it minimizes the
 * same objective: mean log loss plus {@code regParam / 2 * ||w||^2}, the intercept unpenalized), {@code tol=0} and a
 * given iteration count. Prints {@code SPARKML_OBJECTIVE i value} for every entry of the objective history (entry 0
 * is the starting point) and exits 0.
 *
 * <p>Usage: {@code SparkMlLogisticJob DATA REG_PARAM MAX_ITER [NUM_FEATURES]} (master {@code local[*]}).
 */
public final class SparkMlLogisticJob {
    private SparkMlLogisticJob() {
    }

    public static void main(String[] args) {
        String data = args[0];
        double regParam = Double.parseDouble(args[1]);
        int maxIter = Integer.parseInt(args[2]);
        SparkSession spark = SparkSession.builder().master("local[*]").appName("sparkml-logistic")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            var reader = spark.read().format("libsvm");
            if (args.length > 3) {
                reader = reader.option("numFeatures", args[3]);
            }
            Dataset<Row> df = reader.load(data).withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0));
            LogisticRegressionModel model = new LogisticRegression().setMaxIter(maxIter).setTol(0.0)
                    .setRegParam(regParam).setElasticNetParam(0.0).setStandardization(false).fit(df);
            double[] history = model.summary().objectiveHistory();
            for (int i = 0; i < history.length; i++) {
                System.out.printf(Locale.ROOT, "SPARKML_OBJECTIVE %d %.17g%n", i, history[i]);
            }
        } finally {
            spark.stop();
        }
    }
}
