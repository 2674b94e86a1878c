package dev.fullbatch.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.io.SavedModel;
import dev.fullbatch.job.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Networks ({@code model} mlp) through the estimators: a Pipeline fit gives the bits of {@code fullbatch train
 * --model mlp} on the same rows and options, {@code transform} gives {@code predict}'s probabilities, and a saved
 * and loaded model transforms to the same bits. Generated data: two rings, which no linear model separates.
 */
class FullBatchNetworkTest {
    private static final String[] OPTIONS = {"--objective", "logistic", "--model", "mlp", "--hidden", "6,4",
        "--activation", "tanh", "--optimizer", "lbfgs", "--max-iter", "25", "--reg-l2", "1e-3", "--seed", "5"};

    private static SparkSession spark;
    private static Path files;
    private static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-ml-network-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        files = Files.createTempDirectory("fullbatch-ml-network-");
        data = files.resolve("rings.libsvm");
        Files.writeString(data, rings(400, 3));
    }

    @AfterAll
    static void stop() throws IOException {
        if (spark != null) {
            spark.stop();
        }
        if (files != null) {
            try (Stream<Path> paths = Files.walk(files)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** LIBSVM rows of two noisy rings (label 1 inside, 0 outside) in 3 features, the third noise. */
    private static String rings(int n, long seed) {
        Random random = new Random(seed);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 2;
            double r = (label == 1 ? 1.0 : 2.0) + 0.3 * random.nextGaussian();
            double angle = 2 * Math.PI * random.nextDouble();
            out.append(String.format(Locale.ROOT, "%d 1:%s 2:%s 3:%s%n", label, r * Math.cos(angle),
                    r * Math.sin(angle), random.nextGaussian()));
        }
        return out.toString();
    }

    private static Dataset<Row> frame() {
        return spark.read().format("libsvm").option("numFeatures", "3").load(data.toString());
    }

    private static Pipeline pipeline() {
        VectorAssembler assemble = new VectorAssembler().setInputCols(new String[] {"features"}).setOutputCol("x");
        FullBatchClassifier classifier = new FullBatchClassifier().setModel("mlp").setHidden("6,4")
                .setActivation("tanh").setOptimizer("lbfgs").setMaxIter(25).setRegL2(1e-3).setSeed(5);
        classifier.setFeaturesCol("x");
        return new Pipeline().setStages(new PipelineStage[] {assemble, classifier});
    }

    private static void cli(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, () -> String.join(" ", args) + "\n" + err.toString(StandardCharsets.UTF_8));
    }

    private static SavedModel trainedByTheCommand(Path model) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output",
                model.toString()));
        args.addAll(List.of(OPTIONS));
        cli(args.toArray(new String[0]));
        return SavedModel.fromJson(Files.readString(model.resolve("model.json")), "model.json");
    }

    private static FullBatchClassificationModel network(PipelineModel pipeline) {
        return (FullBatchClassificationModel) pipeline.stages()[1];
    }

    @Test
    void aPipelineFitsTheNetworkTheCommandTrainsBitForBit() throws IOException {
        SavedModel command = trainedByTheCommand(dir.resolve("cli"));
        SavedModel ml = network(pipeline().fit(frame())).savedModel();

        assertEquals("mlp", ml.modelType());
        assertEquals(List.of(6, 4), ml.hiddenWidths());
        assertEquals(6 * 3 + 4 * 6 + 4, ml.weights().length);
        assertArrayEquals(FullBatchPipelineTest.bits(command.weights()), FullBatchPipelineTest.bits(ml.weights()));
        assertArrayEquals(FullBatchPipelineTest.bits(command.intercept()),
                FullBatchPipelineTest.bits(ml.intercept()));
        assertEquals(Double.doubleToLongBits(command.objectiveValue()), Double.doubleToLongBits(ml.objectiveValue()));
        assertEquals(command.iterations(), ml.iterations());
    }

    @Test
    void transformGivesPredictsProbabilities() throws IOException {
        Path model = dir.resolve("cli");
        trainedByTheCommand(model);
        Path scored = dir.resolve("scored");
        cli("predict", "--model", model.toString(), "--data", data.toString(), "--output", scored.toString());
        List<double[]> predicted = predictions(scored);

        List<Row> rows = pipeline().fit(frame()).transform(frame()).select("rawPrediction", "probability",
                "prediction").collectAsList();
        assertEquals(predicted.size(), rows.size());
        int right = 0;
        for (int i = 0; i < rows.size(); i++) {
            double p = ((Vector) rows.get(i).get(1)).apply(1);
            assertEquals(predicted.get(i)[1], p, 1e-15, "row " + (i + 1));
            assertEquals(predicted.get(i)[0], rows.get(i).getDouble(2), "row " + (i + 1));
            assertEquals(1 - p, ((Vector) rows.get(i).get(1)).apply(0));
            if (rows.get(i).getDouble(2) == (i % 2)) {
                right++;
            }
        }
        // The rings are not linearly separable; the network does separate them, so the scores are a network's.
        assertTrue(right > 0.9 * rows.size(), right + " of " + rows.size() + " right");
    }

    /** predict's (prediction, probability) per row, in input order. */
    private static List<double[]> predictions(Path scored) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(scored.resolve("predictions"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part);
                List<String> header = List.of(lines.get(0).split(","));
                int prediction = header.indexOf("prediction");
                int probability = header.indexOf("probability");
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    rows.add(new double[] {Double.parseDouble(f[prediction]), Double.parseDouble(f[probability])});
                }
            }
        }
        return rows;
    }

    @Test
    void aSavedAndLoadedNetworkTransformsToTheSameBits() throws IOException {
        PipelineModel model = pipeline().fit(frame());
        String path = dir.resolve("pipeline").toString();
        model.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(network(model).modelFiles(), network(loaded).modelFiles());
        assertEquals(model.transform(frame()).select("rawPrediction", "probability", "prediction").collectAsList(),
                loaded.transform(frame()).select("rawPrediction", "probability", "prediction").collectAsList());
        // The saved data/ folder is the command's model directory: predict scores the network from it.
        FullBatchClassificationModel single = FullBatchClassificationModel.load(path + "/stages/1_"
                + network(model).uid());
        assertEquals("mlp", single.savedModel().modelType());
    }

    @Test
    void hiddenWithoutTheNetworkIsRefusedByName() {
        FullBatchClassifier classifier = new FullBatchClassifier().setHidden("4");
        classifier.setFeaturesCol("features");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classifier.fit(frame()));
        assertTrue(e.getMessage().contains("hidden"), e.getMessage());
        assertTrue(!e.getMessage().contains("--hidden"), e.getMessage());
    }
}
