package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.CsvShape;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import dev.fullbatch.input.LineNumbering;
import dev.fullbatch.input.ParsedSegment;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.Segment;
import dev.fullbatch.input.SegmentParser;
import dev.fullbatch.input.SegmentReport;
import dev.fullbatch.input.TextPlan;
import dev.fullbatch.input.TextSummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Reads LIBSVM or CSV input from any Hadoop file system into cached blocks on Spark, checking every record on the
 * way (Parquet input goes to {@link ParquetLoader}).
 *
 * <p>The plan is fixed on the driver ({@link TextPlan}: the files sorted by path, every uncompressed file cut into
 * ranges of {@link ReadOptions#blockBytes()} bytes whose starting lines form one block, a compressed file one block),
 * so block contents depend only on the input and the block size, never on the number of partitions or executors.
 * The segments are parsed on the executors ({@link SegmentParser}) in the same pass that caches the blocks; the
 * driver only ever holds the small per-block reports, never rows, and checks them ({@link TextSummary}).
 */
public final class BlockLoader {
    private final JavaSparkContext jsc;
    private final Consumer<String> log;
    private final long progressNanos;

    /** A loader that prints nothing: @param jsc the running Spark context */
    public BlockLoader(JavaSparkContext jsc) {
        this(jsc, null, ReadProgressListener.DEFAULT_INTERVAL_NANOS);
    }

    /**
     * @param jsc the running Spark context
     * @param log where a long read's progress lines (at most one per {@code progressNanos}) and a cache that does
     *     not fit in memory are said; null for silence
     * @param progressNanos the least time between two progress lines, and before the first
     */
    public BlockLoader(JavaSparkContext jsc, Consumer<String> log, long progressNanos) {
        this.jsc = jsc;
        this.log = log;
        this.progressNanos = progressNanos;
    }

    /** Data that has been read and cached, with its summary; {@link #close()} releases the cache. */
    public static final class Loaded implements AutoCloseable {
        private final JavaRDD<Block> blocks;
        private final List<JavaRDD<?>> cached;
        private final DataSummary summary;
        /** What the cached blocks' lineage reads (the Hadoop configuration), released with them; may be null. */
        private final Broadcast<?> shared;
        /** Where each block's rows came from, element for element beside {@link #blocks}; may be null. */
        private final JavaRDD<RowOrigins> origins;
        private final List<RowOutputs.Column> kept;

        Loaded(JavaRDD<Block> blocks, List<JavaRDD<?>> cached, DataSummary summary) {
            this(blocks, cached, summary, null, null, List.of());
        }

        Loaded(JavaRDD<Block> blocks, List<JavaRDD<?>> cached, DataSummary summary, Broadcast<?> shared,
               JavaRDD<RowOrigins> origins, List<RowOutputs.Column> kept) {
            this.shared = shared;
            this.origins = origins;
            this.kept = List.copyOf(kept);
            this.blocks = blocks;
            this.cached = cached;
            this.summary = summary;
        }

        /** The cached blocks. */
        public JavaRDD<Block> blocks() {
            return blocks;
        }

        /**
         * Where the rows of each block came from (file and line, or file and row index) with their kept values,
         * partitioned exactly like {@link #blocks()} (both map the same parsed segments or built blocks) so that the
         * two zip; null when they were not read (Parquet read for training). Text: not cached, computed from the
         * parsed segments, re-read only when those were dropped for dense blocks. Parquet: cached beside dense blocks.
         */
        public JavaRDD<RowOrigins> origins() {
            return origins;
        }

        /** The kept input columns, as {@link dev.fullbatch.engine.LoadedData#keptColumns()} describes them. */
        public List<RowOutputs.Column> keptColumns() {
            return kept;
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
     * Reads, checks and caches an input.
     *
     * @throws BadInputException for every problem a user can fix: missing or empty input, malformed lines (with
     *     the fail policy, or beyond the tolerated count), mismatched CSV headers, unreadable or corrupt files, an
     *     inferred width the driver cannot hold
     */
    public Loaded load(String uri, ReadOptions options) {
        if (options.format() == ReadOptions.Format.PARQUET) {
            return new ParquetLoader(jsc, log, progressNanos).load(uri, options);
        }
        Configuration conf = jsc.hadoopConfiguration();
        TextPlan plan = TextPlan.of(uri, options, conf);
        List<Segment> segments = plan.segments();
        CsvShape csv = plan.csv();
        int slices = options.partitions() > 0 ? options.partitions()
                : defaultPartitions(jsc, plan.files(), segments.size());
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
        ReadProgressListener progress = log == null ? null : progress(uri, plan, slices);
        try {
            jsc.setJobDescription("reading " + uri);
            List<SegmentReport> reports = new ArrayList<>(parsed.map(ParsedSegment::report).collect());
            reports.sort(Comparator.comparingLong(SegmentReport::blockId));
            DataSummary summary = TextSummary.of(uri, plan, reports, options, conf);
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
            if (log != null) {
                CacheFit.of(jsc, (JavaRDD<?>) cached.get(0)).advice().ifPresent(log);
            }
            return new Loaded(blocks, cached, summary, hadoop, origins(parsed, LineNumbering.of(segments, reports)),
                    RowOutputs.Column.keptText(options.keptColumns()));
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
            if (progress != null) {
                progress.close();
            }
            jsc.setJobDescription(null);
        }
    }

    /**
     * Progress of the parse job: {@code parallelize} gives partition {@code i} of {@code slices} the segments from
     * {@code i * n / slices} to {@code (i + 1) * n / slices}, each one block of its byte range (a compressed file's
     * whole length).
     */
    private ReadProgressListener progress(String uri, TextPlan plan, int slices) {
        List<Segment> segments = plan.segments();
        long n = segments.size();
        long[] blocks = new long[slices];
        long[] bytes = new long[slices];
        long total = 0;
        for (int i = 0; i < slices; i++) {
            for (int k = (int) (i * n / slices); k < (int) ((i + 1) * n / slices); k++) {
                Segment s = segments.get(k);
                long length = s.compressed() ? plan.files().get(s.fileIndex()).length() : s.end() - s.start();
                blocks[i]++;
                bytes[i] += length;
                total += length;
            }
        }
        return ReadProgressListener.open(jsc, uri, blocks, bytes, total, progressNanos, log);
    }

    /** The tasks of a text read without --partitions: one per 64 MB, at least the default parallelism. */
    static int defaultPartitions(JavaSparkContext jsc, List<InputFile> files, int segmentCount) {
        long bytes = 0;
        for (InputFile f : files) {
            bytes += f.length();
        }
        long bySize = (bytes + (64L << 20) - 1) / (64L << 20);
        long want = Math.max(jsc.defaultParallelism(), bySize);
        return (int) Math.max(1, Math.min(segmentCount, want));
    }

    /** Static, so that the closure carries the numbering only. */
    private static JavaRDD<RowOrigins> origins(JavaRDD<ParsedSegment> parsed, LineNumbering numbering) {
        return parsed.map(numbering::origins);
    }

    private static Iterator<ParsedSegment> parseAll(Iterator<Segment> segments, ReadOptions options, CsvShape csv,
                                                    HadoopConf hadoop) {
        List<ParsedSegment> out = new ArrayList<>();
        while (segments.hasNext()) {
            out.add(SegmentParser.parse(segments.next(), options, csv, hadoop.get()));
        }
        return out.iterator();
    }

}
