package dev.fullbatch.job;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.CategoricalColumn;
import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.OtherLevelCounts;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.engine.BlockPasses;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Predict's count of the rows whose value of a categorical column went to the column's other level (a value too
 * rare in training, or never seen there): one pass over the encoded blocks, integer counts merged by adding, so the
 * same for any partitioning. The encoding's features follow the numeric ones (CSV and Parquet rows alike), and
 * precede only the hashed features of Parquet rows.
 *
 * @param encoding the model's dictionaries
 * @param firstFeature the first feature of the encoding's block
 */
record OtherLevelRows(CategoricalEncoding encoding, int firstFeature) implements BlockAggregator<OtherLevelCounts> {

    /**
     * The counts over {@code data}, by column name in the encoding's order.
     *
     * @param features the features before the encoding's end: the row's width less any hashed features after it
     */
    static Map<String, Long> count(BlockPasses data, CategoricalEncoding encoding, int features) {
        OtherLevelCounts counts = data.reduce(new OtherLevelRows(encoding, features - encoding.width()),
                new double[0], "counting rows of other levels");
        Map<String, Long> out = new LinkedHashMap<>();
        for (int c = 0; c < encoding.columns().size(); c++) {
            out.put(encoding.columns().get(c).name(), counts.rows(c));
        }
        return out;
    }

    @Override
    public OtherLevelCounts zero() {
        return new OtherLevelCounts(encoding.columns().size());
    }

    @Override
    public OtherLevelCounts add(OtherLevelCounts partial, Block block, double[] parameters) {
        partial.count(block, firstFeature, encoding);
        return partial;
    }

    @Override
    public OtherLevelCounts merge(OtherLevelCounts left, OtherLevelCounts right) {
        return left.merge(right);
    }

    /** Says the counts, a line per column, as train says what its counting pass kept. */
    static void say(Map<String, Long> counts, CategoricalEncoding encoding, long rows, PrintWriter out) {
        for (CategoricalColumn c : encoding.columns()) {
            out.printf(Locale.ROOT, "fullbatch: categorical column %s: %,d of %,d rows to %s (values rare in "
                    + "training or never seen there)%n", c.name(), counts.get(c.name()), rows,
                    c.featureName(c.otherLevel()));
        }
    }
}
