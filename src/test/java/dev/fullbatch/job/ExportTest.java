package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.fullbatch.export.PmmlDocumentAccess;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported models reproduce {@code predict}: each model is trained, scored by predict, exported, and the exported
 * file is run on the same rows by ONNX Runtime (Java) or by an independent PMML evaluator
 * ({@link PmmlDocumentAccess}); predictions must match exactly (classes) or within 1e-12 (values and
 * probabilities; values relative to their magnitude when above 1). Real data sets where ../shared/data is present;
 * a generated one always.
 */
class ExportTest {
    private static final Path DATA = Path.of(System.getProperty("fullbatch.project.dir", "."))
            .resolve("../shared/data").normalize();
    private static final double TOLERANCE = 1e-12;
    private static final OrtEnvironment ORT = OrtEnvironment.getEnvironment();
    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-export-test")
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

    @Test
    void a9aLogisticExportsReproducePredictOnTheTestSplit() throws Exception {
        Path model = train("a9a-logistic", "a9a.libsvm", "--objective", "logistic", "--reg-l2", "1e-3",
                "--optimizer", "lbfgs");
        checkOnnx(model, "a9a.t.libsvm", 123);
        checkPmml(model, "a9a.t.libsvm", 123);
    }

    @Test
    void squaredHingeExportsGiveTheSameSigmoidAsPredict() throws Exception {
        Path model = train("a9a-squared-hinge", "a9a.libsvm", "--objective", "squared-hinge", "--reg-l2", "1e-3",
                "--optimizer", "lbfgs", "--max-iter", "30");
        checkOnnx(model, "a9a.t.libsvm", 123);
        checkPmml(model, "a9a.t.libsvm", 123);
    }

    @Test
    void softmaxExportsReproduceEveryClassAndProbability() throws Exception {
        Path model = train("multiclass-softmax", "sample_multiclass_classification_data.txt", "--objective",
                "softmax", "--classes", "3", "--reg-l2", "1e-3", "--optimizer", "lbfgs");
        checkOnnx(model, "sample_multiclass_classification_data.txt", 4);
        checkPmml(model, "sample_multiclass_classification_data.txt", 4);
    }

    @Test
    void cpusmallRegressionExportsReproduceThePredictedValues() throws Exception {
        Path model = train("cpusmall-least-squares", "cpusmall_scale.libsvm", "--reg-l2", "1e-3", "--optimizer",
                "lbfgs");
        checkOnnx(model, "cpusmall_scale.libsvm", 12);
        checkPmml(model, "cpusmall_scale.libsvm", 12);
        Path huber = train("cpusmall-huber", "cpusmall_scale.libsvm", "--objective", "huber", "--optimizer",
                "lbfgs", "--max-iter", "30");
        checkOnnx(huber, "cpusmall_scale.libsvm", 12);
    }

    @Test
    void anA9aNetworkExportsToOnnxAndPmmlRefusesIt() throws Exception {
        Path model = train("a9a-network", "a9a.libsvm", "--objective", "logistic", "--model", "mlp", "--hidden", "16,8",
                "--activation", "tanh", "--optimizer", "lbfgs", "--max-iter", "25");
        checkOnnx(model, "a9a.t.libsvm", 123);
        JobRun refused = JobRun.of("export", "--model", model.toString(), "--format", "pmml", "--output",
                dir.resolve("net.pmml").toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("PMML export writes a RegressionModel, which holds linear models only; "
                + "export networks with --format onnx"), refused::toString);
        assertTrue(Files.notExists(dir.resolve("net.pmml")));
    }

    @Test
    void aGeneratedMulticlassNetworkExportReproducesPredict() throws Exception {
        Path data = dir.resolve("generated");
        JobRun gen = JobRun.of("generate", "--task", "multiclass", "--rows", "2000", "--features", "6", "--classes",
                "4", "--partitions", "2", "--output", data.toString());
        assertEquals(0, gen.exitCode(), gen::toString);
        Path model = dir.resolve("net");
        JobRun train = JobRun.of("train", "--data", data.toString(), "--objective", "softmax", "--classes", "4",
                "--model", "mlp", "--hidden", "8", "--activation", "relu", "--optimizer", "lbfgs", "--max-iter",
                "40", "--output", model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        checkOnnx(model, data, 6);
    }

    private Path train(String name, String data, String... options) {
        assumeTrue(Files.isDirectory(DATA), "shared data absent: " + DATA);
        Path model = dir.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA.resolve(data).toString(), "--output",
                model.toString()));
        args.addAll(List.of(options));
        JobRun run = JobRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::toString);
        return model;
    }

    private void checkOnnx(Path model, String data, int d) throws Exception {
        checkOnnx(model, DATA.resolve(data), d);
    }

    private void checkOnnx(Path model, Path data, int d) throws Exception {
        List<double[]> predicted = predict(model, data);
        Path file = export(model, "onnx");
        double[][] x = features(data, d);
        assertEquals(predicted.size(), x.length);
        Map<String, Object> out = new HashMap<>();
        try (OrtSession session = ORT.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(ORT, x);
             OrtSession.Result result = session.run(Map.of("features", input))) {
            for (Map.Entry<String, OnnxValue> e : result) {
                out.put(e.getKey(), e.getValue().getValue());
            }
        }
        double[] prediction = (double[]) out.get("prediction");
        double[] probability = (double[]) out.get("probability");
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            double[] p = predicted.get(i);
            worst = Math.max(worst, compare(p, prediction[i], probability == null ? Double.NaN : probability[i],
                    "row " + (i + 1) + " of " + data + " (onnx)"));
        }
        if (out.get("probabilities") instanceof double[][] all) {
            for (int i = 0; i < x.length; i++) {
                assertEquals(probability[i], all[i][(int) prediction[i]], "row " + (i + 1));
            }
        }
        System.out.printf("onnx %s on %s: %d rows, largest difference from predict %.3g%n", model.getFileName(),
                data.getFileName(), x.length, worst);
    }

    private void checkPmml(Path model, String data, int d) throws Exception {
        Path source = DATA.resolve(data);
        List<double[]> predicted = predict(model, source);
        byte[] xml = Files.readAllBytes(export(model, "pmml"));
        PmmlDocumentAccess.validate(xml);
        PmmlDocumentAccess doc = new PmmlDocumentAccess(xml);
        boolean binary = SavedModel.parse(Files.readString(model.resolve("model.json"))).get("numClasses")
                .asInt() == 2;
        double[][] x = features(source, d);
        double worst = 0;
        for (int i = 0; i < x.length; i++) {
            Map<String, Double> row = new LinkedHashMap<>();
            for (int j = 0; j < d; j++) {
                if (x[i][j] != 0) {
                    row.put("x" + (j + 1), x[i][j]); // absent features: the document's missing-value replacement
                }
            }
            double[] p = predicted.get(i);
            double prediction = doc.prediction(row);
            // predict's probability: of class 1 for two classes, of the predicted class for softmax.
            double probability = p.length > 2 ? doc.probability(row, binary ? 1 : prediction) : Double.NaN;
            worst = Math.max(worst, compare(p, prediction, probability, "row " + (i + 1) + " of " + data
                    + " (pmml)"));
        }
        System.out.printf("pmml %s on %s: %d rows, largest difference from predict %.3g%n", model.getFileName(),
                data, x.length, worst);
    }

    /** predict's {label, prediction[, probability]} against an export's; returns the largest difference. */
    private static double compare(double[] predicted, double prediction, double probability, String where) {
        double diff;
        if (predicted.length > 2) {
            // predict names a binary model's negative class as the data does (-1 for -1/+1 labels); exports give
            // the class index, 0.
            assertEquals(predicted[1] < 0 ? 0 : predicted[1], prediction, where + ": class");
            diff = Math.abs(predicted[2] - probability);
            assertTrue(diff <= TOLERANCE, where + ": probability " + probability + " vs predict's " + predicted[2]);
        } else {
            diff = Math.abs(predicted[1] - prediction) / Math.max(1, Math.abs(predicted[1]));
            assertTrue(diff <= TOLERANCE, where + ": " + prediction + " vs predict's " + predicted[1]);
        }
        return diff;
    }

    private Path export(Path model, String format) {
        Path file = dir.resolve(model.getFileName() + "." + format);
        JobRun run = JobRun.of("export", "--model", model.toString(), "--format", format, "--output",
                file.toString());
        assertEquals(0, run.exitCode(), run::toString);
        return file;
    }

    /** predict's rows, in input order: label, prediction and (classification) probability. */
    private List<double[]> predict(Path model, Path data) throws IOException {
        Path scored = dir.resolve("scored-" + model.getFileName() + "-" + data.getFileName());
        if (!Files.exists(scored)) {
            JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                    scored.toString());
            assertEquals(0, run.exitCode(), run::toString);
        }
        List<double[]> rows = new ArrayList<>();
        try (Stream<Path> parts = Files.list(scored.resolve("predictions"))) {
            for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                List<String> lines = Files.readAllLines(part);
                List<String> header = List.of(lines.get(0).split(","));
                // By name: predict may add columns.
                int[] columns = Stream.of("label", "prediction", "probability").mapToInt(header::indexOf)
                        .filter(k -> k >= 0).toArray();
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",");
                    double[] row = new double[columns.length];
                    for (int k = 0; k < columns.length; k++) {
                        row[k] = Double.parseDouble(f[columns[k]]);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /** The feature rows of a LIBSVM file or folder of part files (1-based indices), dense. */
    private static double[][] features(Path data, int d) throws IOException {
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(data)) {
            try (Stream<Path> parts = Files.list(data)) {
                parts.filter(p -> !p.getFileName().toString().startsWith(".")
                        && !p.getFileName().toString().startsWith("_")).sorted().forEach(files::add);
            }
        } else {
            files.add(data);
        }
        List<double[]> rows = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.isBlank()) {
                    continue;
                }
                double[] x = new double[d];
                String[] tokens = line.trim().split("\\s+");
                for (int k = 1; k < tokens.length; k++) {
                    int colon = tokens[k].indexOf(':');
                    x[Integer.parseInt(tokens[k].substring(0, colon)) - 1] =
                            Double.parseDouble(tokens[k].substring(colon + 1));
                }
                rows.add(x);
            }
        }
        return rows.toArray(double[][]::new);
    }
}
