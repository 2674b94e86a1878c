package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.RowWeighting;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/**
 * How the Parquet row reader lays out a row of numeric, categorical and hashed columns (no Spark needed: rows are
 * plain Rows): the numeric features, then each categorical column's level, then the hashed block; nulls, integer
 * values and unseen values.
 */
class ParquetEncodedRowTest {
    private static final String FILE = "file:/d/a.parquet";
    private static final ParquetColumns COLUMNS = new ParquetColumns("label", null, List.of("x"),
            List.of("color", "code"), List.of("s", "tags"), List.of());

    /** label, x, color, code, s, tags, file path, row index. */
    private static Row row(double x, String color, Long code, String s, List<String> tags, long index) {
        Object seq = tags == null ? null : scala.jdk.javaapi.CollectionConverters.asScala(tags).toSeq();
        return RowFactory.create(1.0, x, color, code, s, seq, FILE, index);
    }

    private static CategoricalEncoding dictionary() {
        CategoryCounts counts = new CategoryCounts(List.of("color", "code"), 100);
        counts.addRow(new String[] {"red", "7"});
        counts.addRow(new String[] {"blue", "10"});
        counts.addRow(new String[] {null, "7"});
        // color: (null), blue, red, (other); code: 10, 7, (other): decimal text, "10" < "7"
        return counts.encoding(1);
    }

    @Test
    void numericThenLevelsThenHashedFeatures() {
        CategoricalEncoding dictionary = dictionary();
        assertEquals(7, dictionary.width());
        FeatureHashing hashing = new FeatureHashing(4, false);
        ParquetRowReader reader = new ParquetRowReader(COLUMNS, RowWeighting.NONE, 0,
                RowBlockLayout.of(new long[] {3}, 3), new InputFileIndex(List.of(FILE)), dictionary, hashing);
        assertEquals(1 + 7 + 16, reader.sizeOf(row(0, null, null, null, null, 0)));
        BlockBuilder out = BlockBuilder.sparse();
        assertNull(reader.read(row(2.5, "red", 7L, "a", List.of("t", "u", "t"), 0), 0, out));
        assertNull(reader.read(row(0, null, 10L, null, null, 1), 0, out));
        assertNull(reader.read(row(-1, "green", 99L, "b", List.of(), 2), 0, out));
        SparseBlock b = (SparseBlock) out.build(0, 24, false, false);

        // x, color=red (level 2 of (null), blue, red), code=7 (level 1 of 10, 7), then s=a, t twice, u
        TreeMap<Integer, Double> first = new TreeMap<>(Map.of(0, 2.5, 1 + 2, 1.0, 1 + 4 + 1, 1.0));
        hashed(first, hashing, "s=a", "t", "u", "t");
        // x = 0 is not stored; a null color is its own level (kept: it had a row); null s and tags add nothing
        TreeMap<Integer, Double> second = new TreeMap<>(Map.of(1, 1.0, 1 + 4, 1.0));
        // unseen values go to the other levels; the empty array adds nothing
        TreeMap<Integer, Double> third = new TreeMap<>(Map.of(0, -1.0, 1 + 3, 1.0, 1 + 4 + 2, 1.0));
        hashed(third, hashing, "s=b");
        List<TreeMap<Integer, Double>> expected = List.of(first, second, third);
        for (int r = 0; r < 3; r++) {
            TreeMap<Integer, Double> row = new TreeMap<>();
            for (int k = b.rowStart()[r]; k < b.rowStart()[r + 1]; k++) {
                row.put(b.columns()[k], b.values()[k]);
            }
            assertEquals(expected.get(r), row, "row " + r);
        }
    }

    /** Adds the hashed tokens' values (1 each) at 8 + their index, after x and the 7 levels. */
    private static void hashed(TreeMap<Integer, Double> row, FeatureHashing hashing, String... tokens) {
        for (String t : tokens) {
            row.merge(8 + hashing.index(t), 1.0, Double::sum);
        }
    }
}
