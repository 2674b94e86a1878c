package dev.fullbatch.spark;

import static org.apache.spark.sql.functions.col;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CategoricalColumn;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.input.InputListing;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.RowWeighting;
import dev.fullbatch.input.ReadOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkThrowable;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Reads Parquet input through Spark SQL into the same cached blocks as {@link BlockLoader} reads text into, with
 * the same global row order: files sorted by path, then row order within a file.
 *
 * <p>Block contents depend only on the input, never on how Spark splits or partitions it. The files are listed as
 * for text; one light job reads every file's footer (its row count, and that it has the columns
 * read with the same types as the first file; no column data is read); every file is cut into blocks of
 * {@link #rowsPerBlock(long) R} rows ({@link ReadOptions#blockBytes()} / {@value #BYTES_PER_ROW}), so the cut is
 * fixed before any row is read. The read selects the label, the features, {@code _metadata.file_path} and
 * {@code _metadata.row_index}; every scan task checks its rows and packs each run of consecutive rows of one block
 * into a {@link RowRun} keyed by its first global row number; one shuffle
 * ({@code repartitionAndSortWithinPartitions}) brings every block's runs, in order, into one partition, where they
 * are joined into the block and cached with the requested storage level. Partitions hold contiguous
 * ranges of blocks, so the cached data is in input order (predictions come out in input order).
 *
 * <p>Numeric columns only (no vector, categorical, hashed or kept columns) in files written with a Spark schema take
 * a shorter road to the same blocks: {@link ParquetBlockScan} reads each task's contiguous range of whole blocks
 * straight from the column chunks into dense blocks, cached once, with no Spark SQL rows and no shuffle. When the
 * summary then lays the data out sparsely ({@code --layout auto} on mostly zeros), those blocks are dropped and the
 * row path reads the input.
 *
 * <p>A missing or mistyped column, or an unreadable file, is a {@link BadInputException}; a null, NaN or infinite
 * label or feature is a bad row, named by file, row (from 1) and column, and skipped or fatal as
 * {@link ReadOptions#skipBadRecords()} says.
 */
public final class ParquetLoader {
    /** Bytes of {@link ReadOptions#blockBytes()} per block row: 4 MiB blocks hold 16,384 rows. */
    public static final long BYTES_PER_ROW = 256;

    private final JavaSparkContext jsc;
    private final Consumer<String> log;
    private final long progressNanos;

    /** A loader that prints nothing: @param jsc the running Spark context */
    public ParquetLoader(JavaSparkContext jsc) {
        this(jsc, null, ReadProgressListener.DEFAULT_INTERVAL_NANOS);
    }

    /** As {@link BlockLoader#BlockLoader(JavaSparkContext, Consumer, long)}. */
    public ParquetLoader(JavaSparkContext jsc, Consumer<String> log, long progressNanos) {
        this.jsc = jsc;
        this.log = log;
        this.progressNanos = progressNanos;
    }

    /** Rows per block for a block size in bytes: {@code max(1, blockBytes / 256)}. */
    public static long rowsPerBlock(long blockBytes) {
        return Math.max(1, blockBytes / BYTES_PER_ROW);
    }

    /**
     * Whether an input, given without a format, is Parquet: it names a folder or glob whose data files (as
     * {@link InputListing#list} lists them) all end in {@code .parquet}. False when it cannot be listed.
     */
    public static boolean isParquetFolder(String uri, Configuration conf) {
        try {
            List<InputFile> files = InputListing.list(uri, conf);
            for (InputFile f : files) {
                if (!f.path().toLowerCase(Locale.ROOT).endsWith(".parquet")) {
                    return false;
                }
            }
            return !files.isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Reads, checks and caches a Parquet input.
     *
     * @throws BadInputException for every problem a user can fix: missing or empty input, a missing or mistyped
     *     column, an unreadable file, bad rows (with the fail policy, or beyond the tolerated count)
     */
    public BlockLoader.Loaded load(String uri, ReadOptions options) {
        return load(uri, options, true);
    }

    /**
     * As {@link #load(String, ReadOptions)}; {@code direct} false reads through Spark SQL's rows even where
     * {@link ParquetBlockScan} covers the columns (tests compare the two).
     */
    BlockLoader.Loaded load(String uri, ReadOptions options, boolean direct) {
        Configuration conf = jsc.hadoopConfiguration();
        List<InputFile> files = InputListing.list(uri, conf);
        List<String> paths = new ArrayList<>();
        for (InputFile f : files) {
            paths.add(f.path());
        }
        String first = paths.get(0);
        ParquetFooters.requireReadable(first, conf);
        SparkSession spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        StructType schema = schemaOf(spark, first);
        RowWeighting weighting = options.weighting();
        ParquetColumns columns = resolve(schema, options, first);
        List<String> keptNames = options.keptColumns();
        List<RowOutputs.Column> kept = ParquetColumnChoice.keptColumns(schema, keptNames, first);
        List<JavaRDD<?>> cached = new ArrayList<>();
        try {
            jsc.setJobDescription("reading the Parquet footers of " + uri);
            List<ParquetFooters.Footer> footers = ParquetFooters.readAll(jsc, paths,
                    readSchema(schema, columns, weighting, keptNames), first);
            long[] rowsPerFile = footers.stream().mapToLong(ParquetFooters.Footer::rows).toArray();
            InputFileIndex index = new InputFileIndex(paths);
            RowBlockLayout layout = RowBlockLayout.of(rowsPerFile, rowsPerBlock(options.blockBytes()));
            if (layout.rows() == 0) {
                throw new BadInputException("input '" + uri + "' has no data rows (all " + files.size()
                        + " Parquet files are empty)");
            }
            if (direct && ParquetBlockScan.covers(columns, weighting, options, schema,
                    ParquetFooters.parquetSchema(first, conf), footers)) {
                BlockLoader.Loaded scanned = loadDirect(uri, options, files, footers, layout, index, schema, columns,
                        cached);
                if (scanned != null) {
                    return scanned;
                }
            }
            Dataset<Row> scan = spark.read().schema(schema).parquet(paths.toArray(new String[0]));
            JavaRDD<Row> selected = scan.select(selection(columns, weighting, keptNames)).javaRDD();
            int partitions = options.partitions() > 0 ? options.partitions()
                    : (int) Math.max(1, Math.min(layout.blocks(), selected.getNumPartitions()));
            boolean identity = options.rowIdentity() || !keptNames.isEmpty();
            ParquetRowReader reader = new ParquetRowReader(columns, weighting, options.numFeatures(), layout,
                    index, options.categorical(), options.hashing(), identity, keptNames.size());
            InputFileIndex originFiles = identity ? index : null;
            boolean useFloat = options.floatStorage();
            JavaPairRDD<Long, RowRun> keyed = selected.mapPartitionsToPair(rows -> new RowRunCollector(rows, reader));
            StorageLevel level = StorageLevel.fromString(options.storageLevel());
            JavaRDD<RowBlock> built = keyed
                    .repartitionAndSortWithinPartitions(new BlockRangePartitioner(layout, partitions))
                    .mapPartitions(rows -> new RowBlockAssembler(rows, layout, useFloat, originFiles))
                    .setName("fullbatch parsed input " + uri)
                    .persist(level);
            cached.add(built);
            jsc.setJobDescription("reading " + uri);
            List<RowBlockReport> reports;
            try (ReadProgressListener progress = log == null ? null
                    : progress(uri, files, layout, partitions)) {
                reports = new ArrayList<>(built.map(RowBlock::report).collect());
            }
            reports.sort(Comparator.comparingLong(RowBlockReport::blockId));
            DataSummary summary = summarize(files, reports, options, columns, uri);
            BlockLoader.Loaded loaded = laidOut(built, summary, options, uri, cached, identity, kept);
            if (log != null) {
                CacheFit.of(jsc, (JavaRDD<?>) cached.get(0)).advice().ifPresent(log);
            }
            return loaded;
        } catch (Exception e) {
            // Spark's own failures are checked exceptions Scala throws undeclared. Blocking removal: the session is
            // often stopped right after, and a removal in flight would print rejected-completion stack traces.
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(true);
            }
            throw asInputProblem(e, uri);
        } finally {
            jsc.setJobDescription(null);
        }
    }

    /**
     * Reads numeric columns straight into dense blocks ({@link ParquetBlockScan}), cached once.
     *
     * @param cached where the cached data is recorded (for removal on failure); left empty when null is returned
     * @return the loaded data; null when the summary lays the data out sparsely after all (then nothing stays
     *     cached and the row path reads it)
     */
    private BlockLoader.Loaded loadDirect(String uri, ReadOptions options, List<InputFile> files,
                                          List<ParquetFooters.Footer> footers, RowBlockLayout layout,
                                          InputFileIndex index, StructType schema, ParquetColumns columns,
                                          List<JavaRDD<?>> cached) {
        boolean identity = options.rowIdentity();
        ParquetBlockScan scan = ParquetBlockScan.of(columns, options.weighting(), schema, layout, index,
                options.floatStorage(), identity);
        long[][] rowGroups = new long[footers.size()][];
        for (int f = 0; f < rowGroups.length; f++) {
            rowGroups[f] = footers.get(f).rowGroups();
        }
        boolean exact = options.partitions() > 0;
        int partitions = exact ? options.partitions()
                : BlockLoader.defaultPartitions(jsc, files, (int) Math.min(Integer.MAX_VALUE, layout.blocks()));
        List<ParquetBlockScan.BlockRange> ranges = ParquetBlockScan.ranges(layout, rowGroups, partitions, exact,
                jsc.defaultParallelism());
        // Broadcast once, as for text: the configuration stays in the cached blocks' lineage.
        Broadcast<HadoopConf> hadoop = jsc.broadcast(new HadoopConf(jsc.hadoopConfiguration()));
        JavaRDD<RowBlock> built = jsc.parallelize(ranges, ranges.size())
                .mapPartitions(r -> scan.read(r, hadoop.value().get()))
                .setName("fullbatch blocks " + uri)
                .persist(StorageLevel.fromString(options.storageLevel()));
        cached.add(built);
        jsc.setJobDescription("reading " + uri);
        List<RowBlockReport> reports;
        try (ReadProgressListener progress = log == null ? null : directProgress(uri, files, layout, ranges)) {
            reports = new ArrayList<>(built.map(RowBlock::report).collect());
        } catch (RuntimeException e) {
            hadoop.destroy();
            throw e;
        }
        reports.sort(Comparator.comparingLong(RowBlockReport::blockId));
        DataSummary summary;
        try {
            summary = summarize(files, reports, options, columns, uri);
        } catch (RuntimeException e) {
            hadoop.destroy();
            throw e;
        }
        if (!summary.dense()) {
            built.unpersist(true);
            cached.clear();
            hadoop.destroy();
            return null;
        }
        JavaRDD<RowOrigins> origins = identity ? built.map(RowBlock::origins) : null;
        if (log != null) {
            CacheFit.of(jsc, built).advice().ifPresent(log);
        }
        return new BlockLoader.Loaded(built.map(RowBlock::block), cached, summary, hadoop, origins, List.of());
    }

    /** Progress of the direct read: each task's blocks, and its share of its files' bytes (by rows). */
    private ReadProgressListener directProgress(String uri, List<InputFile> files, RowBlockLayout layout,
                                                List<ParquetBlockScan.BlockRange> ranges) {
        long[] blocks = new long[ranges.size()];
        long[] bytes = new long[ranges.size()];
        long total = 0;
        for (InputFile f : files) {
            total += f.length();
        }
        for (int p = 0; p < ranges.size(); p++) {
            for (long b = ranges.get(p).first(); b < ranges.get(p).end(); b++) {
                int f = layout.fileOfBlock(b);
                blocks[p]++;
                bytes[p] += (long) ((double) files.get(f).length() * layout.rowsOfBlock(b) / layout.rowsOf(f));
            }
        }
        return ReadProgressListener.open(jsc, uri, blocks, bytes, total, progressNanos, log);
    }

    /** As {@link #laidOut(JavaRDD, DataSummary, ReadOptions, String, List, boolean, List)} without row identity. */
    static BlockLoader.Loaded laidOut(JavaRDD<RowBlock> built, DataSummary summary, ReadOptions options, String uri,
                                      List<JavaRDD<?>> cached) {
        return laidOut(built, summary, options, uri, cached, false, List.of());
    }

    /**
     * The cached blocks as the summary lays them out: dense blocks converted (and cached in place of {@code built},
     * which {@code cached} holds as its first entry), sparse ones as they are; with row identity, the blocks'
     * origins beside them (cached too when {@code built} is dropped, so that writing predictions reads no input).
     *
     * @param identity whether {@code built} carries the rows' origins
     * @param kept the kept columns
     */
    static BlockLoader.Loaded laidOut(JavaRDD<RowBlock> built, DataSummary summary, ReadOptions options, String uri,
                                      List<JavaRDD<?>> cached, boolean identity, List<RowOutputs.Column> kept) {
        JavaRDD<Block> blocks;
        JavaRDD<RowOrigins> origins = identity ? built.map(RowBlock::origins) : null;
        if (summary.dense()) {
            if (origins != null) {
                origins.setName("fullbatch row origins " + uri)
                        .persist(StorageLevel.fromString(options.storageLevel()))
                        .count();
                cached.add(origins);
            }
            int width = summary.numFeatures();
            boolean useFloat = options.floatStorage();
            JavaRDD<Block> converted = built
                    .map(b -> (Block) ((SparseBlock) b.block()).toDense(width, useFloat))
                    .setName("fullbatch blocks " + uri)
                    .persist(StorageLevel.fromString(options.storageLevel()));
            converted.count();
            built.unpersist(false);
            cached.set(0, converted);
            blocks = converted;
        } else {
            blocks = built.map(RowBlock::block);
        }
        return new BlockLoader.Loaded(blocks, cached, summary, null, origins, kept);
    }

    /**
     * Progress of the read job: the bytes from the scan tasks' input metrics (of the files' total length), the
     * blocks as the assembling partitions finish (each holds a contiguous range of blocks).
     */
    private ReadProgressListener progress(String uri, List<InputFile> files, RowBlockLayout layout, int partitions) {
        long[] blocks = new long[partitions];
        for (long b = 0; b < layout.blocks(); b++) {
            blocks[layout.partitionOf(b, partitions)]++;
        }
        long total = 0;
        for (InputFile f : files) {
            total += f.length();
        }
        return ReadProgressListener.open(jsc, uri, blocks, null, total, progressNanos, log);
    }

    /**
     * The columns read: the options' columns resolved against the first file's schema, the categorical ones those
     * of {@link ReadOptions#categorical()}'s dictionaries (in their order).
     */
    static ParquetColumns resolve(StructType schema, ReadOptions options, String first) {
        ParquetColumns asked = options.parquetColumns();
        List<String> categorical = options.categorical() == null ? List.of()
                : options.categorical().columns().stream().map(CategoricalColumn::name).toList();
        int encodedWidth = (options.categorical() == null ? 0 : options.categorical().width())
                + (options.hashing() == null ? 0 : options.hashing().dimension());
        return ParquetColumnChoice.resolve(schema, asked.withEncoded(categorical, asked.hashedColumns()), first,
                options.numFeatures(), options.weighting(), encodedWidth);
    }

    static StructType schemaOf(SparkSession spark, String file) {
        try {
            return spark.read().parquet(file).schema();
        } catch (Exception e) {
            throw new BadInputException("cannot read " + file + " as Parquet: " + rootMessage(e), e);
        }
    }

    private static Column[] selection(ParquetColumns columns, RowWeighting weighting, List<String> kept) {
        List<Column> cols = new ArrayList<>();
        cols.add(named(columns.labelColumn()));
        if (columns.vectorColumn() != null) {
            cols.add(named(columns.vectorColumn()));
        } else {
            for (String c : columns.numericColumns()) {
                cols.add(named(c));
            }
            for (String c : columns.categoricalColumns()) {
                cols.add(named(c));
            }
            for (String c : columns.hashedColumns()) {
                cols.add(named(c));
            }
        }
        // the weight then the offset, after the features (ParquetRowReader reads them there)
        for (String c : extraColumns(weighting)) {
            cols.add(named(c));
        }
        // the kept columns last before the metadata (ParquetRowReader reads them there); a label or feature column
        // may be selected a second time here
        for (String c : kept) {
            cols.add(named(c));
        }
        cols.add(col("_metadata.file_path"));
        cols.add(col("_metadata.row_index"));
        return cols.toArray(new Column[0]);
    }

    /** A top-level column by its exact name, even one with dots or backticks in it. */
    static Column named(String name) {
        return col("`" + name.replace("`", "``") + "`");
    }

    /** The schema's fields that are read, label first. */
    private static List<String> extraColumns(RowWeighting weighting) {
        List<String> names = new ArrayList<>();
        if (weighting.weightColumn() != null) {
            names.add(weighting.weightColumn());
        }
        if (weighting.offsetColumn() != null) {
            names.add(weighting.offsetColumn());
        }
        return names;
    }

    private static StructType readSchema(StructType schema, ParquetColumns columns, RowWeighting weighting,
                                         List<String> kept) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        names.add(columns.labelColumn());
        if (columns.vectorColumn() != null) {
            names.add(columns.vectorColumn());
        }
        names.addAll(columns.numericColumns());
        names.addAll(columns.categoricalColumns());
        names.addAll(columns.hashedColumns());
        names.addAll(extraColumns(weighting));
        names.addAll(kept);
        StructType out = new StructType();
        for (String n : names) {
            out = out.add(schema.apply(n));
        }
        return out;
    }

    static DataSummary summarize(List<InputFile> files, List<RowBlockReport> reports, ReadOptions options,
                                         ParquetColumns columns, String uri) {
        long rows = 0;
        long stored = 0;
        long bad = 0;
        int maxWidth = 0;
        LabelStats labels = LabelStats.empty();
        long[] perFile = new long[files.size()];
        List<String> problems = new ArrayList<>();
        for (RowBlockReport r : reports) {
            rows += r.rows();
            stored += r.storedValues();
            bad += r.badRecords();
            maxWidth = Math.max(maxWidth, r.width());
            labels = labels.merge(r.labels());
            perFile[r.fileIndex()] += r.rows();
            for (String p : r.problems()) {
                if (problems.size() < DataSummary.MAX_EXAMPLES) {
                    problems.add(p);
                }
            }
        }
        if (bad > 0 && !options.skipBadRecords()) {
            throw new BadInputException(problems.get(0) + ". Fix the data, or pass --bad-records skip to train on "
                    + "the good rows only");
        }
        if (bad > options.maxBadRecords() && options.skipBadRecords()) {
            throw new BadInputException(bad + " bad rows exceed --max-bad-records " + options.maxBadRecords()
                    + "; the first is " + problems.get(0));
        }
        if (rows == 0) {
            throw new BadInputException("input '" + uri + "' has no usable rows (all " + bad + " rows are bad)");
        }
        int width = options.numFeatures() > 0 ? options.numFeatures() : maxWidth;
        boolean dense = options.layout() == ReadOptions.Layout.DENSE
                || (options.layout() == ReadOptions.Layout.AUTO && width > 0 && stored * 2 >= rows * (long) width);
        if (dense && (long) width * 8 > Integer.MAX_VALUE / 16) {
            dense = false;
        }
        long storedFinal = dense ? rows * (long) width : stored;
        return new DataSummary(List.copyOf(files), perFile, rows, width, storedFinal, dense, labels, bad,
                List.copyOf(problems), reports.size(), columns);
    }

    /**
     * A Spark failure to read a file is the input's fault: a {@link BadInputException} naming it. Anything else
     * is returned as it is (wrapped when checked).
     */
    static RuntimeException asInputProblem(Exception e, String uri) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BadInputException b) {
                return b;
            }
            if (t instanceof SparkThrowable st && st.getCondition() != null
                    && st.getCondition().startsWith("FAILED_READ_FILE")) {
                return new BadInputException("cannot read Parquet input " + uri + ": "
                        + t.getMessage().lines().findFirst().orElse("") + " (" + rootMessage(t) + ")", e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("reading " + uri + " failed", e);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
