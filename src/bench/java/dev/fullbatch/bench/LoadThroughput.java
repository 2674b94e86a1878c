package dev.fullbatch.bench;

import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.spark.SparkEngine;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;

/**
 * {@code scripts/bench --load}: read-and-cache throughput of fullbatch's readers beside Spark's own data sources on
 * the same files in the same session ({@code local[2]}, the bench's heap). For each format, fullbatch's
 * {@link SparkEngine#load} (parse, check, cache, summary: what {@code train} does before its first pass) against
 * {@code spark.read.format(...).load(file).cache().count()}; the two alternate (fullbatch first in odd rounds) and
 * the median of the rounds is reported as one {@code BENCH} line per format and system: input bytes, seconds, MB/s
 * (10^6 bytes of input a second) and the bytes cached (memory plus disk, from Spark's storage info).
 *
 * <p>The files are generated once into the data folder and reused while their row count matches: a dense CSV
 * (label then 50 features, six decimals, a header line), the same rows as Parquet (written by Spark from the CSV),
 * and an a9a-like LIBSVM file (the lines of {@code a9a.libsvm} repeated to the row count). Spark's sources get their
 * best settings: an explicit schema for CSV (no inference pass) and {@code numFeatures} for LIBSVM.
 */
final class LoadThroughput {
    static final String USAGE = """
            usage: scripts/bench --load [--rows N] [--dir DIR] [--formats LIST] [--rounds N] [--a9a FILE]
              --rows N        rows of every file (1000000)
              --dir DIR       where the files are generated and kept ($TMPDIR/fullbatch-load)
              --formats LIST  comma-separated, from: csv,parquet,libsvm (all)
              --rounds N      alternating rounds; the median is reported (3)
              --a9a FILE      the LIBSVM lines to repeat (../shared/data/a9a.libsvm)""";
    static final int CSV_FEATURES = 50;
    static final int A9A_FEATURES = 123;
    private static final List<String> FORMATS = List.of("csv", "parquet", "libsvm");

    private final SparkSession spark;
    private final JavaSparkContext jsc;

    private LoadThroughput(SparkSession spark) {
        this.spark = spark;
        this.jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    public static void main(String[] args) throws Exception {
        long rows = 1_000_000;
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "fullbatch-load");
        List<String> formats = FORMATS;
        int rounds = 3;
        Path a9a = Path.of("../shared/data/a9a.libsvm");
        try {
            for (int i = 0; i < args.length; i++) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + args[i] + " needs a value");
                }
                String v = args[++i];
                switch (args[i - 1]) {
                    case "--rows" -> rows = Long.parseLong(v.replace("_", ""));
                    case "--dir" -> dir = Path.of(v);
                    case "--formats" -> formats = formats(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--a9a" -> a9a = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]);
                }
            }
            if (rows < 1 || rounds < 1) {
                throw new IllegalArgumentException("--rows and --rounds must be at least 1");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("bench --load: " + e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().config(Bench.sessionConf("fullbatch-bench-load")).getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        try {
            new LoadThroughput(spark).run(rows, dir, formats, rounds, a9a);
        } finally {
            spark.stop();
        }
    }

    private static List<String> formats(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!FORMATS.contains(s.strip())) {
                throw new IllegalArgumentException("--formats: unknown format '" + s
                        + "'; choose from csv,parquet,libsvm");
            }
            out.add(s.strip());
        }
        return out;
    }

    private void run(long rows, Path dir, List<String> formats, int rounds, Path a9a) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("dense-" + rows + "x" + CSV_FEATURES + ".csv");
        Path parquet = dir.resolve("dense-" + rows + "x" + CSV_FEATURES + ".parquet");
        Path libsvm = dir.resolve("a9a-like-" + rows + ".libsvm");
        if (formats.contains("csv") || formats.contains("parquet")) {
            writeDenseCsv(csv, rows);
        }
        if (formats.contains("parquet") && !Files.exists(parquet)) {
            Path partial = parquet.resolveSibling(parquet.getFileName() + ".partial");
            denseFrame(csv).coalesce(4).write().mode("overwrite").parquet(partial.toString());
            Files.move(partial, parquet);
        }
        if (formats.contains("libsvm")) {
            writeA9aLike(libsvm, a9a, rows);
        }
        System.out.printf(Locale.ROOT, "INFO master %s, heap %d MB, %d rounds, files in %s%n", Bench.MASTER,
                Runtime.getRuntime().maxMemory() >> 20, rounds, dir);
        for (String format : formats) {
            Path file = switch (format) {
                case "csv" -> csv;
                case "parquet" -> parquet;
                default -> libsvm;
            };
            long bytes = sizeOf(file);
            double[] ours = new double[rounds];
            double[] theirs = new double[rounds];
            long[] cached = new long[2];
            for (int r = 0; r < rounds; r++) {
                for (int turn = 0; turn < 2; turn++) {
                    boolean fullbatch = (turn == 0) == (r % 2 == 0);
                    System.gc();
                    long t0 = System.nanoTime();
                    long size = fullbatch ? fullbatchLoad(format, file) : sparkLoad(format, file);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    (fullbatch ? ours : theirs)[r] = seconds;
                    cached[fullbatch ? 0 : 1] = size;
                    System.out.printf(Locale.ROOT, "INFO %s round %d %s: %.2f s, %,d bytes cached%n", format, r + 1,
                            fullbatch ? "fullbatch" : "spark", seconds, size);
                }
            }
            report(format, "fullbatch", bytes, Medians.of(ours), cached[0]);
            report(format, "spark", bytes, Medians.of(theirs), cached[1]);
            System.out.printf(Locale.ROOT, "INFO load-%s: fullbatch / Spark time %.2f%n", format,
                    Medians.of(ours) / Medians.of(theirs));
        }
    }

    private static void report(String format, String system, long bytes, double seconds, long cached) {
        System.out.printf(Locale.ROOT, "BENCH workload=load-%s system=%s input_bytes=%d seconds=%.2f mb_per_s=%.1f "
                + "cached_bytes=%d%n", format, system, bytes, seconds, bytes / 1e6 / seconds, cached);
        System.out.flush();
    }

    /** Reads and caches with fullbatch's reader, as {@code train} does; returns the bytes cached. */
    private long fullbatchLoad(String format, Path file) {
        ReadOptions options = switch (format) {
            case "csv" -> ReadOptions.builder(ReadOptions.Format.CSV).labelColumn(0).header(true).build();
            case "parquet" -> ReadOptions.builder(ReadOptions.Format.PARQUET).build();
            default -> ReadOptions.libsvm();
        };
        try (LoadedData data = new SparkEngine(jsc, 2).load(file.toUri().toString(), options)) {
            data.summary();
            return cachedBytes();
        }
    }

    /** Reads and caches with Spark's own data source ({@code cache().count()}); returns the bytes cached. */
    private long sparkLoad(String format, Path file) {
        Dataset<Row> frame = switch (format) {
            case "csv" -> denseFrame(file);
            case "parquet" -> spark.read().parquet(file.toString());
            default -> spark.read().format("libsvm").option("numFeatures", Integer.toString(A9A_FEATURES))
                    .load(file.toString());
        };
        frame.cache();
        try {
            frame.count();
            return cachedBytes();
        } finally {
            frame.unpersist(true);
        }
    }

    private Dataset<Row> denseFrame(Path csv) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        for (int j = 0; j < CSV_FEATURES; j++) {
            fields.add(DataTypes.createStructField("f" + j, DataTypes.DoubleType, false));
        }
        StructType schema = DataTypes.createStructType(fields);
        return spark.read().schema(schema).option("header", "true").csv(csv.toString());
    }

    /** Memory plus disk bytes of every cached RDD (only the one being measured is cached). */
    private long cachedBytes() {
        long total = 0;
        for (RDDInfo info : jsc.sc().getRDDStorageInfo()) {
            total += info.memSize() + info.diskSize();
        }
        return total;
    }

    private static long sizeOf(Path file) throws IOException {
        if (!Files.isDirectory(file)) {
            return Files.size(file);
        }
        try (Stream<Path> files = Files.walk(file)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> !p.getFileName().toString().startsWith("_")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    /** Label then {@value #CSV_FEATURES} features, each {@code -?d.dddddd} (about 9 bytes), a header line first. */
    static void writeDenseCsv(Path file, long rows) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        SplittableRandom random = new SplittableRandom(21);
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.US_ASCII), 1 << 20)) {
            StringBuilder line = new StringBuilder("label");
            for (int j = 0; j < CSV_FEATURES; j++) {
                line.append(",f").append(j);
            }
            out.write(line.append('\n').toString());
            long[] micros = new long[CSV_FEATURES];
            for (long i = 0; i < rows; i++) {
                // A label linear in the features (plus nothing): any real label serves a read benchmark.
                long label = 0;
                for (int j = 0; j < CSV_FEATURES; j++) {
                    micros[j] = Math.round((random.nextDouble() * 4 - 2) * 1e6);
                    label += micros[j] * (j % 7 - 3);
                }
                line.setLength(0);
                appendMicros(line, label / CSV_FEATURES);
                for (long v : micros) {
                    appendMicros(line.append(','), v);
                }
                out.write(line.append('\n').toString());
            }
        }
        Files.move(partial, file);
    }

    private static void appendMicros(StringBuilder b, long micros) {
        if (micros < 0) {
            b.append('-');
            micros = -micros;
        }
        b.append(micros / 1_000_000).append('.');
        String frac = Long.toString(micros % 1_000_000);
        b.append("000000", 0, 6 - frac.length()).append(frac);
    }

    /** The lines of {@code a9a} repeated to {@code rows} lines. */
    static void writeA9aLike(Path file, Path a9a, long rows) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(a9a, StandardCharsets.US_ASCII);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.US_ASCII), 1 << 20)) {
            for (long i = 0; i < rows; i++) {
                out.write(lines.get((int) (i % lines.size())));
                out.write('\n');
            }
        }
        Files.move(partial, file);
    }
}
