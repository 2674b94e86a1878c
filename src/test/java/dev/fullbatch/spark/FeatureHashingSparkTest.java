package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.data.HashedRow;
import dev.fullbatch.data.SparseBlock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.feature.HashingTF;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.hash.Murmur3_x86_32;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * fullbatch's feature hashing against Spark ML's own, for thousands of strings of every kind (empty, ASCII,
 * Latin-1, CJK, emoji and other supplementary characters, combining marks, '=' and ':' inside): the signed hash
 * (whose sign the alternate-sign option uses), HashingTF's index of a term, and the vectors FeatureHasher makes of
 * string columns and HashingTF of arrays of terms, compared with the rows fullbatch builds.
 */
class FeatureHashingSparkTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[1]").appName("fullbatch-hashing-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Strings of every length 0..40 from ASCII, Latin-1, CJK, combining marks and supplementary code points. */
    private static List<String> strings(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] ranges = {{0x20, 0x7E}, {0xA0, 0xFF}, {0x4E00, 0x9FFF}, {0x0300, 0x036F}, {0x1F600, 0x1F64F},
            {0x10000, 0x10FFF}, {0x0400, 0x04FF}};
        List<String> out = new ArrayList<>(List.of("", "a", "ab", "abc", "abcd", "abcde", "color=red", "x:1",
                "\u00e9", "\u65e5\u672c", "\ud83d\ude00", "e\u0301"));
        while (out.size() < count) {
            StringBuilder s = new StringBuilder();
            int length = random.nextInt(41);
            for (int i = 0; i < length; i++) {
                int[] range = ranges[random.nextInt(ranges.length)];
                s.appendCodePoint(random.nextInt(range[0], range[1] + 1));
            }
            out.add(s.toString());
        }
        return out;
    }

    @Test
    void theHashIsSparksSignedMurmur3AndTheIndexHashingTfs() {
        HashingTF tf = new HashingTF().setNumFeatures(1 << 18);
        FeatureHashing hashing = new FeatureHashing(18, true);
        for (String s : strings(5000, 1)) {
            UTF8String utf8 = UTF8String.fromString(s);
            int spark = Murmur3_x86_32.hashUnsafeBytes2(utf8.getBaseObject(), utf8.getBaseOffset(), utf8.numBytes(),
                    42);
            assertEquals(spark, FeatureHashing.hash(s), s);
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(spark, FeatureHashing.hash(bytes, 0, bytes.length), s);
            assertEquals(tf.indexOf(s), hashing.index(s), s);
            assertEquals(spark < 0 ? -1.0 : 1.0, hashing.sign(s), s);
            assertEquals(1.0, new FeatureHashing(18, false).sign(s), s);
        }
        for (int bits : new int[] {1, 5, 20, 30}) {
            HashingTF narrow = new HashingTF().setNumFeatures(1 << bits);
            for (String s : strings(300, bits)) {
                assertEquals(narrow.indexOf(s), new FeatureHashing(bits, false).index(s), bits + " bits: " + s);
            }
        }
    }

    @Test
    void stringColumnsGiveFeatureHashersVectorsAndArraysHashingTfs() {
        int bits = 12; // narrow, so rows have collisions too
        List<String> a = strings(600, 2);
        List<String> b = strings(600, 3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            List<String> terms = List.of(a.get(i), b.get(i), a.get(i), a.get((i + 1) % a.size()));
            rows.add(RowFactory.create(a.get(i), b.get(i), terms.toArray(new String[0])));
        }
        StructType schema = new StructType().add("c", DataTypes.StringType).add("d=e", DataTypes.StringType)
                .add("terms", DataTypes.createArrayType(DataTypes.StringType));
        Dataset<Row> frame = spark.createDataFrame(rows, schema);
        Dataset<Row> hashed = new FeatureHasher().setInputCols(new String[] {"c", "d=e"}).setOutputCol("h")
                .setNumFeatures(1 << bits).transform(frame);
        hashed = new HashingTF().setInputCol("terms").setOutputCol("tf").setNumFeatures(1 << bits).transform(hashed);
        List<Row> out = hashed.select("c", "d=e", "terms", "h", "tf").collectAsList();
        FeatureHashing hashing = new FeatureHashing(bits, false);
        HashedRow row = new HashedRow(hashing);
        BlockBuilder columns = BlockBuilder.sparse();
        BlockBuilder terms = BlockBuilder.sparse();
        for (Row r : out) {
            row.add(FeatureHashing.columnToken("c", r.getString(0)), 1.0);
            row.add(FeatureHashing.columnToken("d=e", r.getString(1)), 1.0);
            row.finishInto(columns);
            columns.endRow(0, 1);
            for (Object term : r.getList(2)) {
                row.add((String) term, 1.0);
            }
            row.finishInto(terms);
            terms.endRow(0, 1);
        }
        SparseBlock columnBlock = (SparseBlock) columns.build(0, 1 << bits, false, false);
        SparseBlock termBlock = (SparseBlock) terms.build(0, 1 << bits, false, false);
        for (int i = 0; i < out.size(); i++) {
            sameVector(out.get(i).getAs(3), columnBlock, i);
            sameVector(out.get(i).getAs(4), termBlock, i);
        }
    }

    private static void sameVector(SparseVector expected, SparseBlock block, int row) {
        int from = block.rowStart()[row];
        int to = block.rowStart()[row + 1];
        int[] indices = java.util.Arrays.copyOfRange(block.columns(), from, to);
        double[] values = java.util.Arrays.copyOfRange(block.values(), from, to);
        SparseVector sorted = expected.toSparse();
        assertArrayEquals(sorted.indices(), indices, "row " + row);
        assertArrayEquals(sorted.values(), values, "row " + row);
    }
}
