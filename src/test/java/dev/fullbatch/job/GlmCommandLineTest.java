package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 from the command line: {@code fullbatch train} with families, offsets, instance and class weights, bounds
 * and penalty factors reaches the independent optima committed under {@code src/test/resources/references/issue16}
 * (R's glm and glmnet, statsmodels, scikit-learn, scipy; see {@code scripts/references/issue16_*}), objective within
 * 1e-9 relative and coefficients within 1e-6 of the reference's scale; {@code predict} reads the offsets again; and
 * a resume with a changed option, a bad weight and all-zero weights are refused with exit 2.
 */
class GlmCommandLineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHARED = Path.of("../shared/data");
    private static SparkSession spark;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-glm-command-line-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    static JsonNode fixture(String folder, String name) {
        try (InputStream in = GlmCommandLineTest.class.getResourceAsStream("/references/" + folder + "/" + name)) {
            assertTrue(in != null, "missing fixture " + name);
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        if (!Files.exists(p)) {
            try (InputStream in = GlmCommandLineTest.class.getResourceAsStream("/references/issue16/" + name)) {
                Files.write(p, in.readAllBytes());
            }
        }
        return p;
    }

    static Path shared(String file) {
        Path p = SHARED.resolve(file);
        assumeTrue(Files.isRegularFile(p), "needs " + p);
        return p;
    }

    static JsonNode json(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    /** Trains to a tight stationarity ({@code --grad-tol 1e-12}) and returns model.json. */
    static JsonNode train(Path out, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("train", "--output", out.toString(), "--tol", "0",
                "--grad-tol", "1e-12", "--max-iter", "3000", "--checkpoint-every", "0"));
        args.addAll(List.of(options));
        JobRun run = JobRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run::toString);
        return json(out.resolve("model.json"));
    }

    /** The reference's optimum: objective, then every coefficient and the intercept against model.json. */
    static void assertOptimum(JsonNode ref, JsonNode model, String what) {
        double expected = ref.get("objective_value").asDouble();
        assertEquals(expected, model.get("objectiveValue").asDouble(), 1e-9 * Math.abs(expected),
                what + " objective");
        JsonNode w = ref.get("coefficients");
        double scale = Math.abs(ref.get("intercept").asDouble());
        for (JsonNode c : w) {
            scale = Math.max(scale, Math.abs(c.asDouble()));
        }
        for (int j = 0; j < w.size(); j++) {
            assertEquals(w.get(j).asDouble(), model.get("weights").get(j).asDouble(), 1e-6 * scale,
                    what + " coefficient " + (j + 1));
        }
        assertEquals(ref.get("intercept").asDouble(), model.get("intercept").get(0).asDouble(), 1e-6 * scale,
                what + " intercept");
    }

    static String[] insurance(Path data, String objective) {
        return new String[] {"--data", data.toString(), "--format", "csv", "--header", "--offset-col", "10",
            "--objective", objective, "--optimizer", "lbfgs"};
    }

    @Test
    void poissonWithAnOffsetReachesRsGlmAndPredictReadsTheOffsets() throws IOException {
        Path data = resource("insurance-design.csv");
        Path model = dir.resolve("poisson");
        JsonNode saved = train(model, insurance(data, "poisson"));
        assertOptimum(fixture("issue16", "poisson-insurance-offset-l2-0.json"), saved, "poisson");
        assertEquals("10", saved.get("config").get("offset-col").asText());

        // R's deviance, null deviance (refitted with the offsets) and AIC of the same fit
        JsonNode r = fixture("issue19", "summary-poisson-insurance-offset.json");
        JsonNode metrics = json(model.resolve("metrics.json"));
        assertEquals(r.get("deviance").asDouble(), metrics.get("deviance").asDouble(), 1e-8 * 51);
        assertEquals(r.get("null_deviance").asDouble(), metrics.get("nullDeviance").asDouble(), 1e-8 * 236);
        assertEquals(r.get("aic").asDouble(), metrics.get("aic").asDouble(), 1e-8 * 388);

        // predict: the mean exp(x.w + b + offset) of every row, the offset read from the trained column
        Path scored = dir.resolve("poisson-scored");
        JobRun predict = JobRun.of("predict", "--model", model.toString(), "--data", data.toString(),
                "--output", scored.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        List<String> rows = Files.readAllLines(data);
        List<String> predictions = predictionLines(scored);
        JsonNode ref = fixture("issue16", "poisson-insurance-offset-l2-0.json");
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            double m = ref.get("intercept").asDouble() + Double.parseDouble(cells[10]);
            for (int j = 0; j < 9; j++) {
                m += ref.get("coefficients").get(j).asDouble() * Double.parseDouble(cells[1 + j]);
            }
            String[] scoredRow = predictions.get(i).split(",");
            assertEquals(data.toString(), java.net.URI.create(scoredRow[0]).getPath(), "row " + i + "'s file");
            assertEquals(i + 1, Long.parseLong(scoredRow[1]), "row " + i + "'s line (the header is line 1)");
            double predicted = Double.parseDouble(scoredRow[3]); // after file, line, label
            assertEquals(Math.exp(m), predicted, 1e-6 * Math.exp(m), "row " + i);
        }

        // the same rows without their offset column: exit 2, naming the columns
        Path noOffset = dir.resolve("insurance-no-offset.csv");
        List<String> cut = new ArrayList<>();
        for (String line : rows) {
            cut.add(line.substring(0, line.lastIndexOf(',')));
        }
        Files.write(noOffset, cut);
        JobRun missing = JobRun.of("predict", "--model", model.toString(), "--data", noOffset.toString(),
                "--output", dir.resolve("poisson-no-offset").toString());
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("has 10 columns") && missing.err().contains("offset"), missing::toString);
    }

    static List<String> predictionLines(Path scored) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var parts = Files.list(scored.resolve("predictions"))) {
            for (Path p : parts.filter(f -> f.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> all = Files.readAllLines(p);
                lines.addAll(lines.isEmpty() ? all : all.subList(1, all.size()));
            }
        }
        return lines;
    }

    @Test
    void tweedieWithAnOffsetAndItsPower() throws IOException {
        Path data = resource("insurance-design.csv");
        JsonNode ref = fixture("issue16", "tweedie-1.5-insurance-offset-l2-0.001.json");
        List<String> args = new ArrayList<>(List.of(insurance(data, "tweedie")));
        args.addAll(List.of("--tweedie-power", "1.5", "--reg-l2", "0.001"));
        JsonNode saved = train(dir.resolve("tweedie"), args.toArray(new String[0]));
        assertOptimum(ref, saved, "tweedie 1.5");
        assertEquals(1.5, saved.get("config").get("tweedie-power").asDouble());
    }

    @Test
    void gammaOnThePositiveLabelsOfCpusmall() throws IOException {
        JsonNode ref = fixture("issue16", "gamma-cpusmall-positive-l2-0.json");
        // the 283 zero labels are bad records for gamma (labels > 0): skipped, leaving the fixture's 7909 rows
        JsonNode saved = train(dir.resolve("gamma"), "--data", shared("cpusmall_scale.libsvm").toString(),
                "--objective", "gamma", "--optimizer", "lbfgs", "--bad-records", "skip");
        assertOptimum(ref, saved, "gamma");
        assertEquals(283, saved.get("data").get("badRecords").asInt());
    }

    /** a9a with instance weights 0.5 * (i mod 5) as LIBSVM {@code label:weight} first tokens (the fixtures'). */
    static Path weightedA9a() throws IOException {
        Path p = dir.resolve("a9a-weighted.libsvm");
        if (!Files.exists(p)) {
            List<String> lines = Files.readAllLines(shared("a9a.libsvm"), StandardCharsets.US_ASCII);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                int space = lines.get(i).indexOf(' ');
                out.add(lines.get(i).substring(0, space) + ":" + (0.5 * (i % 5)) + lines.get(i).substring(space));
            }
            Files.write(p, out);
        }
        return p;
    }

    @Test
    void instanceWeightsTimesClassWeightsOnA9a() throws IOException {
        JsonNode ref = fixture("issue16", "logistic-a9a-class-1-5-times-weights-l2-1e-3.json");
        JsonNode saved = train(dir.resolve("a9a-weighted"), "--data", weightedA9a().toString(), "--libsvm-weights",
                "--num-features", "123", "--class-weight", "-1=1,+1=5", "--objective", "logistic", "--reg-l2",
                "1e-3", "--optimizer", "lbfgs");
        assertOptimum(ref, saved, "a9a weighted, class weights -1=1,+1=5");
        assertEquals("-1=1,+1=5", saved.get("config").get("class-weight").asText());
        JsonNode metrics = json(dir.resolve("a9a-weighted").resolve("metrics.json"));
        // every metric, AUC included, weighs rows by their instance weights (never by class weights)
        long rows = Files.readAllLines(weightedA9a()).size();
        double weightSum = 0;
        for (long i = 0; i < rows; i++) {
            weightSum += 0.5 * (i % 5);
        }
        assertEquals(weightSum, metrics.get("weightSum").asDouble(), "metrics.json's weight sum: the instance weights");
        assertNull(metrics.get("unweighted"), "no metric is unweighted");
    }

    @Test
    void parquetWeightAndOffsetColumnsReachTheSameOptima() throws IOException {
        // Insurance as numeric columns with the offset column (and an all-ones weight column, which changes nothing)
        List<String> lines = Files.readAllLines(resource("insurance-design.csv"));
        String[] names = lines.get(0).replace('.', '_').replace('-', '_').split(",");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            Object[] v = new Object[names.length + 1];
            String[] cells = line.split(",");
            for (int c = 0; c < cells.length; c++) {
                v[c] = Double.parseDouble(cells[c]);
            }
            v[names.length] = 1.0;
            rows.add(RowFactory.create(v));
        }
        StructType schema = new StructType();
        for (String n : names) {
            schema = schema.add(n, DataTypes.DoubleType, true);
        }
        schema = schema.add("w", DataTypes.DoubleType, true);
        Path insurance = dir.resolve("insurance.parquet");
        spark.createDataFrame(rows, schema).coalesce(1).write().parquet(insurance.toString());
        JsonNode poisson = train(dir.resolve("poisson-parquet"), "--data", insurance.toString(), "--label-col",
                "claims", "--offset-col", "log_holders", "--weight-col", "w", "--objective", "poisson",
                "--optimizer", "lbfgs");
        assertOptimum(fixture("issue16", "poisson-insurance-offset-l2-0.json"), poisson, "poisson from Parquet");
        assertEquals(9, poisson.get("numFeatures").asInt(), "the weight and offset columns are not features");

        // a9a with the fixtures' instance weights in a column beside a vector column
        List<String> a9a = Files.readAllLines(shared("a9a.libsvm"), StandardCharsets.US_ASCII);
        List<Row> weighted = new ArrayList<>();
        for (int i = 0; i < a9a.size(); i++) {
            String[] tokens = a9a.get(i).trim().split("\\s+");
            int[] index = new int[tokens.length - 1];
            double[] value = new double[tokens.length - 1];
            for (int t = 1; t < tokens.length; t++) {
                index[t - 1] = Integer.parseInt(tokens[t].substring(0, tokens[t].indexOf(':'))) - 1;
                value[t - 1] = Double.parseDouble(tokens[t].substring(tokens[t].indexOf(':') + 1));
            }
            weighted.add(RowFactory.create(Double.parseDouble(tokens[0]), Vectors.sparse(123, index, value),
                    0.5 * (i % 5)));
        }
        Path a9aParquet = dir.resolve("a9a-weighted.parquet");
        spark.createDataFrame(weighted, new StructType().add("label", DataTypes.DoubleType, true)
                .add("features", new VectorUDT(), true).add("weight", DataTypes.DoubleType, true))
                .coalesce(1).write().parquet(a9aParquet.toString());
        JsonNode logistic = train(dir.resolve("a9a-parquet"), "--data", a9aParquet.toString(), "--weight-col",
                "weight", "--objective", "logistic", "--reg-l2", "1e-3", "--optimizer", "lbfgs");
        assertOptimum(fixture("issue16", "logistic-a9a-weighted-l2-1e-3.json"), logistic, "a9a weighted from Parquet");
    }

    @Test
    void nonNegativeAndPerFeatureBoundsOnCpusmall() throws IOException {
        for (String name : List.of("nonnegative-l2-0", "per-feature-bounds-l2-0")) {
            JsonNode ref = fixture("issue16", "least-squares-cpusmall-" + name + ".json");
            List<String> args = new ArrayList<>(List.of("--data", shared("cpusmall_scale.libsvm").toString(),
                    "--optimizer", "lbfgs"));
            args.addAll(name.startsWith("nonnegative") ? List.of("--nonnegative")
                    : List.of("--bounds", resource("cpusmall-bounds.csv").toString()));
            JsonNode saved = train(dir.resolve(name), args.toArray(new String[0]));
            assertOptimum(ref, saved, name);
            for (JsonNode j : ref.get("features_at_lower_bound")) {
                assertEquals(ref.get("lower").get(j.asInt() - 1).asDouble(),
                        saved.get("weights").get(j.asInt() - 1).asDouble(), 0.0, name + " feature " + j + " at its bound");
            }
            for (int j = 0; j < 12; j++) {
                double w = saved.get("weights").get(j).asDouble();
                double lower = ref.get("lower").get(j).isNumber() ? ref.get("lower").get(j).asDouble()
                        : Double.NEGATIVE_INFINITY;
                assertTrue(w >= lower, name + " feature " + (j + 1) + " = " + w);
            }
        }
    }

    @Test
    void glmnetPenaltyFactorsOnCpusmall() throws IOException {
        JsonNode ref = fixture("issue16", "penalty-factors-cpusmall-least-squares-alpha1.json");
        JsonNode solution = ref.get("solutions").get(1);
        JsonNode saved = train(dir.resolve("penalty-factors"), "--data",
                shared("cpusmall_scale.libsvm").toString(), "--optimizer", "bb", "--reg-l1",
                solution.get("reg_l1_equivalent").asText(), "--penalty-factors",
                resource("penalty-factors-cpusmall.csv").toString());
        assertOptimum(solution, saved, "lasso with penalty factors, lambda " + solution.get("lambda").asText());
    }

    @Test
    void aResumeWithAChangedOptionOrBoundsFileIsRefusedNamingIt() throws IOException {
        Path data = resource("insurance-design.csv");
        Path model = dir.resolve("resumed");
        String[] base = JobRun.with(insurance(data, "tweedie"), "--output", model.toString(), "--max-iter", "3");
        JobRun first = JobRun.of(JobRun.with(new String[] {"train"}, base));
        assertEquals(0, first.exitCode(), first::toString);
        JobRun changed = JobRun.of(JobRun.with(new String[] {"train"}, JobRun.with(base, "--tweedie-power", "1.2",
                "--resume")));
        assertEquals(2, changed.exitCode(), changed::toString);
        assertTrue(changed.err().contains("--tweedie-power changed from 1.5 to 1.2"), changed::toString);
        JobRun offset = JobRun.of(JobRun.with(new String[] {"train"}, JobRun.with(base, "--weight-col", "1",
                "--resume")));
        assertEquals(2, offset.exitCode(), offset::toString);
        assertTrue(offset.err().contains("--weight-col changed from null to 1"), offset::toString);

        Path bounds = dir.resolve("insurance-bounds.csv");
        Files.writeString(bounds, "feature,lower,upper\n1,0,inf\n");
        Path bounded = dir.resolve("bounded");
        String[] withBounds = JobRun.with(base, "--output", bounded.toString(), "--bounds", bounds.toString());
        JobRun once = JobRun.of(JobRun.with(new String[] {"train"}, withBounds));
        assertEquals(0, once.exitCode(), once::toString);
        JobRun same = JobRun.of(JobRun.with(new String[] {"train"}, JobRun.with(withBounds, "--resume")));
        assertEquals(0, same.exitCode(), same::toString);
        assertTrue(same.err().contains("nothing to do"), same::toString);
        Files.writeString(bounds, "feature,lower,upper\n1,0,1\n");
        JobRun edited = JobRun.of(JobRun.with(new String[] {"train"}, JobRun.with(withBounds, "--resume")));
        assertEquals(2, edited.exitCode(), edited::toString);
        assertTrue(edited.err().contains("the --bounds file's content changed"), edited::toString);
    }

    @Test
    void badAndAllZeroWeightsAreUserErrors() throws IOException {
        Path negative = dir.resolve("negative-weight.csv");
        Files.writeString(negative, "1,2,1\n0,1,-0.5\n");
        JobRun bad = JobRun.of("train", "--data", negative.toString(), "--weight-col", "2", "--output",
                dir.resolve("bad-weight").toString());
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("negative-weight.csv:2") && bad.err().contains("negative"), bad::toString);

        Path zero = dir.resolve("zero-weights.csv");
        Files.writeString(zero, "1,2,0\n0,1,0\n");
        JobRun none = JobRun.of("train", "--data", zero.toString(), "--weight-col", "2", "--output",
                dir.resolve("zero-weight").toString());
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.err().contains("no row with a positive weight"), none::toString);
        assertTrue(!none.err().contains("\tat "), "no stack trace: " + none);
    }
}
