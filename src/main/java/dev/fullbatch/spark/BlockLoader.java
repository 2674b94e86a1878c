package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CsvLineParser;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineParser;
import dev.fullbatch.data.LineScanner;
import dev.fullbatch.data.RecordProblem;
import dev.fullbatch.data.SparseBlock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
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

        Loaded(JavaRDD<Block> blocks, List<JavaRDD<?>> cached, DataSummary summary) {
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

        @Override
        public void close() {
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(false);
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
            throw new BadInputException("input '" + uri + "' is not a valid path or URI: " + e.getMessage(), e);
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
     *     the fail policy, or beyond the tolerated count), mismatched CSV headers
     */
    public Loaded load(String uri, ReadOptions options) {
        if (options.format() == ReadOptions.Format.PARQUET) {
            return new ParquetLoader(jsc).load(uri, options);
        }
        Configuration conf = jsc.hadoopConfiguration();
        List<InputFile> files = listFiles(uri, conf);
        List<Segment> segments = segments(files, options.blockBytes());
        CsvShape csv = options.format() == ReadOptions.Format.CSV ? csvShape(files, options, conf) : null;
        int slices = options.partitions() > 0 ? options.partitions() : defaultPartitions(files, segments.size());
        HadoopConf hadoop = new HadoopConf(conf);
        StorageLevel level = StorageLevel.fromString(options.storageLevel());
        JavaRDD<ParsedSegment> parsed = jsc.parallelize(segments, slices)
                .mapPartitions(it -> parseAll(it, options, csv, hadoop))
                .setName("fullbatch parsed input " + uri)
                .persist(level);
        List<JavaRDD<?>> cached = new ArrayList<>();
        cached.add(parsed);
        try {
            jsc.setJobDescription("reading " + uri);
            List<SegmentReport> reports = new ArrayList<>(parsed.map(ParsedSegment::report).collect());
            reports.sort(Comparator.comparingLong(SegmentReport::blockId));
            DataSummary summary = summarize(files, segments, reports, options, csv, conf, uri);
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
            return new Loaded(blocks, cached, summary);
        } catch (RuntimeException e) {
            for (JavaRDD<?> rdd : cached) {
                rdd.unpersist(false);
            }
            throw e;
        } finally {
            jsc.setJobDescription(null);
        }
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

    /** The CSV column count and header, taken from the first file on the driver. */
    record CsvShape(int columns, String header) implements java.io.Serializable {
    }

    private static CsvShape csvShape(List<InputFile> files, ReadOptions options, Configuration conf) {
        InputFile first = files.get(0);
        try (InputStream in = open(first.path(), first.compressed(), 0, conf)) {
            LineScanner scanner = new LineScanner(in, 0);
            String header = null;
            while (scanner.next()) {
                String line = new String(scanner.buffer(), scanner.lineStart(),
                        scanner.lineEnd() - scanner.lineStart(), StandardCharsets.UTF_8).strip();
                if (line.isEmpty()) {
                    if (header == null && options.header()) {
                        continue;
                    }
                    continue;
                }
                if (options.header() && header == null) {
                    header = line;
                    if (options.numFeatures() == 0) {
                        return checkedShape(countColumns(line), header, options, first);
                    }
                    continue;
                }
                int columns = options.numFeatures() > 0 ? options.numFeatures() + 1 : countColumns(line);
                return checkedShape(columns, header, options, first);
            }
            if (options.numFeatures() > 0) {
                return checkedShape(options.numFeatures() + 1, header, options, first);
            }
            throw new BadInputException("input file " + first.path() + " has no data lines");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + first.path() + ": " + e.getMessage(), e);
        }
    }

    private static CsvShape checkedShape(int columns, String header, ReadOptions options, InputFile first) {
        if (options.labelColumn() >= columns) {
            throw new BadInputException("--label-col " + options.labelColumn() + " is out of range: "
                    + first.path() + " has " + columns + " columns (0.." + (columns - 1) + ")");
        }
        if (columns < 2) {
            throw new BadInputException(first.path() + " has a single column: CSV input needs a label column and "
                    + "at least one feature column");
        }
        return new CsvShape(columns, header);
    }

    private static int countColumns(String line) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return CsvLineParser.countColumns(b, 0, b.length);
    }

    static InputStream open(String path, boolean compressed, long offset, Configuration conf) throws IOException {
        Path p = new Path(URI.create(path));
        FileSystem fs = p.getFileSystem(conf);
        FSDataInputStream raw = fs.open(p);
        if (compressed) {
            CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
            return codec.createInputStream(raw);
        }
        if (offset > 0) {
            raw.seek(offset);
        }
        return raw;
    }

    private static Iterator<ParsedSegment> parseAll(Iterator<Segment> segments, ReadOptions options, CsvShape csv,
                                                    HadoopConf hadoop) {
        List<ParsedSegment> out = new ArrayList<>();
        while (segments.hasNext()) {
            out.add(parse(segments.next(), options, csv, hadoop.get()));
        }
        return out.iterator();
    }

    /** Parses one segment into its block and report. */
    static ParsedSegment parse(Segment seg, ReadOptions options, CsvShape csv, Configuration conf) {
        boolean isCsv = csv != null;
        BlockBuilder builder = isCsv ? BlockBuilder.dense(csv.columns() - 1) : BlockBuilder.sparse();
        LineParser parser = isCsv ? new CsvLineParser(csv.columns(), options.labelColumn())
                : new LibsvmLineParser(options.numFeatures());
        List<RecordProblem> problems = new ArrayList<>();
        long bad = 0;
        String headerProblem = null;
        long start = seg.start();
        try (InputStream in = open(seg.path(), seg.compressed(), start == 0 ? 0 : start - 1, conf)) {
            LineScanner scanner = new LineScanner(in, start == 0 ? 0 : start - 1);
            if (start > 0) {
                // The line at `start` belongs to this segment only if the byte before it ends a line.
                int first = in.read();
                if (first < 0) {
                    return emptySegment(seg, builder, options, csv);
                }
                scanner = new LineScanner(in, start);
                if (first != '\n' && !scanner.skipLine()) {
                    return emptySegment(seg, builder, options, csv);
                }
            }
            long lineInBlock = 0;
            boolean expectHeader = isCsv && options.header() && start == 0;
            while (scanner.next()) {
                long offset = scanner.lineOffset();
                if (offset >= seg.end()) {
                    break;
                }
                byte[] b = scanner.buffer();
                int from = scanner.lineStart();
                int to = scanner.lineEnd();
                if (expectHeader) {
                    String line = new String(b, from, to - from, StandardCharsets.UTF_8).strip();
                    if (line.isEmpty()) {
                        lineInBlock++;
                        continue;
                    }
                    expectHeader = false;
                    if (!line.equals(csv.header())) {
                        headerProblem = "header '" + shorten(line) + "' differs from '" + shorten(csv.header())
                                + "' of the first file";
                    }
                    lineInBlock++;
                    continue;
                }
                String problem = parser.parse(b, from, to, builder);
                if (problem != null && problem != LineParser.SKIPPED) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + seg.path() + " at byte " + start, e);
        }
        Block block = builder.build(seg.blockId(), isCsv ? csv.columns() - 1 : 0, false, options.floatStorage());
        return new ParsedSegment(finishWidth(block), report(seg, block, bad, problems, headerProblem));
    }

    private static Block finishWidth(Block block) {
        if (block instanceof SparseBlock sparse) {
            return sparse.withWidth(sparse.maxColumn() + 1, sparse.floatValues() != null);
        }
        return block;
    }

    private static ParsedSegment emptySegment(Segment seg, BlockBuilder builder, ReadOptions options,
                                              CsvShape csv) {
        Block block = builder.build(seg.blockId(), csv != null ? csv.columns() - 1 : 0, false,
                options.floatStorage());
        return new ParsedSegment(block, report(seg, block, 0, List.of(), null));
    }

    private static SegmentReport report(Segment seg, Block block, long bad, List<RecordProblem> problems,
                                        String headerProblem) {
        int maxColumn = block instanceof SparseBlock s ? s.maxColumn() : block.numFeatures() - 1;
        return new SegmentReport(seg.blockId(), block.rows(), block.storedValues(), maxColumn,
                LabelStats.of(block.labels()), bad, problems, headerProblem);
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    private static DataSummary summarize(List<InputFile> files, List<Segment> segments, List<SegmentReport> reports,
                                         ReadOptions options, CsvShape csv, Configuration conf, String uri) {
        long rows = 0;
        long stored = 0;
        long bad = 0;
        int maxColumn = -1;
        LabelStats labels = LabelStats.empty();
        long[] perFile = new long[files.size()];
        List<RecordProblem> problems = new ArrayList<>();
        for (SegmentReport r : reports) {
            Segment seg = segments.get((int) r.blockId());
            if (r.headerProblem() != null) {
                throw new BadInputException(seg.path() + ":" + 1 + ": " + r.headerProblem()
                        + "; every CSV file must start with the same header");
            }
            rows += r.rows();
            stored += r.storedValues();
            bad += r.badRecords();
            maxColumn = Math.max(maxColumn, r.maxColumn());
            labels = labels.merge(r.labels());
            perFile[seg.fileIndex()] += r.rows();
            for (RecordProblem p : r.problems()) {
                if (problems.size() < MAX_EXAMPLES) {
                    problems.add(p);
                }
            }
        }
        if (bad > 0 && !options.skipBadRecords()) {
            RecordProblem first = problems.get(0);
            throw new BadInputException(locate(first, segments, files, conf) + ": " + first.reason() + ": '"
                    + first.text() + "'. Fix the line, or pass --bad-records skip to train on the good rows only");
        }
        if (bad > options.maxBadRecords() && options.skipBadRecords()) {
            RecordProblem first = problems.get(0);
            throw new BadInputException(bad + " malformed lines exceed --max-bad-records " + options.maxBadRecords()
                    + "; the first is " + locate(first, segments, files, conf) + ": " + first.reason() + ": '"
                    + first.text() + "'");
        }
        if (rows == 0) {
            throw new BadInputException("input '" + uri + "' has no data rows" + (bad > 0 ? " (all " + bad
                    + " lines were malformed)" : " (only blank or comment lines)"));
        }
        int width;
        if (csv != null) {
            width = csv.columns() - 1;
        } else if (options.numFeatures() > 0) {
            width = options.numFeatures();
        } else {
            width = maxColumn + 1;
        }
        boolean dense = csv != null || options.layout() == ReadOptions.Layout.DENSE
                || (options.layout() == ReadOptions.Layout.AUTO && width > 0 && stored * 2 >= rows * (long) width);
        if (dense && csv == null && (long) width * 8 > Integer.MAX_VALUE / 16) {
            dense = false;
        }
        List<String> examples = new ArrayList<>();
        for (RecordProblem p : problems) {
            examples.add(locate(p, segments, files, conf) + ": " + p.reason() + ": '" + p.text() + "'");
        }
        long storedFinal = dense ? rows * (long) width : stored;
        return new DataSummary(List.copyOf(files), perFile, rows, width, storedFinal, dense, labels, bad,
                examples, segments.size());
    }

    /** "file:line" for a problem, counting lines from the start of its file (read only for reported problems). */
    static String locate(RecordProblem p, List<Segment> segments, List<InputFile> files, Configuration conf) {
        Segment seg = segments.get((int) p.blockId());
        InputFile file = files.get(seg.fileIndex());
        try (InputStream in = open(file.path(), file.compressed(), 0, conf)) {
            long line = 1;
            long remaining = p.byteOffset();
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
            return file.path() + " at byte " + p.byteOffset();
        }
    }
}
