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
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
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

/**
 * Parquet input through the real command line: the same rows as Parquet (a vector column, dense and sparse, or
 * numeric columns) and as LIBSVM train the same model; the bits do not depend on the partitioning; predict reads
 * Parquet; bad values exit 2 naming the file, the row and the column. One shared session.
 */
class ParquetInputTest {
    private static final int FEATURES = 8;
    private static final String[] TRAIN = {"--objective", "logistic", "--reg-l2", "1e-3", "--optimizer", "lbfgs",
        "--max-iter", "15", "--tol", "0"};

    private static SparkSession spark;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    /** The rows of three files, in path order. */
    private static List<List<Sample>> chunks;
    private static Path vectorFolder;
    private static Path libsvmFolder;
    private static Path numericFile;
    private static Path libsvmFile;
    /** The model of the LIBSVM folder with the default options, trained once for the class. */
    private static ModelBits libsvmFolderModel;

    record Sample(double label, double[] x) {
    }

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-parquet-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "4").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        SplittableRandom rnd = new SplittableRandom(11);
        chunks = List.of(samples(rnd, 700), samples(rnd, 500), samples(rnd, 800));
        vectorFolder = shared.resolve("vectors");
        libsvmFolder = shared.resolve("libsvm");
        String[] names = {"a", "b", "c"};
        for (int i = 0; i < chunks.size(); i++) {
            writeVectors(vectorFolder.resolve(names[i]), chunks.get(i), i);
            writeLibsvm(libsvmFolder.resolve(names[i] + ".libsvm"), chunks.get(i));
        }
        List<Sample> all = all();
        numericFile = shared.resolve("numeric.parquet");
        writeNumeric(numericFile, all);
        libsvmFile = writeLibsvm(shared.resolve("all.libsvm"), all);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static List<Sample> all() {
        List<Sample> all = new ArrayList<>();
        chunks.forEach(all::addAll);
        return all;
    }

    private static List<Sample> samples(SplittableRandom rnd, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] x = new double[FEATURES];
            double margin = 0;
            for (int j = 0; j < FEATURES; j++) {
                if (rnd.nextDouble() < 0.7) {
                    x[j] = Math.round((rnd.nextDouble() * 4 - 2) * 1e4) / 1e4;
                    margin += x[j] * ((j % 5) - 2);
                }
            }
            out.add(new Sample(margin + rnd.nextDouble() - 0.5 > 0 ? 1 : -1, x));
        }
        return out;
    }

    private static Path writeLibsvm(Path file, List<Sample> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Sample s : rows) {
            sb.append((int) s.label());
            for (int j = 0; j < FEATURES; j++) {
                if (s.x()[j] != 0) {
                    sb.append(' ').append(j + 1).append(':').append(s.x()[j]);
                }
            }
            sb.append('\n');
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, sb.toString());
        return file;
    }

    /** label, features (every other row dense, the rest sparse), id: one Parquet file in {@code folder}. */
    private static void writeVectors(Path folder, List<Sample> rows, int chunk) {
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Sample s = rows.get(i);
            out.add(RowFactory.create(s.label(), i % 2 == 0 ? Vectors.dense(s.x()) : Vectors.dense(s.x()).toSparse(),
                    "row-" + chunk + "-" + i));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType, true)
                .add("features", new VectorUDT(), true).add("id", DataTypes.StringType, false);
        // Small row groups (about 100 rows), so that Spark can split a file between tasks.
        spark.createDataFrame(out, schema).coalesce(1).write().option("parquet.block.size", "4096")
                .parquet(folder.toString());
    }

    /** id, f.1..f.8, label: numeric columns (dotted names) with the label last and a string column to leave out. */
    private static void writeNumeric(Path folder, List<Sample> rows) {
        List<Row> out = new ArrayList<>();
        StructType schema = new StructType().add("id", DataTypes.StringType, false);
        for (int j = 1; j <= FEATURES; j++) {
            schema = schema.add("f." + j, DataTypes.DoubleType, true);
        }
        schema = schema.add("label", DataTypes.DoubleType, true);
        for (int i = 0; i < rows.size(); i++) {
            Object[] v = new Object[FEATURES + 2];
            v[0] = "row-" + i;
            for (int j = 0; j < FEATURES; j++) {
                v[1 + j] = rows.get(i).x()[j];
            }
            v[FEATURES + 1] = rows.get(i).label();
            out.add(RowFactory.create(v));
        }
        spark.createDataFrame(out, schema).coalesce(1).write().parquet(folder.toString());
    }

    private static String[] train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", out.toString()));
        args.addAll(List.of(TRAIN));
        args.addAll(List.of(more));
        return args.toArray(new String[0]);
    }

    private ModelBits trained(Path data, String name, String... more) throws IOException {
        Path out = dir.resolve(name);
        JobRun run = JobRun.of(train(data, out, more));
        assertEquals(0, run.exitCode(), run::toString);
        return ModelBits.of(out);
    }

    private ModelBits libsvmFolderModel() throws IOException {
        if (libsvmFolderModel == null) {
            libsvmFolderModel = trained(libsvmFolder, "libsvm");
        }
        return libsvmFolderModel;
    }

    private static void assertClose(List<Long> expected, List<Long> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            double a = Double.longBitsToDouble(expected.get(i));
            double b = Double.longBitsToDouble(actual.get(i));
            assertTrue(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)),
                    what + "[" + i + "]: " + a + " vs " + b);
        }
    }

    @Test
    void vectorColumnTrainsTheSameBitsAsLibsvm() throws IOException {
        // One block per file either way (files far below the block size), so the blocks are identical.
        ModelBits libsvm = libsvmFolderModel();
        Path out = dir.resolve("parquet");
        JobRun run = JobRun.of(train(vectorFolder, out));
        assertEquals(0, run.exitCode(), run::toString);
        ModelBits.assertSame(libsvm, ModelBits.of(out), "Parquet vector column vs LIBSVM");
        JsonNode model = SavedModel.parse(Files.readString(out.resolve("model.json")));
        assertEquals("parquet", model.get("config").get("format").asText(), "chosen for a folder of .parquet files");
        assertEquals("features", model.get("data").get("columns").get("featuresCol").asText());
        assertEquals(2000, model.get("data").get("rows").asLong());
        assertEquals(3, model.get("data").get("files").size());
        assertEquals(700, model.get("data").get("files").get(0).get("rows").asLong());
        assertTrue(run.err().contains("2,000 rows, 8 features, dense, 3 blocks"), run.err());
    }

    @Test
    void partitioningNeverChangesTheBits() throws IOException {
        // --block-size 16384 cuts 64-row blocks, so every file spans several blocks and partitions.
        ModelBits one = trained(vectorFolder, "p1", "--block-size", "16384", "--partitions", "1");
        for (int partitions : new int[] {3, 8}) {
            ModelBits.assertSame(one, trained(vectorFolder, "p" + partitions, "--block-size", "16384",
                    "--partitions", Integer.toString(partitions)), "--partitions " + partitions);
        }
        // Spark splitting every file at row groups between many scan tasks changes nothing either.
        spark.conf().set("spark.sql.files.maxPartitionBytes", "8192");
        try {
            ModelBits.assertSame(one, trained(vectorFolder, "split", "--block-size", "16384", "--partitions", "3"),
                    "files split between scan tasks");
        } finally {
            spark.conf().unset("spark.sql.files.maxPartitionBytes");
        }
        ModelBits libsvm = libsvmFolderModel();
        assertClose(libsvm.weights(), one.weights(), "weights");
        assertClose(libsvm.intercept(), one.intercept(), "intercept");
        assertClose(List.of(libsvm.objectiveValue()), List.of(one.objectiveValue()), "objective");
    }

    @Test
    void sparseLayoutAndFloatStorageMatchLibsvmToo() throws IOException {
        String[] opts = {"--layout", "sparse", "--feature-storage", "float32"};
        ModelBits libsvm = trained(libsvmFolder, "libsvm", opts);
        ModelBits.assertSame(libsvm, trained(vectorFolder, "parquet", opts), "sparse float32 layout");
    }

    @Test
    void numericColumnsDefaultToEveryNumberButTheLabel() throws IOException {
        ModelBits libsvm = trained(libsvmFile, "libsvm");
        Path out = dir.resolve("numeric");
        JobRun run = JobRun.of(train(numericFile, out));
        assertEquals(0, run.exitCode(), run::toString);
        ModelBits.assertSame(libsvm, ModelBits.of(out), "numeric columns vs LIBSVM");
        JsonNode columns = SavedModel.parse(Files.readString(out.resolve("model.json"))).get("data").get("columns");
        assertEquals("[\"f.1\",\"f.2\",\"f.3\",\"f.4\",\"f.5\",\"f.6\",\"f.7\",\"f.8\"]",
                columns.get("featureCols").toString());

        List<String> reversed = new ArrayList<>();
        for (int j = FEATURES; j >= 1; j--) {
            reversed.add("f." + j);
        }
        ModelBits flipped = trained(numericFile, "reversed", "--feature-cols", String.join(",", reversed));
        List<Long> back = new ArrayList<>(flipped.weights());
        java.util.Collections.reverse(back);
        assertClose(libsvm.weights(), back, "weights of --feature-cols in reverse order, reversed");
    }

    @Test
    void predictReadsParquetAndKeepsTheInputOrder() throws Exception {
        Path model = dir.resolve("model");
        JobRun training = JobRun.of(train(vectorFolder, model, "--block-size", "16384", "--partitions", "3",
                "--validation", vectorFolder.toString()));
        assertEquals(0, training.exitCode(), training::toString);
        Path scored = dir.resolve("scored");
        JobRun run = JobRun.of("predict", "--model", model.toString(), "--data", vectorFolder.toString(),
                "--output", scored.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode metrics = SavedModel.parse(Files.readString(scored.resolve("metrics.json")));
        JsonNode trainedMetrics = SavedModel.parse(Files.readString(model.resolve("metrics.json")));
        assertEquals(trainedMetrics.get("accuracy").asDouble(), metrics.get("accuracy").asDouble());
        List<Double> labels = new ArrayList<>();
        try (Stream<Path> parts = Files.list(scored.resolve("predictions"))) {
            for (Path p : parts.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList()) {
                List<String> lines = Files.readAllLines(p);
                assertEquals("file,row,label,prediction,probability", lines.get(0), "predictions of Parquet start "
                        + "with the row's file and row index");
                for (String line : lines.subList(1, lines.size())) {
                    labels.add(Double.parseDouble(line.split(",")[2]));
                }
            }
        }
        assertEquals(all().stream().map(Sample::label).toList(), labels, "predictions in input order");

        Path numericModel = dir.resolve("numeric-model");
        assertEquals(0, JobRun.of(train(numericFile, numericModel)).exitCode());
        JobRun numeric = JobRun.of("predict", "--model", numericModel.toString(), "--data", numericFile.toString(),
                "--output", dir.resolve("scored-numeric").toString());
        assertEquals(0, numeric.exitCode(), numeric::toString);

        // --id-col passes the string id through, typed, in Parquet predictions; each id "row-C-I" was written as row
        // I of file C, which is the row index the predictions name
        Path withIds = dir.resolve("scored-ids");
        JobRun ids = JobRun.of("predict", "--model", model.toString(), "--data", vectorFolder.toString(),
                "--output", withIds.toString(), "--id-col", "id", "--predictions-format", "parquet");
        assertEquals(0, ids.exitCode(), ids::toString);
        Dataset<Row> scoredIds = spark.read().parquet(withIds.resolve("predictions").toString());
        assertEquals(List.of("id", "file", "row", "label", "prediction", "probability"),
                List.of(scoredIds.schema().fieldNames()));
        assertEquals(DataTypes.StringType, scoredIds.schema().apply("id").dataType());
        List<String> seen = new ArrayList<>();
        for (Row r : scoredIds.collectAsList()) {
            String file = r.getString(1);
            String chunk = file.substring(file.indexOf("/vectors/") + "/vectors/".length()).substring(0, 1);
            seen.add(r.getString(0) + " " + "abc".indexOf(chunk) + " " + r.getLong(2));
        }
        List<String> expectedIds = new ArrayList<>();
        for (int c = 0; c < chunks.size(); c++) {
            for (int i = 0; i < chunks.get(c).size(); i++) {
                expectedIds.add("row-" + c + "-" + i + " " + c + " " + i);
            }
        }
        java.util.Collections.sort(seen);
        java.util.Collections.sort(expectedIds);
        assertEquals(expectedIds, seen);
    }

    @Test
    void badValuesExitTwoNamingFileRowAndColumn() throws IOException {
        Path data = dir.resolve("bad");
        List<Sample> rows = chunks.get(0).subList(0, 50);
        writeVectors(data.resolve("a"), rows, 0);
        List<Row> broken = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            double[] x = rows.get(i).x().clone();
            Double label = rows.get(i).label();
            if (i == 4) {
                label = null;
            }
            if (i == 9) {
                x[3] = Double.NaN;
            }
            broken.add(RowFactory.create(label, Vectors.dense(x), "r" + i));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType, true)
                .add("features", new VectorUDT(), true).add("id", DataTypes.StringType, false);
        spark.createDataFrame(broken, schema).coalesce(1).write().parquet(data.resolve("b").toString());
        spark.createDataFrame(List.of(), schema).coalesce(1).write().parquet(data.resolve("c").toString());

        Path out = dir.resolve("m");
        JobRun run = JobRun.of(train(data, out));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().matches("(?s).*/b/part-[^ ]*\\.parquet row 5: column 'label' is null.*"), run.err());
        assertTrue(run.err().contains("--bad-records skip"), run.err());
        assertFalse(run.err().contains("at dev.fullbatch"), "no stack trace: " + run.err());
        assertFalse(Files.exists(out));

        JobRun skipped = JobRun.of(train(data, out, "--bad-records", "skip"));
        assertEquals(0, skipped.exitCode(), skipped::toString);
        JsonNode model = SavedModel.parse(Files.readString(out.resolve("model.json")));
        assertEquals(2, model.get("data").get("badRecords").asLong());
        assertEquals(98, model.get("data").get("rows").asLong());
        String report = Files.readString(out.resolve("bad-records.txt"));
        assertTrue(report.contains("row 10: column 'features' holds NaN at index 3"), report);

        JobRun tooMany = JobRun.of(train(data, dir.resolve("m2"), "--bad-records", "skip", "--max-bad-records",
                "1"));
        assertEquals(2, tooMany.exitCode(), tooMany::toString);
        assertTrue(tooMany.err().contains("2 bad rows exceed --max-bad-records 1"), tooMany.err());
    }

    @Test
    void missingOrMistypedColumnsExitTwoNamingTheColumn() {
        record Case(String expected, String... options) {
        }
        for (Case c : List.of(
                new Case("has no column 'target'", "--label-col", "target"),
                new Case("column 'id' of", "--label-col", "id"),
                new Case("'id'", "--features-col", "id"),
                new Case("not a Spark ML vector", "--features-col", "id"),
                new Case("has no column 'f9'", "--feature-cols", "f9"),
                new Case("column 'features' of", "--feature-cols", "features"),
                new Case("conflict", "--features-col", "features", "--feature-cols", "f1"))) {
            Path out = dir.resolve("x");
            JobRun run = JobRun.of(train(vectorFolder, out, c.options()));
            assertEquals(2, run.exitCode(), () -> Arrays.toString(c.options()) + ": " + run);
            assertTrue(run.err().contains(c.expected()), () -> Arrays.toString(c.options()) + ": " + run.err());
            assertFalse(run.err().contains("at dev.fullbatch"), "no stack trace: " + run.err());
            assertFalse(Files.exists(out));
        }
        Path mixed = dir.resolve("mixed");
        writeVectors(mixed.resolve("a"), chunks.get(0).subList(0, 20), 0);
        spark.createDataFrame(List.of(RowFactory.create(1, Vectors.dense(new double[FEATURES]), "z")),
                new StructType().add("label", DataTypes.IntegerType).add("features", new VectorUDT())
                        .add("id", DataTypes.StringType)).coalesce(1).write().parquet(mixed.resolve("b").toString());
        JobRun types = JobRun.of(train(mixed, dir.resolve("z")));
        assertEquals(2, types.exitCode(), types::toString);
        assertTrue(types.err().matches("(?s).*column 'label' of [^ ]*/b/part-[^ ]*\\.parquet is int but double "
                + "in .*"), types.err());

        JobRun text = JobRun.of(train(libsvmFile, dir.resolve("y"), "--features-col", "features"));
        assertEquals(2, text.exitCode(), text::toString);
        assertTrue(text.err().contains("Parquet input only"), text.err());
    }
}
