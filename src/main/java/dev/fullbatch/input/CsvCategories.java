package dev.fullbatch.input;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.data.CsvCells;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineTooLongException;
import dev.fullbatch.data.RecordProblem;
import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The counting pass of {@code --categorical-cols}: every value of the named CSV columns counted over the whole
 * input, segment by segment (the segments the parsing pass makes blocks of), before any row is parsed into a block,
 * since the dictionary fixes the rows' width. Each segment's counts go into a {@link Tally}; tallies merge by adding
 * integer counts, so the result depends only on the data, never on partitions, task order or grouping, and the
 * dictionary built from it is sorted ({@link dev.fullbatch.data.CategoricalColumn}). An engine runs it: the Spark
 * engine as one job over the executors, the local engine in its thread.
 *
 * <p>Counted: the lines a row can come from (the header line of each file and blank lines are not). Lines with the
 * wrong column count or broken quoting are not counted (the parsing pass reports them); a cell is taken as parsing
 * takes it ({@link CsvCells}: blank-trimmed, unquoted, empty for a missing value). A line too long to be a row or a
 * file that cannot be read stops the counting of its segment and is reported, first in file order, as the parsing
 * pass would report it. Stateless.
 */
public final class CsvCategories {
    private CsvCategories() {
    }

    /**
     * What counting some segments found: the counts, and the first problem in file order. Mutable, serializable,
     * owned by one thread at a time (one per task, merged up a tree).
     */
    public static final class Tally implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        private final CategoryCounts counts;
        /** A line too long to be a row, in the earliest segment that had a problem; or null. */
        private RecordProblem tooLong;
        /** Why the earliest segment that had a problem could not be read; or null. */
        private String readError;
        private long problemBlock = Long.MAX_VALUE;

        /** An empty tally: @param names the columns counted, @param maxDistinct the bound per column */
        public Tally(List<String> names, int maxDistinct) {
            this.counts = new CategoryCounts(names, maxDistinct);
        }

        private void problem(long blockId, RecordProblem line, String error) {
            if (blockId < problemBlock) {
                problemBlock = blockId;
                tooLong = line;
                readError = error;
            }
        }

        /**
         * Adds {@code other} (counting the same columns) to this; {@code other} is not used afterwards.
         *
         * @return this
         */
        public Tally merge(Tally other) {
            counts.merge(other.counts);
            problem(other.problemBlock, other.tooLong, other.readError);
            return this;
        }

        /**
         * The counts of the whole input, once every segment is in.
         *
         * @throws BadInputException for the first line too long or file unreadable, in file order
         */
        public CategoryCounts result(TextPlan plan, Configuration conf) {
            if (readError != null) {
                throw new BadInputException(readError);
            }
            if (tooLong != null) {
                throw new BadInputException(TextSummary.describe(tooLong, plan.segments(), plan.files(), conf));
            }
            return counts;
        }
    }

    /**
     * The 0-based columns of {@code names} in the plan's header.
     *
     * @throws BadInputException when a name is not a feature column of the header, or the input has no header
     */
    public static int[] columns(TextPlan plan, ReadOptions options, List<String> names) {
        return plan.csv().columnsNamed(names, options);
    }

    /**
     * Counts the values of one segment into {@code tally}.
     *
     * @param columns the 0-based columns counted, in the order of the tally's names ({@link #columns})
     */
    public static void count(Segment seg, ReadOptions options, CsvShape csv, int[] columns, Tally tally,
                             Configuration conf) {
        String[] values = new String[columns.length];
        CsvCells cells = new CsvCells();
        boolean expectHeader = options.header() && seg.start() == 0;
        long lastOffset = seg.start();
        try (SegmentLines lines = SegmentLines.open(seg, conf)) {
            try {
                while (lines.next()) {
                    lastOffset = lines.lineOffset();
                    byte[] b = lines.buffer();
                    int from = lines.lineStart();
                    int to = lines.lineEnd();
                    while (to > from && LibsvmLineParser.isBlank(b[to - 1])) {
                        to--;
                    }
                    while (from < to && LibsvmLineParser.isBlank(b[from])) {
                        from++;
                    }
                    if (from >= to) {
                        continue;
                    }
                    if (expectHeader) {
                        expectHeader = false;
                        continue;
                    }
                    if (cells.split(b, from, to) != null || cells.count() != csv.columns()) {
                        continue;
                    }
                    for (int k = 0; k < columns.length; k++) {
                        values[k] = cells.text(b, columns[k]);
                    }
                    tally.counts.addRow(values);
                }
            } catch (LineTooLongException e) {
                tally.problem(seg.blockId(), new RecordProblem(seg.blockId(), e.lineOffset(), lines.lines(),
                        SegmentParser.tooLong(e), ""), null);
            }
        } catch (IOException e) {
            tally.problem(seg.blockId(), null, InputStreams.failure(seg.path(), seg.compressed(), e, lastOffset));
        }
    }

    /**
     * Counts the values of the columns {@code names} of a CSV input with a header in this thread, segment after
     * segment: what the local engine runs.
     *
     * @param maxDistinct the most distinct values a column may have
     * @throws BadInputException when the input cannot be read or a name is not a feature column of its header
     */
    public static CategoryCounts count(String uri, ReadOptions options, List<String> names, int maxDistinct,
                                       Configuration conf) {
        TextPlan plan = TextPlan.of(uri, options, conf);
        int[] columns = columns(plan, options, names);
        Tally tally = new Tally(names, maxDistinct);
        for (Segment seg : plan.segments()) {
            count(seg, options, plan.csv(), columns, tally, conf);
        }
        return tally.result(plan, conf);
    }
}
