package dev.fullbatch.input;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.data.SparseBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads a LIBSVM or CSV input on the calling thread: the same plan, per-segment parsing, checks and layout as the
 * Spark loader, so the same blocks, summary and messages, without Spark: the local engine's reading. Stateless.
 */
public final class TextInput {
    private TextInput() {
    }

    /**
     * An input read into memory.
     *
     * @param blocks the blocks in the global row order, laid out as the Spark loader caches them
     * @param summary what they hold
     * @param origins where each block's rows came from, by block
     */
    public record Read(List<Block> blocks, DataSummary summary, List<RowOrigins> origins) {
        /** Copies the lists. */
        public Read {
            blocks = List.copyOf(blocks);
            origins = List.copyOf(origins);
        }
    }

    /**
     * Reads, checks and lays out an input.
     *
     * @throws dev.fullbatch.data.BadInputException exactly when the Spark loader would, with the same message
     */
    public static Read read(String uri, ReadOptions options, Configuration conf) {
        TextPlan plan = TextPlan.of(uri, options, conf);
        List<Block> blocks = new ArrayList<>();
        List<SegmentReport> reports = new ArrayList<>();
        List<ParsedSegment> parsedSegments = new ArrayList<>();
        for (Segment seg : plan.segments()) {
            ParsedSegment parsed = SegmentParser.parse(seg, options, plan.csv(), conf);
            blocks.add(parsed.block());
            reports.add(parsed.report());
            parsedSegments.add(parsed);
        }
        DataSummary summary = TextSummary.of(uri, plan, reports, options, conf);
        LineNumbering numbering = LineNumbering.of(plan.segments(), reports);
        List<RowOrigins> origins = new ArrayList<>();
        for (ParsedSegment parsed : parsedSegments) {
            origins.add(numbering.origins(parsed));
        }
        if (summary.dense() && options.format() == ReadOptions.Format.LIBSVM) {
            blocks.replaceAll(b -> ((SparseBlock) b).toDense(summary.numFeatures(), options.floatStorage()));
        }
        return new Read(blocks, summary, origins);
    }
}
