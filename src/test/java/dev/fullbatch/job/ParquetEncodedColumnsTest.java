package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.feature.VectorAssembler;
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

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

/**
 * Categorical, hashed and attribute-named columns of Parquet input through the real command line. Categorical
 * columns: the table of scripts/references/issue17_categorical.py written as Parquet (its color column as strings,
 * and as integer codes) trains scikit-learn's coefficients, predict scores unseen values with the other level, the
 * bits do not depend on the partitions. Hashed columns: the model equals, bit for bit, the model of the vectors Spark
 * ML's own FeatureHasher and HashingTF make of the same columns. A vector column written by VectorAssembler names
 * its features. One shared session writes the tables.
 */
class ParquetEncodedColumnsTest {
    private static final String[] LEAST_SQUARES = {"--intercept", "false", "--optimizer", "lbfgs", "--max-iter",
        "300", "--master", "local[2]"};

    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    private static Path colorTrain;
    private static Path colorTest;
    private static Path codeTrain;
    private static Path hashed;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-parquet-encoded-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        colorTrain = shared.resolve("color-train.parquet");
        colorTest = shared.resolve("color-test.parquet");
        codeTrain = shared.resolve("code-train.parquet");
        Dataset<Row> train = csv("categorical-train.csv");
        train.coalesce(1).write().option("parquet.block.size", "1024").parquet(colorTrain.toString());
        csv("categorical-test.csv").coalesce(1).write().parquet(colorTest.toString());
        // the colors as integer codes whose decimal text sorts as the names do: the same levels in the same order
        train.withColumn("code", when(col("color").equalTo("blue"), 10).when(col("color").equalTo("green"), 20)
                        .when(col("color").equalTo("red"), 30).when(col("color").equalTo("teal"), 40).otherwise(50)
                        .cast(DataTypes.LongType)).drop("color")
                .coalesce(1).write().parquet(codeTrain.toString());
        hashed = writeHashed(shared.resolve("hashed.parquet"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> csv(String name) {
        return spark.read().option("header", "true").option("inferSchema", "true")
                .csv(Path.of("src/test/resources/references/issue17", name).toString());
    }

    /**
     * label, s1 and s2 (strings, some null), tags (arrays of strings, repeats and nulls), and the vectors Spark's
     * FeatureHasher makes of s1, s2 ({@code fh}) and HashingTF of tags ({@code tf}), 2^6 features each.
     */
    private static Path writeHashed(Path folder) {
        SplittableRandom rnd = new SplittableRandom(17);
        String[] words = {"red", "green", "blue", "x", "y", "z", "é", "東京", "a=b", ""};
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String s1 = rnd.nextInt(10) == 0 ? null : words[rnd.nextInt(words.length)];
            String s2 = rnd.nextInt(10) == 0 ? null : "v" + rnd.nextInt(40);
            List<String> tags = new ArrayList<>();
            for (int k = rnd.nextInt(5); k > 0; k--) {
                tags.add(words[rnd.nextInt(words.length)]);
            }
            double label = (s1 != null && s1.length() > 1 ? 1.0 : 0.0) + rnd.nextDouble() * 0.1 + tags.size() * 0.3;
            rows.add(RowFactory.create(label, s1, s2, i % 7 == 0 ? null : tags.toArray(new String[0])));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
                .add("s1", DataTypes.StringType, true).add("s2", DataTypes.StringType, true)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType, true), true);
        Dataset<Row> raw = spark.createDataFrame(rows, schema);
        Dataset<Row> fh = new FeatureHasher().setInputCols(new String[] {"s1", "s2"}).setOutputCol("fh").setNumFeatures(64)
                .transform(raw);
        // HashingTF of a null array: the empty vector, as fullbatch reads a null array (no tokens)
        Dataset<Row> withEmpty = fh.withColumn("tagsOrEmpty", coalesce(col("tags"),
                array().cast(DataTypes.createArrayType(DataTypes.StringType))));
        Dataset<Row> both = new HashingTF().setInputCol("tagsOrEmpty").setOutputCol("tf").setNumFeatures(64)
                .transform(withEmpty).drop("tagsOrEmpty");
        both.coalesce(1).write().option("parquet.block.size", "4096").parquet(folder.toString());
        return folder;
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    private static Path resource(String name) {
        return Path.of("src/test/resources/references/issue17", name);
    }

    private JobRun train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", out.toString()));
        args.addAll(List.of(more));
        return JobRun.of(args.toArray(String[]::new));
    }

    private JobRun trainColors(Path data, Path out, String column, String... more) {
        List<String> args = new ArrayList<>(List.of("--label-col", "y", "--categorical-cols", column,
                "--min-category-count", "3"));
        args.addAll(List.of(LEAST_SQUARES));
        args.addAll(List.of(more));
        return train(data, out, args.toArray(String[]::new));
    }

    private static void assertCoefficients(JsonNode ref, JsonNode model) {
        for (int k = 0; k < ref.get("coefficients").size(); k++) {
            double expected = ref.get("coefficients").get(k).asDouble();
            assertEquals(expected, model.get("weights").get(k).asDouble(), 1e-6 * Math.max(1, Math.abs(expected)),
                    "coefficient " + ref.get("featureNames").get(k));
        }
    }

    @Test
    void stringColumnMatchesScikitLearnAndPredictSendsUnseenValuesToTheOtherLevel() throws Exception {
        JsonNode ref = json(resource("categorical.json"));
        Path out = dir.resolve("model");
        // the validation data, with colors never seen, is encoded with the training dictionary, never counted
        JobRun run = trainColors(colorTrain, out, "color", "--validation", colorTest.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains("categorical column color: 3 levels kept, 2 values (3 rows) to color=(other)"),
                run::toString);
        JsonNode model = json(out.resolve("model.json"));
        assertEquals(ref.get("featureNames"), model.get("featureNames"));
        assertCoefficients(ref, model);
        assertEquals(List.of("color"), List.of(model.get("data").get("columns").get("categoricalCols").get(0)
                .asText()));
        JsonNode color = json(out.resolve("encoding.json")).get("categorical").get("columns").get(0);
        List<String> levels = new ArrayList<>();
        for (JsonNode level : color.get("levels")) {
            levels.add(level.get("value").asText());
            assertEquals(ref.get("levelRows").get(level.get("value").asText()).asLong(), level.get("rows").asLong());
        }
        assertEquals(List.of("blue", "green", "red"), levels);
        assertEquals(ref.get("otherRows").asLong(), color.get("other").get("rows").asLong());

        Path scored = dir.resolve("scored");
        JobRun predict = JobRun.of("predict", "--model", out.toString(), "--data", colorTest.toString(),
                "--output", scored.toString(), "--master", "local[2]");
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> lines = GlmCommandLineTest.predictionLines(scored);
        JsonNode expected = ref.get("testPredictions");
        assertEquals(expected.size() + 1, lines.size(), lines::toString);
        int column = Arrays.asList(lines.get(0).split(",")).indexOf("prediction");
        for (int i = 0; i < expected.size(); i++) {
            double p = Double.parseDouble(lines.get(i + 1).split(",")[column]);
            assertEquals(expected.get(i).asDouble(), p, 1e-6, "prediction of row " + i + ": " + lines.get(i + 1));
        }
    }

    @Test
    void integerColumnIsEncodedByItsDecimalText() throws Exception {
        JsonNode ref = json(resource("categorical.json"));
        Path out = dir.resolve("codes");
        JobRun run = trainColors(codeTrain, out, "code");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out.resolve("model.json"));
        List<String> names = new ArrayList<>();
        model.get("featureNames").forEach(n -> names.add(n.asText()));
        assertEquals(List.of("x", "code=10", "code=20", "code=30", "code=(other)"), names,
                "x is the only numeric feature: the integer code is categorical, not numeric");
        assertCoefficients(ref, model);
    }

    @Test
    void theBitsDoNotDependOnPartitions() throws Exception {
        Path one = dir.resolve("one");
        Path seven = dir.resolve("seven");
        assertEquals(0, trainColors(colorTrain, one, "color", "--partitions", "1", "--block-size", "1k").exitCode());
        // small scan splits too: the counting pass and the read see the file in many pieces
        spark.conf().set("spark.sql.files.maxPartitionBytes", "1024");
        JobRun run;
        try {
            run = trainColors(colorTrain, seven, "color", "--partitions", "7", "--block-size", "1k");
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
        assertEquals(0, run.exitCode(), run::toString);
        ModelBits.assertSame(ModelBits.of(one), ModelBits.of(seven), "1 vs 7 partitions");
        assertEquals(Files.readString(one.resolve("encoding.json")), Files.readString(seven.resolve("encoding.json")));
    }

    @Test
    void aColumnThatIsNeitherStringNorIntegerIsRefusedWithItsType() {
        JobRun run = trainColors(colorTrain, dir.resolve("bad"), "x");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--categorical-cols: column 'x' of ") && run.err().contains("is double"),
                run::toString);
        assertFalse(run.err().contains("\tat "), "no stack trace");
        JobRun missing = trainColors(colorTrain, dir.resolve("missing"), "colour");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("has no column 'colour'"), missing::toString);
    }

    @Test
    void hashedStringColumnsTrainTheModelOfSparkFeatureHasherVectors() throws Exception {
        String[] common = {"--optimizer", "lbfgs", "--max-iter", "30", "--reg-l2", "1e-3", "--master", "local[2]"};
        Path theirs = dir.resolve("fh");
        Path ours = dir.resolve("ours");
        JobRun a = train(hashed, theirs, JobRun.with(common, "--features-col", "fh"));
        assertEquals(0, a.exitCode(), a::toString);
        JobRun b = train(hashed, ours, JobRun.with(common, "--hash-features", "6", "--hash-cols", "s1,s2"));
        assertEquals(0, b.exitCode(), b::toString);
        ModelBits.assertSame(ModelBits.of(theirs), ModelBits.of(ours), "--hash-cols s1,s2 vs FeatureHasher");
        JsonNode model = json(ours.resolve("model.json"));
        assertEquals(64, model.get("weights").size());
        assertEquals("s2", model.get("data").get("columns").get("hashCols").get(1).asText());

        // predict hashes the same way: the same predictions as the model of Spark's vectors
        Path scoredSpark = dir.resolve("scored-fh");
        Path scoredOurs = dir.resolve("scored-ours");
        assertEquals(0, JobRun.of("predict", "--model", theirs.toString(), "--data", hashed.toString(), "--output",
                scoredSpark.toString(), "--master", "local[2]").exitCode());
        JobRun predict = JobRun.of("predict", "--model", ours.toString(), "--data", hashed.toString(), "--output",
                scoredOurs.toString(), "--master", "local[2]");
        assertEquals(0, predict.exitCode(), predict::toString);
        assertEquals(GlmCommandLineTest.predictionLines(scoredSpark), GlmCommandLineTest.predictionLines(scoredOurs));
    }

    @Test
    void hashedArrayColumnTrainsTheModelOfSparkHashingTfVectors() throws Exception {
        String[] common = {"--optimizer", "lbfgs", "--max-iter", "30", "--reg-l2", "1e-3", "--master", "local[2]"};
        Path theirs = dir.resolve("tf");
        Path ours = dir.resolve("ours");
        assertEquals(0, train(hashed, theirs, JobRun.with(common, "--features-col", "tf")).exitCode());
        JobRun run = train(hashed, ours, JobRun.with(common, "--hash-features", "6", "--hash-cols", "tags"));
        assertEquals(0, run.exitCode(), run::toString);
        ModelBits.assertSame(ModelBits.of(theirs), ModelBits.of(ours), "--hash-cols tags vs HashingTF");
    }

    @Test
    void hashColsNeedHashFeaturesAndStringColumns() {
        JobRun alone = train(hashed, dir.resolve("alone"), "--hash-cols", "s1");
        assertEquals(2, alone.exitCode(), alone::toString);
        assertTrue(alone.err().contains("--hash-cols needs --hash-features BITS"), alone::toString);
        JobRun numeric = train(colorTrain, dir.resolve("numeric"), "--label-col", "y", "--hash-features", "4",
                "--hash-cols", "x");
        assertEquals(2, numeric.exitCode(), numeric::toString);
        assertTrue(numeric.err().contains("--hash-cols: column 'x' of ") && numeric.err().contains("is double"),
                numeric::toString);
        assertFalse(numeric.err().contains("\tat "), "no stack trace");
    }

    @Test
    void aVectorColumnNamesItsFeaturesByItsMlAttributes() throws Exception {
        Path folder = shared.resolve("assembled.parquet");
        Dataset<Row> table = csv("categorical-train.csv").withColumn("x2", col("x").multiply(col("x")));
        new VectorAssembler().setInputCols(new String[] {"x", "x2"}).setOutputCol("features").transform(table)
                .select("y", "features").coalesce(1).write().parquet(folder.toString());
        Path out = dir.resolve("assembled");
        JobRun run = train(folder, out, "--label-col", "y", "--max-iter", "5", "--master", "local[2]");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out.resolve("model.json"));
        assertEquals("[\"x\",\"x2\"]", model.get("featureNames").toString());
        assertTrue(Files.readString(out.resolve("coefficients.csv")).contains("\nx2,1,"),
                () -> "coefficients.csv names the slots");
    }
}
