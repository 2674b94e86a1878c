package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CsvLineParser;
import dev.fullbatch.data.DecimalParser;
import dev.fullbatch.data.Excerpt;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineParser;
import dev.fullbatch.data.LineScanner;
import dev.fullbatch.data.LineTooLongException;
import dev.fullbatch.data.RecordProblem;
import dev.fullbatch.data.SparseBlock;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads LIBSVM or CSV input from any Hadoop file system into cached blocks, checking every record on the way
 * (Parquet input goes to {@link ParquetLoader}).
 *
 * <p>The input (a file, a folder or a glob) is listed and sorted by path; every uncompressed file is cut into
 * ranges of {@link ReadOptions#blockBytes()} bytes, and the lines starting in a range form one block. Compressed
 * files are one block each. Block contents therefore depend only on the input and the block size, never on the
 * number of partitions or executors. Parsing happens on the executors in the same pass that caches the blocks;
 * the driver only ever holds the small per-block reports, never rows.
 */
public final class BlockLoader {
    /** The most malformed-line examples kept. */
    public static final int MAX_EXAMPLES = 100;

    private final JavaSparkContext jsc;

    /** @param jsc the running Spark context */
    public BlockLoader(JavaSparkContext jsc) {
        this.jsc = jsc;
    }

    /** Data that has been read and cached, with its summary; {@link #close()} releases the cache. */
    public static final class Loaded implements AutoCloseable {
        private final JavaRDD<Block> blocks;
        private final List<JavaRDD<?>> cached;
        private final DataSummary summary;
        /** What the cached blocks' lineage reads (the Hadoop configuration), released with them; may be null. */
        private final Broadcast<?> shared;

        Loaded(JavaRDD<Block> blocks, List<JavaRDD<?>> cached, DataSummary summary) {
            this(blocks, cached, summary, null);
        }

        Loaded(JavaRDD<Block> blocks, List<JavaRDD<?>> cached, DataSummary summary, Broadcast<?> shared) {
            this.shared = shared;
            this.blocks = blocks;
            this.cached = cached;
            this.summary = summary;
        }

        /** The cached blocks. */
        public JavaRDD<Block> blocks() {
            return blocks;
        }

        /** What the data holds. */
        public DataSummary summary() {
            return summary;
        }

        /**
         * Removes the cached blocks and waits until they are gone: a session stopped while removals are still in
         * flight (a large cache spilled to disk takes a while) rejects their completions, which Spark prints as
         * stack traces.
         */
        @Override
        public void close() {
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(true);
            }
            if (shared != null) {
                shared.destroy();
            }
        }
    }

    /**
     * Lists the data files of an input URI: a file, a folder (its files, recursively, skipping names starting with
     * {@code _} or {@code .}) or a glob, sorted by path.
     *
     * @throws BadInputException when nothing exists there or no data file is found
     */
    public static List<InputFile> listFiles(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            FileStatus[] matches = fs.globStatus(path);
            if (matches == null || matches.length == 0) {
                throw new BadInputException("input '" + uri + "' does not exist; check the path (and the scheme, "
                        + "e.g. file:, hdfs:, s3a:)");
            }
            CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
            List<InputFile> files = new ArrayList<>();
            for (FileStatus match : matches) {
                if (match.isDirectory()) {
                    RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
                    while (it.hasNext()) {
                        LocatedFileStatus f = it.next();
                        if (isDataFile(match.getPath(), f.getPath())) {
                            files.add(describe(f, codecs));
                        }
                    }
                } else if (!hidden(match.getPath().getName())) {
                    files.add(describe(match, codecs));
                }
            }
            files.sort(Comparator.comparing(InputFile::path));
            if (files.isEmpty()) {
                throw new BadInputException("input '" + uri + "' holds no data files (names starting with _ or . "
                        + "are ignored)");
            }
            return files;
        } catch (FileNotFoundException e) {
            throw new BadInputException("input '" + uri + "' does not exist; check the path", e);
        } catch (IOException e) {
            throw new BadInputException("cannot list input '" + uri + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            Throwable cause = e.getCause() instanceof java.net.URISyntaxException u ? u : e;
            throw new BadInputException("input '" + uri + "' is not a valid path or URI: " + cause.getMessage(), e);
        }
    }

    private static boolean isDataFile(Path root, Path file) {
        Path p = file;
        while (p != null && !p.equals(root)) {
            if (hidden(p.getName())) {
                return false;
            }
            p = p.getParent();
        }
        return true;
    }

    private static boolean hidden(String name) {
        return name.startsWith("_") || name.startsWith(".");
    }

    private static InputFile describe(FileStatus f, CompressionCodecFactory codecs) {
        boolean compressed = codecs.getCodec(f.getPath()) != null;
        return new InputFile(f.getPath().toString(), f.getLen(), f.getModificationTime(), compressed);
    }

    /** Cuts the files into segments of {@code blockBytes} (a compressed file is one segment). */
    static List<Segment> segments(List<InputFile> files, long blockBytes) {
        List<Segment> out = new ArrayList<>();
        for (int f = 0; f < files.size(); f++) {
            InputFile file = files.get(f);
            if (file.compressed()) {
                out.add(new Segment(out.size(), f, file.path(), 0, Long.MAX_VALUE, true));
                continue;
            }
            for (long s = 0; s < Math.max(file.length(), 1); s += blockBytes) {
                out.add(new Segment(out.size(), f, file.path(), s, Math.min(s + blockBytes, file.length()), false));
            }
        }
        return out;
    }

    /**
     * Reads, checks and caches an input.
     *
     * @throws BadInputException for every problem a user can fix: missing or empty input, malformed lines (with
     *     the fail policy, or beyond the tolerated count), mismatched CSV headers, unreadable or corrupt files, an
     *     inferred width the driver cannot hold
     */
    public Loaded load(String uri, ReadOptions options) {
        if (options.format() == ReadOptions.Format.PARQUET) {
            return new ParquetLoader(jsc).load(uri, options);
        }
        Configuration conf = jsc.hadoopConfiguration();
        Plan plan = plan(uri, options, conf);
        List<Segment> segments = plan.segments();
        CsvShape csv = plan.csv();
        int slices = options.partitions() > 0 ? options.partitions()
                : defaultPartitions(plan.files(), segments.size());
        // Broadcast once: a configuration in the closure would travel (and be parsed) with every task of every
        // pass, since it stays in the cached blocks' lineage. It lives as long as the cached blocks.
        Broadcast<HadoopConf> hadoop = jsc.broadcast(new HadoopConf(conf));
        StorageLevel level = StorageLevel.fromString(options.storageLevel());
        JavaRDD<ParsedSegment> parsed = jsc.parallelize(segments, slices)
                .mapPartitions(it -> parseAll(it, options, csv, hadoop.value()))
                .setName("fullbatch parsed input " + uri)
                .persist(level);
        List<JavaRDD<?>> cached = new ArrayList<>();
        cached.add(parsed);
        try {
            jsc.setJobDescription("reading " + uri);
            List<SegmentReport> reports = new ArrayList<>(parsed.map(ParsedSegment::report).collect());
            reports.sort(Comparator.comparingLong(SegmentReport::blockId));
            DataSummary summary = summarize(uri, plan, reports, options, conf);
            boolean dense = summary.dense();
            JavaRDD<Block> blocks;
            if (dense && options.format() == ReadOptions.Format.LIBSVM) {
                int width = summary.numFeatures();
                boolean useFloat = options.floatStorage();
                JavaRDD<Block> converted = parsed
                        .map(p -> (Block) ((SparseBlock) p.block()).toDense(width, useFloat))
                        .setName("fullbatch blocks " + uri)
                        .persist(level);
                converted.count();
                parsed.unpersist(false);
                cached.set(0, converted);
                blocks = converted;
            } else {
                blocks = parsed.map(ParsedSegment::block);
            }
            return new Loaded(blocks, cached, summary, hadoop);
        } catch (RuntimeException e) {
            // Blocking: the session is often stopped right after a failed read, and a removal still in flight then
            // has its completion rejected, which Spark prints as stack traces before the user's one-line message.
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(true);
            }
            hadoop.unpersist(true);
            hadoop.destroy();
            throw e;
        } finally {
            jsc.setJobDescription(null);
        }
    }

    /**
     * Reads and checks an input on the calling thread, without Spark: the same listing, per-segment parsing and
     * driver-side checks as {@link #load}, keeping only the summary. For tests that check many inputs quickly.
     *
     * @throws BadInputException exactly when {@link #load} would, with the same message
     */
    static DataSummary readLocally(String uri, ReadOptions options, Configuration conf) {
        Plan plan = plan(uri, options, conf);
        List<SegmentReport> reports = new ArrayList<>();
        for (Segment seg : plan.segments()) {
            reports.add(parse(seg, options, plan.csv(), conf).report());
        }
        return summarize(uri, plan, reports, options, conf);
    }

    /** What to read: the files, their segments, and the CSV shape (null for LIBSVM). */
    private record Plan(List<InputFile> files, List<Segment> segments, CsvShape csv) {
    }

    private static Plan plan(String uri, ReadOptions options, Configuration conf) {
        List<InputFile> files = listFiles(uri, conf);
        List<Segment> segments = segments(files, options.blockBytes());
        CsvShape csv = options.format() == ReadOptions.Format.CSV ? csvShape(uri, files, options, conf) : null;
        return new Plan(files, segments, csv);
    }

    private int defaultPartitions(List<InputFile> files, int segmentCount) {
        long bytes = 0;
        for (InputFile f : files) {
            bytes += f.length();
        }
        long bySize = (bytes + (64L << 20) - 1) / (64L << 20);
        long want = Math.max(jsc.defaultParallelism(), bySize);
        return (int) Math.max(1, Math.min(segmentCount, want));
    }

    /**
     * The CSV column count and header, taken on the driver from the first file that has a non-blank line.
     *
     * @param columns columns every line must have
     * @param header the header line every file must start with, or null without {@code --header}
     * @param headerFile the file the header was taken from, or null
     * @param origin what fixed the column count, for messages
     */
    record CsvShape(int columns, String header, String headerFile, String origin) implements java.io.Serializable {
    }

    private static CsvShape csvShape(String uri, List<InputFile> files, ReadOptions options, Configuration conf) {
        int declared = options.numFeatures() > 0 ? options.numFeatures() + 1 : 0;
        for (InputFile file : files) {
            String first = null;
            long lineNumber = 0;
            try (InputStream in = open(file.path(), file.compressed(), 0, conf)) {
                LineScanner scanner = new LineScanner(in, 0);
                while (first == null && scanner.next()) {
                    lineNumber++;
                    String line = new String(scanner.buffer(), scanner.lineStart(),
                            scanner.lineEnd() - scanner.lineStart(), StandardCharsets.UTF_8).strip();
                    first = line.isEmpty() ? null : line;
                }
            } catch (LineTooLongException e) {
                throw new BadInputException(file.path() + ":" + (lineNumber + 1) + ": " + tooLong(e));
            } catch (IOException e) {
                throw new BadInputException(readError(file.path(), file.compressed(), e, 0), e);
            }
            if (first == null) {
                continue;
            }
            int found = countColumns(first);
            String where = file.path() + ":" + lineNumber;
            String header = options.header() ? first : null;
            if (header != null && allNumbers(first)) {
                throw new BadInputException(where + " should be the header line but is all numbers ('"
                        + shorten(first) + "'); if the files have no header line, drop --header (or pass "
                        + "--header false)");
            }
            if (declared > 0 && found != declared) {
                throw new BadInputException(where + " has " + found + " columns ('" + shorten(first) + "'), but "
                        + options.widthOrigin() + " means " + declared + " (" + options.numFeatures()
                        + " features and the label)");
            }
            if (options.labelColumn() >= found) {
                throw new BadInputException("--label-col " + options.labelColumn() + " is out of range: " + where
                        + " has " + found + " columns, numbered 0.." + (found - 1));
            }
            if (found < 2) {
                throw new BadInputException(where + " has a single column ('" + shorten(first) + "'): CSV input "
                        + "needs a label column and at least one feature column, separated by commas");
            }
            String origin = declared > 0 ? options.widthOrigin() + " and the label"
                    : (header != null ? "like the header on line " : "like line ") + lineNumber + " of "
                    + file.path();
            return new CsvShape(found, header, header != null ? file.path() : null, origin);
        }
        if (declared > 0) {
            return new CsvShape(declared, null, null, options.widthOrigin() + " and the label");
        }
        throw new BadInputException("input '" + uri + "' has no data rows (its files are empty or hold only blank "
                + "lines)");
    }

    private static boolean allNumbers(String line) {
        for (String cell : line.split(",", -1)) {
            byte[] b = cell.strip().getBytes(StandardCharsets.UTF_8);
            if (DecimalParser.isInvalid(DecimalParser.parse(b, 0, b.length))) {
                return false;
            }
        }
        return true;
    }

    private static int countColumns(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return CsvLineParser.countColumns(b, 0, b.length);
    }

    static InputStream open(String path, boolean compressed, long offset, Configuration conf) throws IOException {
        // Path(String) quotes what a URI cannot hold (spaces, '%'), and InputFile paths are Path.toString() forms.
        Path p = new Path(path);
        FileSystem fs = p.getFileSystem(conf);
        FSDataInputStream raw = fs.open(p);
        if (compressed) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            try {
                return new DecompressedStream(codec.createInputStream(raw));
            } catch (IOException | RuntimeException e) {
                // Some codecs (bzip2) decode the first block while opening, and fail unchecked on garbage.
                raw.close();
                throw e instanceof IOException io ? io : corruptInput((RuntimeException) e);
            }
        }
        if (offset > 0) {
            raw.seek(offset);
        }
        return raw;
    }

    /**
     * A codec's unchecked failure on corrupt input, as the {@link IOException} that reports a corrupt file. Only the
     * exception's class goes into the message: once a throw site is hot, the JIT throws implicit exceptions (array
     * indexes, null pointers) without their detail message, so the detail would make the answer for the same file
     * depend on how warm the JVM is (and differ between block sizes, which read it at different times).
     */
    static IOException corruptInput(RuntimeException e) {
        return new IOException(e.getClass().getName(), e);
    }

    /**
     * A codec's stream whose failures on corrupt input are all {@link IOException}s: some codecs throw runtime
     * exceptions (array indexes, illegal states) on garbage, which must be reported as a corrupt file, not a bug.
     */
    private static final class DecompressedStream extends FilterInputStream {
        DecompressedStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } catch (RuntimeException e) {
                throw corruptInput(e);
            }
        }
    }

    private static Iterator<ParsedSegment> parseAll(Iterator<Segment> segments, ReadOptions options, CsvShape csv,
                                                    HadoopConf hadoop) {
        List<ParsedSegment> out = new ArrayList<>();
        while (segments.hasNext()) {
            out.add(parse(segments.next(), options, csv, hadoop.get()));
        }
        return out.iterator();
    }

    /**
     * Parses one segment into its block and report. Never throws for anything wrong with the input: problems
     * go into the report, so that the driver can pick the first one in file order whatever the partitioning, and
     * no task fails (a failed task would be retried, and logged with a stack trace).
     */
    static ParsedSegment parse(Segment seg, ReadOptions options, CsvShape csv, Configuration conf) {
        boolean isCsv = csv != null;
        BlockBuilder builder = isCsv ? BlockBuilder.dense(csv.columns() - 1) : BlockBuilder.sparse();
        LineParser parser = isCsv
                ? new CsvLineParser(csv.columns(), options.labelColumn(), csv.origin(), options.labels())
                : new LibsvmLineParser(options.numFeatures(), options.widthOrigin(), options.labels());
        List<RecordProblem> problems = new ArrayList<>();
        long bad = 0;
        RecordProblem fatal = null;
        String readError = null;
        long widest = -1;
        long start = seg.start();
        long lineInBlock = 0;
        long lastOffset = start;
        try (InputStream in = open(seg.path(), seg.compressed(), start == 0 ? 0 : start - 1, conf)) {
            LineScanner scanner = new LineScanner(in, start == 0 ? 0 : start - 1);
            boolean more = true;
            if (start > 0) {
                // The line at `start` belongs to this segment only if the byte before it ends a line.
                int first = in.read();
                scanner = new LineScanner(in, start);
                more = first >= 0 && (first == '\n' || scanner.skipLine());
            }
            boolean expectHeader = isCsv && options.header() && start == 0;
            boolean atFileStart = start == 0;
            try {
                while (more && scanner.next()) {
                    long offset = scanner.lineOffset();
                    if (offset >= seg.end()) {
                        break;
                    }
                    lastOffset = offset;
                    byte[] b = scanner.buffer();
                    int from = scanner.lineStart();
                    int to = scanner.lineEnd();
                    if (expectHeader) {
                        String line = new String(b, from, to - from, StandardCharsets.UTF_8).strip();
                        if (!line.isEmpty()) {
                            expectHeader = false;
                            if (!line.equals(csv.header())) {
                                fatal = new RecordProblem(seg.blockId(), offset, lineInBlock, headerMismatch(csv),
                                        RecordProblem.excerpt(b, from, to));
                                break;
                            }
                        }
                        lineInBlock++;
                        continue;
                    }
                    int widthBefore = builder.maxColumn();
                    String problem = parser.parse(b, from, to, builder);
                    if (problem == null) {
                        if (builder.maxColumn() > widthBefore) {
                            widest = offset;
                        }
                        atFileStart = false;
                    } else if (problem != LineParser.SKIPPED) {
                        if (atFileStart && isCsv && problem.contains("is not a number")) {
                            problem += "; if this is a header line, pass --header";
                        }
                        atFileStart = false;
                        bad++;
                        if (problems.size() < MAX_EXAMPLES) {
                            problems.add(new RecordProblem(seg.blockId(), offset, lineInBlock, problem,
                                    RecordProblem.excerpt(b, from, to)));
                        }
                        if (!options.skipBadRecords()) {
                            break;
                        }
                    }
                    lineInBlock++;
                }
            } catch (LineTooLongException e) {
                fatal = new RecordProblem(seg.blockId(), e.lineOffset(), lineInBlock, tooLong(e), "");
            }
        } catch (IOException e) {
            readError = readError(seg.path(), seg.compressed(), e, lastOffset);
        }
        Block block = builder.build(seg.blockId(), isCsv ? csv.columns() - 1 : 0, false, options.floatStorage());
        if (block instanceof SparseBlock sparse) {
            block = sparse.withWidth(sparse.maxColumn() + 1, sparse.floatValues() != null);
        }
        int maxColumn = block instanceof SparseBlock sp ? sp.maxColumn() : block.numFeatures() - 1;
        SegmentReport report = new SegmentReport(seg.blockId(), block.rows(), block.storedValues(), maxColumn,
                widest, LabelStats.of(block.labels()), bad, problems, fatal, readError);
        return new ParsedSegment(block, report);
    }

    private static String headerMismatch(CsvShape csv) {
        return csv.header() == null ? "unexpected header line" : "header differs from '" + shorten(csv.header())
                + "' of " + csv.headerFile() + "; every CSV file must start with the same header";
    }

    private static String tooLong(LineTooLongException e) {
        return "line longer than " + (e.limit() >> 20) + " MiB without a newline; is this a text file of "
                + "LIBSVM or CSV rows?";
    }

    private static String readError(String path, boolean compressed, Exception e, long offset) {
        String what = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        if (compressed) {
            // No line number: the scanner reads ahead, so the failure is somewhere after the lines already parsed.
            return "cannot decompress " + path + ": " + Excerpt.printable(what) + "; is the file complete, and "
                    + "compressed as its name says?";
        }
        return "cannot read " + path + " near byte " + offset + ": " + Excerpt.printable(what);
    }

    private static String shorten(String s) {
        return Excerpt.printable(s.length() > 80 ? s.substring(0, 80) + "..." : s);
    }

    /**
     * The summary of all segment reports, or the first problem in file order (whatever the partitioning, since
     * every block reports its own first problem and blocks are in file order).
     */
    private static DataSummary summarize(String uri, Plan plan, List<SegmentReport> reports, ReadOptions options,
                                         Configuration conf) {
        List<InputFile> files = plan.files();
        List<Segment> segments = plan.segments();
        for (SegmentReport r : reports) {
            if (r.readError() != null) {
                throw new BadInputException(r.readError());
            }
            if (r.fatal() != null) {
                throw new BadInputException(describe(r.fatal(), segments, files, conf));
            }
            if (!options.skipBadRecords() && r.badRecords() > 0) {
                throw new BadInputException(describe(r.problems().get(0), segments, files, conf)
                        + ". Fix the line, or pass --bad-records skip to train on the good rows only");
            }
        }
        long rows = 0;
        long stored = 0;
        long bad = 0;
        SegmentReport widest = null;
        LabelStats labels = LabelStats.empty();
        long[] perFile = new long[files.size()];
        List<RecordProblem> problems = new ArrayList<>();
        for (SegmentReport r : reports) {
            Segment seg = segments.get((int) r.blockId());
            rows += r.rows();
            stored += r.storedValues();
            bad += r.badRecords();
            if (widest == null || r.maxColumn() > widest.maxColumn()) {
                widest = r;
            }
            labels = labels.merge(r.labels());
            perFile[seg.fileIndex()] += r.rows();
            for (RecordProblem p : r.problems()) {
                if (problems.size() < MAX_EXAMPLES) {
                    problems.add(p);
                }
            }
        }
        if (bad > options.maxBadRecords()) {
            throw new BadInputException(bad + " malformed lines exceed --max-bad-records " + options.maxBadRecords()
                    + "; the first is " + describe(problems.get(0), segments, files, conf));
        }
        if (rows == 0) {
            throw new BadInputException("input '" + uri + "' has no data rows" + (bad > 0 ? " (all " + bad
                    + " lines with data are malformed; the first is " + describe(problems.get(0), segments, files,
                    conf) + ")" : " (its files are empty or hold only blank or comment lines)"));
        }
        int maxColumn = widest == null ? -1 : widest.maxColumn();
        int width;
        if (plan.csv() != null) {
            width = plan.csv().columns() - 1;
        } else if (options.numFeatures() > 0) {
            width = options.numFeatures();
        } else {
            width = maxColumn + 1;
            checkInferredWidth(uri, width, widest, segments, files, conf);
        }
        boolean dense = plan.csv() != null || options.layout() == ReadOptions.Layout.DENSE
                || (options.layout() == ReadOptions.Layout.AUTO && width > 0 && stored * 2 >= rows * (long) width);
        if (dense && plan.csv() == null && (long) width * 8 > Integer.MAX_VALUE / 16) {
            dense = false;
        }
        List<String> examples = new ArrayList<>();
        for (RecordProblem p : problems) {
            examples.add(describe(p, segments, files, conf));
        }
        long storedFinal = dense ? rows * (long) width : stored;
        return new DataSummary(List.copyOf(files), perFile, rows, width, storedFinal, dense, labels, bad,
                examples, segments.size());
    }

    /**
     * Driver memory a model needs per feature: the optimizer's vectors (L-BFGS keeps two per correction pair) and
     * the exact gradient sums being merged (33 bytes a component each). An estimate, used only to stop an inferred
     * width that cannot possibly fit before it exhausts memory.
     */
    static final long DRIVER_BYTES_PER_FEATURE = 512;

    /**
     * Rejects an inferred width of 0 (no row has a feature) or one so large that the driver cannot hold the
     * model: most often a single mistyped index, which the message locates.
     */
    private static void checkInferredWidth(String uri, int width, SegmentReport widest, List<Segment> segments,
                                           List<InputFile> files, Configuration conf) {
        if (width == 0) {
            throw new BadInputException("no row of input '" + uri + "' has a feature (every line is only a "
                    + "label): there is nothing to learn from; is the data in LIBSVM format?");
        }
        long heap = Runtime.getRuntime().maxMemory();
        if ((long) width * DRIVER_BYTES_PER_FEATURE > heap) {
            String where = locate(widest.blockId(), widest.widestOffset(), segments, files, conf);
            throw new BadInputException(where + ": feature index " + width + " makes the model " + width
                    + " features wide, which needs about " + gib((long) width * DRIVER_BYTES_PER_FEATURE)
                    + " of driver memory (this driver has " + gib(heap) + "). If the index is a mistake, fix the "
                    + "line; if the data really has that many features, pass --num-features " + width
                    + " and give the driver more memory (spark.driver.memory)");
        }
    }

    private static String gib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** "file:line: reason: 'text'" for a problem. */
    static String describe(RecordProblem p, List<Segment> segments, List<InputFile> files, Configuration conf) {
        return locate(p.blockId(), p.byteOffset(), segments, files, conf) + ": " + p.reason()
                + (p.text().isEmpty() ? "" : ": '" + p.text() + "'");
    }

    /**
     * "file:line" for a byte offset in a block's file, counting lines from the start of the file (the file is
     * read again for this, only for the few problems that are reported).
     */
    static String locate(long blockId, long byteOffset, List<Segment> segments, List<InputFile> files,
                         Configuration conf) {
        Segment seg = segments.get((int) blockId);
        InputFile file = files.get(seg.fileIndex());
        try (InputStream in = open(file.path(), file.compressed(), 0, conf)) {
            long line = 1;
            long remaining = byteOffset;
            byte[] buf = new byte[1 << 16];
            while (remaining > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                if (n < 0) {
                    break;
                }
                for (int k = 0; k < n; k++) {
                    if (buf[k] == '\n') {
                        line++;
                    }
                }
                remaining -= n;
            }
            return file.path() + ":" + line;
        } catch (IOException e) {
            return file.path() + " at byte " + byteOffset;
        }
    }
}
