package dev.fullbatch.input;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.RecordProblem;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's checks of a text input once every segment is parsed: the first problem in file order (whatever the
 * partitioning) as a {@link BadInputException} naming the file and line, or the {@link DataSummary}. Stateless.
 */
public final class TextSummary {
    /**
     * Driver memory a model needs per feature: the optimizer's vectors (L-BFGS keeps two per correction pair) and
     * the exact gradient sums being merged (33 bytes a component each). An estimate, used only to stop an inferred
     * width that cannot possibly fit before it exhausts memory.
     */
    public static final long DRIVER_BYTES_PER_FEATURE = 512;

    private TextSummary() {
    }

    /**
     * The summary of all segment reports, or the first problem in file order (whatever the partitioning, since
     * every block reports its own first problem and blocks are in file order).
     */
    public static DataSummary of(String uri, TextPlan plan, List<SegmentReport> reports, ReadOptions options,
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
                RecordProblem first = r.problems().get(0);
                throw new BadInputException(describe(first, segments, files, conf) + (unknownFeature(first, options)
                        ? ". Fix the line, or pass --ignore-unknown-features to score it without the features the "
                        + "model does not have (they are counted in metrics.json)"
                        : ". Fix the line, or pass --bad-records skip to train on the good rows only"));
            }
        }
        long rows = 0;
        long stored = 0;
        long bad = 0;
        long ignored = 0;
        SegmentReport widest = null;
        LabelStats labels = LabelStats.empty();
        long[] perFile = new long[files.size()];
        List<RecordProblem> problems = new ArrayList<>();
        for (SegmentReport r : reports) {
            Segment seg = segments.get((int) r.blockId());
            rows += r.rows();
            stored += r.storedValues();
            bad += r.badRecords();
            ignored += r.ignoredFeatureValues();
            if (widest == null || r.maxColumn() > widest.maxColumn()) {
                widest = r;
            }
            labels = labels.merge(r.labels());
            perFile[seg.fileIndex()] += r.rows();
            for (RecordProblem p : r.problems()) {
                if (problems.size() < DataSummary.MAX_EXAMPLES) {
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
            width = plan.csv().features(options);
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
                examples, segments.size(), null, ignored);
    }

    /**
     * Whether a problem is a feature index beyond the width of a model being applied (predict fixes the width with
     * "the N features of model M"), which {@code --ignore-unknown-features} handles.
     */
    private static boolean unknownFeature(RecordProblem p, ReadOptions options) {
        return options.widthOrigin().contains(" of model ") && p.reason().startsWith("feature index ")
                && p.reason().contains(" exceeds ");
    }

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
        try (InputStream in = InputStreams.open(file.path(), file.compressed(), 0, conf)) {
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
