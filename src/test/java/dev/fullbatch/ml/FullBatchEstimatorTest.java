package dev.fullbatch.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The estimators on generated data: save and load, cross-validation, the row order, weights and messages. */
class FullBatchEstimatorTest {
    private static SparkSession spark;
    private static Dataset<Row> data;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-ml-estimator-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        data = generated(600, 7);
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Rows (id, a, b, c, w, label, y): a noisy linear class and target of three features, weights 1..3. */
    private static Dataset<Row> generated(int n, long seed) {
        Random random = new Random(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            double c = random.nextGaussian();
            double y = 1.5 * a - b + 0.5 * c + random.nextGaussian();
            rows.add(RowFactory.create((long) i, a, b, c, 1.0 + random.nextInt(3), y > 0 ? 1.0 : 0.0, y));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("w", DataTypes.DoubleType)
                .add("label", DataTypes.DoubleType).add("y", DataTypes.DoubleType);
        return spark.createDataFrame(rows, schema);
    }

    private static VectorAssembler assembler() {
        return new VectorAssembler().setInputCols(new String[] {"a", "b", "c"}).setOutputCol("features");
    }

    private static Pipeline pipeline(PipelineStage estimator) {
        return new Pipeline().setStages(new PipelineStage[] {assembler(), estimator});
    }

    @Test
    void aSavedAndLoadedPipelineModelTransformsToTheSameBits() throws Exception {
        FullBatchClassifier classifier = new FullBatchClassifier().setRegL2(1e-2).setOptimizer("lbfgs")
                .setMaxIter(15);
        PipelineModel model = pipeline(classifier).fit(data);
        String path = dir.resolve("pipeline").toString();
        model.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);

        FullBatchClassificationModel original = (FullBatchClassificationModel) model.stages()[1];
        FullBatchClassificationModel back = (FullBatchClassificationModel) loaded.stages()[1];
        assertEquals(original.modelFiles(), back.modelFiles());
        assertEquals(original.uid(), back.uid());
        assertEquals(original.getFeaturesCol(), back.getFeaturesCol());

        List<Row> before = model.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
        List<Row> after = loaded.transform(data).select("rawPrediction", "probability", "prediction").collectAsList();
        assertEquals(before, after);
        assertEquals(600, after.size());

        // A saved model's data/ folder is a model directory the command exports.
        String single = dir.resolve("model").toString();
        original.save(single);
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = dev.fullbatch.job.Main.execute(new String[] {"export", "--model", single + "/data", "--format",
            "onnx", "--output", dir.resolve("model.onnx").toString()}, System.out, new java.io.PrintStream(err, true,
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, code, err::toString);
        assertTrue(java.nio.file.Files.size(dir.resolve("model.onnx")) > 0);
    }

    @Test
    void aSavedEstimatorKeepsItsParameters() throws Exception {
        FullBatchRegressor regressor = new FullBatchRegressor().setObjective("huber").setHuberDelta(0.5)
                .setRegL2(0.25).setWeightCol("w");
        regressor.setLabelCol("y");
        String path = dir.resolve("regressor").toString();
        regressor.save(path);
        FullBatchRegressor back = FullBatchRegressor.load(path);
        assertEquals(regressor.uid(), back.uid());
        assertEquals(regressor.trainOptions(), back.trainOptions());
        assertEquals("w", back.getOrDefault(back.weightCol()));
        assertEquals("y", back.getLabelCol());
    }

    @Test
    void aSavedRegressionModelPredictsTheSame() throws Exception {
        FullBatchRegressor regressor = new FullBatchRegressor().setMaxIter(10).setWeightCol("w");
        regressor.setLabelCol("y");
        PipelineModel model = pipeline(regressor).fit(data);
        String path = dir.resolve("regression").toString();
        model.save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(model.transform(data).select("prediction").collectAsList(),
                loaded.transform(data).select("prediction").collectAsList());
    }

    @Test
    void crossValidationPicksTheSamePenaltyFromTheSameModelsOnOneAndSevenPartitions() {
        CrossValidatorModel one = crossValidated(1);
        CrossValidatorModel seven = crossValidated(7);
        assertEquals(penalty(one), penalty(seven));
        // Every fold's every model, and the refit best model, have the same bits.
        for (int fold = 0; fold < 3; fold++) {
            for (int p = 0; p < 3; p++) {
                assertArrayEquals(weightBits(one.subModels()[fold][p]), weightBits(seven.subModels()[fold][p]));
            }
        }
        assertArrayEquals(weightBits(one.bestModel()), weightBits(seven.bestModel()));
        // Spark's AUC adds its partitions' areas in task completion order, so its last bits may vary run to run.
        double[] m = one.avgMetrics();
        assertArrayEquals(m, seven.avgMetrics(), 1e-12);
        // The three penalties score differently, so the pick is a real choice.
        assertTrue(m[0] != m[1] && m[1] != m[2], java.util.Arrays.toString(m));
    }

    private static long[] weightBits(org.apache.spark.ml.Model<?> pipeline) {
        FullBatchClassificationModel m = (FullBatchClassificationModel) ((PipelineModel) pipeline).stages()[1];
        return FullBatchPipelineTest.bits(m.savedModel().weights());
    }

    private static CrossValidatorModel crossValidated(int partitions) {
        // 4 rows a block (1 KiB / 256): about 100 blocks a fold, spread over the partitions asked for.
        FullBatchClassifier classifier = new FullBatchClassifier().setOptimizer("lbfgs").setMaxIter(6)
                .setBlockSize(1024).setPartitions(partitions);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.regL2(), new double[] {1e-3, 1e-1, 10})
                .build();
        return new CrossValidator().setEstimator(pipeline(classifier)).setEstimatorParamMaps(grid)
                .setEvaluator(new BinaryClassificationEvaluator().setNumBins(0)).setNumFolds(3).setSeed(11)
                .setCollectSubModels(true).fit(data);
    }

    private static double penalty(CrossValidatorModel cv) {
        FullBatchClassificationModel m = (FullBatchClassificationModel) ((PipelineModel) cv.bestModel()).stages()[1];
        return ((Number) m.savedModel().config().get("reg-l2")).doubleValue();
    }

    @Test
    void anOrderColumnFixesTheRowOrderOfAShuffledDataFrame() {
        FullBatchClassifier classifier = new FullBatchClassifier().setMaxIter(8).setBlockSize(1024)
                .setOrderCol("id");
        Dataset<Row> shuffled = data.orderBy(rand(3)).repartition(5);
        double[] inOrder = ((FullBatchClassificationModel) pipeline(classifier).fit(data).stages()[1]).savedModel()
                .weights();
        double[] sorted = ((FullBatchClassificationModel) pipeline(classifier).fit(shuffled).stages()[1])
                .savedModel().weights();
        assertArrayEquals(FullBatchPipelineTest.bits(inOrder), FullBatchPipelineTest.bits(sorted));
    }

    @Test
    void aBadParameterIsRefusedByNameBeforeAnyPass() {
        FullBatchClassifier classifier = new FullBatchClassifier().setRegL2(-1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline(classifier).fit(data));
        assertEquals("regL2 must be a finite number >= 0, got -1.0", e.getMessage());
    }

    @Test
    void aNegativeWeightIsRefusedNamingTheRowAndColumn() {
        FullBatchRegressor regressor = new FullBatchRegressor().setWeightCol("w");
        regressor.setLabelCol("y");
        Dataset<Row> bad = data.withColumn("w", org.apache.spark.sql.functions.when(col("id").equalTo(4), -2.0)
                .otherwise(col("w")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> pipeline(regressor).fit(bad));
        assertEquals("DataFrame row 5 (in the row order): column 'w' is -2.0: instance weights must be >= 0; fix or "
                + "filter the row before fit", e.getMessage());
    }
}
