package dev.fullbatch.input;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CsvLineParser;
import dev.fullbatch.data.LabelStats;
import dev.fullbatch.data.HashedTextLineParser;
import dev.fullbatch.data.KeptCsvCells;
import dev.fullbatch.data.KeptValues;
import dev.fullbatch.data.LibsvmLineParser;
import dev.fullbatch.data.LineParser;
import dev.fullbatch.data.LineTooLongException;
import dev.fullbatch.data.RecordProblem;
import dev.fullbatch.data.SparseBlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Parses one segment of LIBSVM or CSV text into its block and the report of what parsing found, line by line with
 * the {@code data} package's parsers: the work a Spark task (or the local engine) does per block. Stateless.
 */
public final class SegmentParser {
    private SegmentParser() {
    }

    /**
     * Parses one segment into its block and report. Never throws for anything wrong with the input: problems
     * go into the report, so that the driver can pick the first one in file order whatever the partitioning, and
     * no task fails (a failed task would be retried, and logged with a stack trace).
     */
    public static ParsedSegment parse(Segment seg, ReadOptions options, CsvShape csv, Configuration conf) {
        boolean isCsv = csv != null;
        int csvFeatures = isCsv ? csv.features(options) : 0;
        BlockBuilder builder = isCsv ? BlockBuilder.dense(csvFeatures) : BlockBuilder.sparse();
        RowWeighting weighting = options.weighting();
        LineParser parser = isCsv
                ? new CsvLineParser(csv.columns(), options.labelColumn(), weighting.csvWeightColumn(),
                        weighting.csvOffsetColumn(), csv.origin(), options.labels(),
                        options.categorical() == null ? null
                                : csv.columnsNamed(options.categorical().columns().stream()
                                        .map(dev.fullbatch.data.CategoricalColumn::name).toList(), options),
                        options.categorical(), csv.keptOnly())
                : options.hashing() != null ? new HashedTextLineParser(options.hashing(), options.labels())
                : new LibsvmLineParser(options.numFeatures(), options.widthOrigin(), options.labels(),
                        weighting.libsvmWeights(), options.ignoreUnknownFeatures());
        // Predictions only: the kept columns' cells of every row, read beside the row (the block never holds them).
        KeptCsvCells keptCells = isCsv && !options.keptColumns().isEmpty()
                ? new KeptCsvCells(csv.keptColumns(options)) : null;
        KeptValues.Builder kept = keptCells == null ? null : new KeptValues.Builder();
        List<RecordProblem> problems = new ArrayList<>();
        long bad = 0;
        RecordProblem fatal = null;
        String readError = null;
        long widest = -1;
        long start = seg.start();
        long lineInBlock = 0;
        long lastOffset = start;
        // The 0-based index, among the lines that begin in this segment, of every kept row's line (row identity).
        int[] rowLines = new int[64];
        try (SegmentLines lines = SegmentLines.open(seg, conf)) {
            boolean expectHeader = isCsv && options.header() && start == 0;
            boolean atFileStart = start == 0;
            try {
                while (lines.next()) {
                    long offset = lines.lineOffset();
                    lastOffset = offset;
                    byte[] b = lines.buffer();
                    int from = lines.lineStart();
                    int to = lines.lineEnd();
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
                        int row = builder.rows() - 1;
                        if (row >= rowLines.length) {
                            rowLines = java.util.Arrays.copyOf(rowLines, Math.max(row + 1, rowLines.length * 2));
                        }
                        rowLines[row] = Math.toIntExact(lineInBlock);
                        if (kept != null) {
                            kept.add(keptCells.read(b, from, to));
                        }
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
                        if (problems.size() < DataSummary.MAX_EXAMPLES) {
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
            readError = InputStreams.failure(seg.path(), seg.compressed(), e, lastOffset);
        }
        Block block = builder.build(seg.blockId(), csvFeatures, false, options.floatStorage());
        if (block instanceof SparseBlock sparse) {
            block = sparse.withWidth(sparse.maxColumn() + 1, sparse.floatValues() != null);
        }
        int maxColumn = block instanceof SparseBlock sp ? sp.maxColumn() : block.numFeatures() - 1;
        SegmentReport report = new SegmentReport(seg.blockId(), block.rows(), block.storedValues(), maxColumn,
                widest, LabelStats.of(block.labels()), bad, problems, fatal, readError,
                parser instanceof LibsvmLineParser libsvm ? libsvm.ignoredValues() : 0, lineInBlock);
        return new ParsedSegment(block, report, java.util.Arrays.copyOf(rowLines, block.rows()),
                kept == null ? null : kept.build());
    }

    private static String headerMismatch(CsvShape csv) {
        return csv.header() == null ? "unexpected header line" : "header differs from '" + CsvShape.shorten(csv.header())
                + "' of " + csv.headerFile() + "; every CSV file must start with the same header";
    }

    /** The message for a line too long to be a row. */
    static String tooLong(LineTooLongException e) {
        return "line longer than " + (e.limit() >> 20) + " MiB without a newline; is this a text file of "
                + "LIBSVM or CSV rows?";
    }
}
