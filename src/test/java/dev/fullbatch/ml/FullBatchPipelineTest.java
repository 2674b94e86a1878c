package dev.fullbatch.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.job.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimator inside a Spark ML Pipeline on the real a9a data (skipped where ../shared/data is absent): the same
 * bits as {@code fullbatch train} on the same file and options, and Spark's evaluators on {@code transform}'s output
 * give the metrics {@code fullbatch predict} reports.
 */
class FullBatchPipelineTest {
    private static final Path DATA = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isDirectory(DATA), "shared data absent: " + DATA);
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-ml-pipeline-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    private static final String[] OPTIONS = {"--objective", "logistic", "--reg-l2", "1e-3", "--optimizer", "lbfgs",
        "--max-iter", "20"};

    private static Dataset<Row> libsvm(String file) {
        return spark.read().format("libsvm").option("numFeatures", "123").load(DATA.resolve(file).toString());
    }

    private static Pipeline pipeline() {
        VectorAssembler assemble = new VectorAssembler().setInputCols(new String[] {"features"}).setOutputCol("x");
        FullBatchClassifier classifier = new FullBatchClassifier().setRegL2(1e-3).setOptimizer("lbfgs")
                .setMaxIter(20);
        classifier.setFeaturesCol("x");
        return new Pipeline().setStages(new PipelineStage[] {assemble, classifier});
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + err.toString(StandardCharsets.UTF_8));
        return code;
    }

    private static SavedModel trainedByTheCommand(Path model) throws Exception {
        String[] args = new String[OPTIONS.length + 5];
        args[0] = "train";
        args[1] = "--data";
        args[2] = DATA.resolve("a9a.libsvm").toString();
        args[3] = "--output";
        args[4] = model.toString();
        System.arraycopy(OPTIONS, 0, args, 5, OPTIONS.length);
        cli(args);
        return SavedModel.fromJson(Files.readString(model.resolve("model.json")), "model.json");
    }

    @Test
    void aPipelineOnA9aGivesTheCommandsCoefficientsBitForBit() throws Exception {
        SavedModel command = trainedByTheCommand(dir.resolve("cli"));
        PipelineModel fitted = pipeline().fit(libsvm("a9a.libsvm"));
        SavedModel ml = ((FullBatchClassificationModel) fitted.stages()[1]).savedModel();

        assertArrayEquals(bits(command.weights()), bits(ml.weights()));
        assertArrayEquals(bits(command.intercept()), bits(ml.intercept()));
        assertEquals(Double.doubleToLongBits(command.objectiveValue()), Double.doubleToLongBits(ml.objectiveValue()));
        assertEquals(command.iterations(), ml.iterations());
        assertEquals(command.stopCode(), ml.stopCode());
    }

    @Test
    void sparksEvaluatorsOnTransformGiveTheMetricsPredictReports() throws Exception {
        Path model = dir.resolve("cli");
        trainedByTheCommand(model);
        Path scored = dir.resolve("scored");
        cli("predict", "--model", model.toString(), "--data", DATA.resolve("a9a.t.libsvm").toString(), "--output",
                scored.toString());
        JsonNode metrics = SavedModel.parse(Files.readString(scored.resolve("metrics.json")));

        // Spark's evaluators take classes 0/1; a9a's labels are -1/+1 (the same model: the larger is positive).
        Dataset<Row> train = libsvm("a9a.libsvm").withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0));
        Dataset<Row> test = libsvm("a9a.t.libsvm").withColumn("label", when(col("label").gt(0), 1.0).otherwise(0.0));
        Dataset<Row> out = pipeline().fit(train).transform(test).cache();

        // numBins 0: the exact ROC curve (Spark's default down-samples it to 1000 bins).
        double auc = new BinaryClassificationEvaluator().setRawPredictionCol("rawPrediction").setNumBins(0)
                .setMetricName("areaUnderROC").evaluate(out);
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(out);
        double logLoss = new MulticlassClassificationEvaluator().setMetricName("logLoss").evaluate(out);
        assertEquals(metrics.get("auc").asDouble(), auc, 1e-12);
        assertEquals(metrics.get("accuracy").asDouble(), accuracy, 1e-15);
        assertEquals(metrics.get("logLoss").asDouble(), logLoss, 1e-12);
        out.unpersist();
    }

    static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToLongBits(v[i]);
        }
        return b;
    }
}
