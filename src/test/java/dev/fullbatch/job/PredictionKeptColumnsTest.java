package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.LocalEngine;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.spark.SparkEngine;
import dev.fullbatch.spark.SparkTestSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.spark.api.java.JavaSparkContext;
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
 * Predictions pass the input columns named by {@code --id-col} and {@code --keep-cols} through, row for row, before
 * the row's file and position: CSV cells as their text, Parquet values with their type; Parquet predictions name
 * every row's file and 0-based row index. The expected values come from reading the input files directly (plain
 * text, parquet-hadoop's own reader), and the output is the same at 1 and 7 partitions and on the local engine.
 */
class PredictionKeptColumnsTest {
    private static final double[] PARAMS = {0.5, -1.25, 2.0, 0.125, 0.3};

    @TempDir
    static Path dir;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        jsc = SparkTestSession.start("local[2]");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    // ---------------------------------------------------------------------------------------------------- CSV

    /** Two CSV files: id (a feature, written with leading zeros and blanks), label, x1..x3; bad and blank lines. */
    private static Path csvInput() throws IOException {
        Path folder = dir.resolve("csv");
        if (Files.exists(folder)) {
            return folder;
        }
        Files.createDirectories(folder);
        Random random = new Random(14);
        int id = 0;
        for (String name : List.of("a.csv", "b.csv")) {
            List<String> lines = new ArrayList<>(List.of("id,label,x1,x2,x3"));
            for (int i = 0; i < 150; i++) {
                int kind = random.nextInt(15);
                String ident = kind == 3 ? " " + (++id) + " " : String.format("%06d", ++id);
                if (kind == 0) {
                    lines.add("");
                } else if (kind == 1) {
                    lines.add(ident + ",oops,1,2,3");
                } else {
                    lines.add(ident + "," + random.nextInt(4) + "," + random.nextInt(100) / 4.0 + ","
                            + (random.nextInt(100) / 4.0 + (kind == 2 ? "0" : "")) + "," + random.nextInt(9));
                }
            }
            Files.write(folder.resolve(name), lines);
        }
        return folder;
    }

    /** "id,x2,file-name,line" of every good row, from the files' text: the cells' characters, blanks trimmed. */
    private static List<String> expectedCsv(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : List.of("a.csv", "b.csv")) {
            List<String> lines = Files.readAllLines(folder.resolve(name));
            for (int i = 1; i < lines.size(); i++) {
                String[] cells = lines.get(i).split(",", -1);
                if (cells.length == 5 && !cells[1].equals("oops")) {
                    out.add(cells[0].strip() + "," + cells[3].strip() + "," + name + "," + (i + 1));
                }
            }
        }
        return out;
    }

    private static ReadOptions csvOptions(int partitions) {
        return ReadOptions.builder(ReadOptions.Format.CSV).header(true).labelColumn(1).numFeatures(4)
                .skipBadRecords(Long.MAX_VALUE).blockBytes(1024).partitions(partitions)
                .keptColumns(List.of("id", "x2")).build();
    }

    @Test
    void csvPredictionsStartWithTheKeptCellsTextRowForRowAtAnyPartitioning() throws IOException {
        Path folder = csvInput();
        assertTrue(Files.size(folder.resolve("a.csv")) > 2 * 1024, "several blocks per file");
        String uri = folder.toUri().toString();
        List<List<String>> one;
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, csvOptions(1))) {
            one = predict(data, "csv-1", ReadOptions.Format.CSV, RowOutputs.Format.CSV);
        }
        List<List<String>> seven;
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, csvOptions(7))) {
            seven = predict(data, "csv-7", ReadOptions.Format.CSV, RowOutputs.Format.CSV);
        }
        List<List<String>> local;
        try (LoadedData data = new LocalEngine(new Configuration()).load(uri, csvOptions(0))) {
            local = predict(data, "csv-local", ReadOptions.Format.CSV, RowOutputs.Format.CSV);
        }
        assertEquals(List.of("id", "x2", "file", "line", "label", "prediction"), one.get(0));
        List<String> expected = expectedCsv(folder);
        assertTrue(expected.stream().anyMatch(r -> r.startsWith("000")), "ids with leading zeros");
        assertTrue(expected.stream().anyMatch(r -> r.contains(".50,") || r.contains(".00,")), "x2 with a 0 appended");
        assertEquals(expected, identities(one, 2));
        assertEquals(one, seven, "1 and 7 partitions");
        assertEquals(one, local, "Spark and the local engine");
    }

    // ------------------------------------------------------------------------------------------------ Parquet

    private static final StructType PARQUET_SCHEMA = new StructType().add("id", DataTypes.LongType, false)
            .add("name", DataTypes.StringType, true).add("label", DataTypes.DoubleType, true)
            .add("x1", DataTypes.DoubleType, true).add("x2", DataTypes.DoubleType, true)
            .add("x3", DataTypes.DoubleType, true).add("day", DataTypes.DateType, true);

    /** Two Parquet files of small row groups: some names null or holding commas and quotes, some labels null. */
    private static Path parquetInput() {
        Path folder = dir.resolve("parquet");
        if (Files.exists(folder)) {
            return folder;
        }
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        Random random = new Random(7);
        long id = 1000;
        for (String part : List.of("a", "b")) {
            List<Row> rows = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                int kind = random.nextInt(12);
                String name = kind == 0 ? null : kind == 1 ? "say \"hi\", " + i : "n" + i;
                Double label = kind == 2 ? null : (double) random.nextInt(4);
                rows.add(RowFactory.create(id++, name, label, random.nextInt(40) / 4.0, random.nextInt(40) / 8.0,
                        (double) random.nextInt(5), Date.valueOf(LocalDate.of(2026, 1, 1).plusDays(i))));
            }
            spark.createDataFrame(rows, PARQUET_SCHEMA).coalesce(1).write().option("parquet.block.size", "2048")
                    .parquet(folder.resolve(part).toString());
        }
        return folder;
    }

    /**
     * "id,name,day,x2,file,row" of every row with a label, read with parquet-hadoop's example reader (row index:
     * the record's position in its file), files in path order.
     */
    private static List<String> expectedParquet(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> all = Files.walk(folder)) {
            files = all.filter(p -> p.getFileName().toString().endsWith(".parquet")).sorted().toList();
        }
        assertEquals(2, files.size());
        List<String> out = new ArrayList<>();
        for (Path file : files) {
            try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                    new org.apache.hadoop.fs.Path(file.toUri())).build()) {
                long row = 0;
                for (Group g = reader.read(); g != null; g = reader.read(), row++) {
                    if (g.getFieldRepetitionCount("label") == 0) {
                        continue;
                    }
                    String name = g.getFieldRepetitionCount("name") == 0 ? "" : csvCell(g.getString("name", 0));
                    out.add(g.getLong("id", 0) + "," + name + ","
                            + LocalDate.ofEpochDay(g.getInteger("day", 0)) + "," + g.getDouble("x2", 0) + ","
                            + folder.relativize(file) + "," + row);
                }
            }
        }
        return out;
    }

    private static ReadOptions parquetOptions(int partitions, List<String> kept) {
        return ReadOptions.builder(ReadOptions.Format.PARQUET).numFeatures(3)
                .parquetColumns(new ParquetColumns("label", null, List.of("x1", "x2", "x3")))
                .skipBadRecords(Long.MAX_VALUE).blockBytes(1024).partitions(partitions).keptColumns(kept)
                .rowIdentity(true).build();
    }

    @Test
    void parquetPredictionsCarryKeptValuesWithTheirTypesAndEveryRowsFileAndRowIndex() throws IOException {
        Path folder = parquetInput();
        String uri = folder.toUri().toString();
        List<String> kept = List.of("id", "name", "day", "x2");
        List<List<String>> one;
        List<List<String>> seven;
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, parquetOptions(1, kept))) {
            assertTrue(data.summary().badRecords() > 0, "rows without a label are skipped");
            one = predict(data, "parquet-1", ReadOptions.Format.PARQUET, RowOutputs.Format.CSV);
            predict(data, "parquet-typed", ReadOptions.Format.PARQUET, RowOutputs.Format.PARQUET);
        }
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, parquetOptions(7, kept))) {
            seven = predict(data, "parquet-7", ReadOptions.Format.PARQUET, RowOutputs.Format.CSV);
        }
        assertEquals(List.of("id", "name", "day", "x2", "file", "row", "label", "prediction"), one.get(0));
        List<String> expected = expectedParquet(folder);
        List<String> got = new ArrayList<>();
        for (List<String> row : one.subList(1, one.size())) {
            String file = Path.of(URI.create(row.get(4)).getPath()).toString();
            got.add(row.get(0) + "," + csvCell(row.get(1)) + "," + row.get(2) + "," + row.get(3) + ","
                    + folder.relativize(Path.of(file)) + "," + row.get(5));
        }
        assertEquals(expected, got);
        assertEquals(one, seven, "1 and 7 partitions");

        // Parquet predictions keep the input's types
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        StructType written = spark.read().parquet(dir.resolve("parquet-typed").toString()).schema();
        for (String name : kept) {
            assertEquals(PARQUET_SCHEMA.apply(name).dataType(), written.apply(name).dataType(), name);
        }
        assertEquals(DataTypes.LongType, written.apply("row").dataType());
    }

    @Test
    void parquetPredictionsWithoutKeptColumnsStillNameEveryRowsFileAndRow() throws IOException {
        Path folder = parquetInput();
        List<List<String>> rows;
        try (LoadedData data = new SparkEngine(jsc, 2).load(folder.toUri().toString(), parquetOptions(3, List.of()))) {
            rows = predict(data, "parquet-no-kept", ReadOptions.Format.PARQUET, RowOutputs.Format.CSV);
        }
        assertEquals(List.of("file", "row", "label", "prediction"), rows.get(0));
        List<String> expected = expectedParquet(folder).stream()
                .map(r -> r.substring(nthComma(r, 4) + 1)).toList();
        List<String> got = rows.subList(1, rows.size()).stream()
                .map(r -> folder.relativize(Path.of(URI.create(r.get(0)).getPath())) + "," + r.get(1)).toList();
        assertEquals(expected, got);
    }

    @Test
    void anUnknownKeptColumnIsRefusedNamingItAndTheColumnsThereAre() throws IOException {
        String csv = csvInput().toUri().toString();
        BadInputException text = assertThrows(BadInputException.class, () -> new LocalEngine(new Configuration())
                .load(csv, csvOptions(0).toBuilder().keptColumns(List.of("id", "nope")).build()));
        assertTrue(text.getMessage().contains("'nope' is not a column")
                && text.getMessage().contains("id, label, x1, x2, x3"), text.getMessage());
        String parquet = parquetInput().toUri().toString();
        BadInputException columnar = assertThrows(BadInputException.class, () -> new SparkEngine(jsc, 2)
                .load(parquet, parquetOptions(0, List.of("nope"))));
        assertTrue(columnar.getMessage().contains("no column 'nope'")
                && columnar.getMessage().contains("id bigint, name string"), columnar.getMessage());
    }

    // ----------------------------------------------------------------------------------------- command line

    @Test
    void predictPassesIdAndKeptColumnsThroughAndRefusesWhatItCannotKeep() throws IOException {
        Path folder = csvInput();
        Path model = dir.resolve("csv-model");
        JobRun train = JobRun.of("train", "--data", folder.toString(), "--format", "csv", "--header",
                "--label-col", "1", "--bad-records", "skip", "--max-iter", "3", "--output", model.toString());
        assertEquals(0, train.exitCode(), train::toString);
        String[] predict = {"predict", "--model", model.toString(), "--data", folder.toString(), "--bad-records",
            "skip", "--output", dir.resolve("csv-scored").toString()};

        JobRun run = JobRun.of(JobRun.with(predict, "--id-col", "id", "--keep-cols", "x2"));
        assertEquals(0, run.exitCode(), run::toString);
        List<List<String>> rows = readCsv(dir.resolve("csv-scored").resolve("predictions"));
        assertEquals(List.of("id", "x2", "file", "line", "label", "prediction"), rows.get(0));
        assertEquals(expectedCsv(folder), identities(rows, 2));

        JobRun unknown = JobRun.of(JobRun.with(predict, "--id-col", "ident", "--output",
                dir.resolve("unknown").toString()));
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertTrue(unknown.err().contains("'ident' is not a column") && unknown.err().contains("id, label, x1"),
                unknown::toString);
        assertFalse(unknown.err().contains("\tat "), "no stack trace: " + unknown.err());

        JobRun clash = JobRun.of(JobRun.with(predict, "--keep-cols", "x2,Prediction", "--output",
                dir.resolve("clash").toString()));
        assertEquals(2, clash.exitCode(), clash::toString);
        assertTrue(clash.err().contains("--keep-cols 'Prediction'") && clash.err().contains("'prediction'"),
                clash::toString);

        JobRun headerless = JobRun.of(JobRun.with(predict, "--id-col", "id", "--header", "false", "--output",
                dir.resolve("headerless").toString()));
        assertEquals(2, headerless.exitCode(), headerless::toString);
        assertTrue(headerless.err().contains("--id-col names an input column, which needs CSV with a header"),
                headerless::toString);

        JobRun libsvm = JobRun.of(JobRun.with(predict, "--id-col", "id", "--format", "libsvm", "--output",
                dir.resolve("libsvm").toString()));
        assertEquals(2, libsvm.exitCode(), libsvm::toString);
        assertTrue(libsvm.err().contains("needs CSV with a header (--format csv --header) or Parquet; --data is "
                + "read as libsvm"), libsvm::toString);

        // Files with two more columns, kept only: their cells may be any text, and they are not features; x2, which
        // the model names as a feature, stays one while kept.
        Path extra = dir.resolve("csv-extra");
        Files.createDirectories(extra);
        for (String name : List.of("a.csv", "b.csv")) {
            List<String> lines = new ArrayList<>();
            List<String> plain = Files.readAllLines(folder.resolve(name));
            for (int i = 0; i < plain.size(); i++) {
                String line = plain.get(i);
                lines.add(i == 0 ? line + ",key,note" : line.isEmpty() ? line : line + ",k-" + name + "-" + i + ","
                        + (i % 5 == 0 ? "" : "note " + i));
            }
            Files.write(extra.resolve(name), lines);
        }
        JobRun extraRun = JobRun.of(JobRun.with(predict, "--data", extra.toString(), "--id-col", "key",
                "--keep-cols", "note,x2", "--output", dir.resolve("csv-extra-scored").toString()));
        assertEquals(0, extraRun.exitCode(), extraRun::toString);
        List<List<String>> extraRows = readCsv(dir.resolve("csv-extra-scored").resolve("predictions"));
        assertEquals(List.of("key", "note", "x2", "file", "line", "label", "prediction"), extraRows.get(0));
        List<String> expectedExtra = new ArrayList<>();
        for (String row : expectedCsv(folder)) {
            String[] f = row.split(",");
            int line = Integer.parseInt(f[3]) - 1;
            expectedExtra.add("k-" + f[2] + "-" + line + "," + (line % 5 == 0 ? "" : "note " + line) + "," + f[1]
                    + "," + f[2] + "," + f[3]);
        }
        assertEquals(expectedExtra, identities(extraRows, 3));
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(i).subList(4, 6), extraRows.get(i).subList(5, 7), "the same label and prediction");
        }
        JobRun mixed = JobRun.of(JobRun.with(predict, "--data", extra.toString(), "--id-col", "key",
                "--output", dir.resolve("mixed").toString()));
        assertEquals(2, mixed.exitCode(), mixed::toString);
        assertTrue(mixed.err().contains("has 7 columns") && mixed.err().contains("--id-col/--keep-cols"),
                mixed::toString);

        for (String refused : List.of("unknown", "clash", "headerless", "libsvm", "mixed")) {
            assertFalse(Files.exists(dir.resolve(refused).resolve("predictions")), refused);
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** Writes the predictions of a fixed linear model and reads them back: header first, then the rows. */
    private static List<List<String>> predict(LoadedData data, String name, ReadOptions.Format input,
                                              RowOutputs.Format format) throws IOException {
        int d = data.summary().numFeatures();
        PredictionWriter writer = new PredictionWriter(
                new LinearObjective(LossKind.LEAST_SQUARES.create(2, 1.0), d, true), LossKind.LEAST_SQUARES,
                java.util.Arrays.copyOfRange(PARAMS, PARAMS.length - d - 1, PARAMS.length), 0, input);
        Path target = dir.resolve(name);
        writer.write(data, target.toString(), format);
        return format == RowOutputs.Format.CSV ? readCsv(target) : List.of();
    }

    /** The rows of a folder of CSV part files, the header once, each line split as RFC 4180 says. */
    private static List<List<String>> readCsv(Path folder) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        List<List<String>> rows = new ArrayList<>();
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            for (int i = rows.isEmpty() ? 0 : 1; i < lines.size(); i++) {
                rows.add(splitRfc4180(lines.get(i)));
            }
        }
        return rows;
    }

    private static List<String> splitRfc4180(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int k = 0; k < line.length(); k++) {
            char c = line.charAt(k);
            if (quoted && c == '"' && k + 1 < line.length() && line.charAt(k + 1) == '"') {
                cell.append('"');
                k++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells;
    }

    /** "k kept values,file-name,line" of every prediction row. */
    private static List<String> identities(List<List<String>> rows, int kept) {
        List<String> out = new ArrayList<>();
        for (List<String> row : rows.subList(1, rows.size())) {
            List<String> values = new ArrayList<>(row.subList(0, kept));
            values.add(Path.of(URI.create(row.get(kept)).getPath()).getFileName().toString());
            values.add(row.get(kept + 1));
            out.add(String.join(",", values));
        }
        return out;
    }

    /** A value as a comparable token: commas and quotes escaped so that joined rows stay unambiguous. */
    private static String csvCell(String value) {
        return value.replace("\\", "\\\\").replace(",", "\\c").replace("\"", "\\q");
    }

    private static int nthComma(String s, int n) {
        int at = -1;
        for (int k = 0; k < n; k++) {
            at = s.indexOf(',', at + 1);
        }
        return at;
    }
}
