package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.RowOrigins;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.RowWeighting;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numeric Parquet columns read straight from the column chunks ({@link ParquetBlockScan}) give exactly the blocks,
 * reports and origins that the row path (Spark SQL rows, a shuffle into block order, converted to dense) gives, at
 * any block size and partitioning, bad rows included.
 */
class ParquetBlockScanTest {
    private static JavaSparkContext jsc;
    private static SparkSession spark;
    @TempDir
    static Path dir;
    private static Path numeric;

    @BeforeAll
    static void start() {
        jsc = SparkTestSession.start("local[2]");
        spark = SparkSession.builder().sparkContext(jsc.sc()).getOrCreate();
        numeric = dir.resolve("numeric");
        // Files of 700, 0, 523 and 301 rows in small row groups (2 KB), so blocks span row groups; the values
        // dictionary-encoded where they repeat, plain (dictionaries off), and in version 2 data pages.
        write(numeric.resolve("a"), 0, 700, Map.of());
        write(numeric.resolve("b"), 700, 0, Map.of());
        write(numeric.resolve("c"), 700, 523, Map.of("parquet.enable.dictionary", "false"));
        write(numeric.resolve("d"), 1223, 301, Map.of("parquet.writer.version", "v2"));
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    /**
     * id, label (double), x (double, with nulls, NaN and negative zeros), n (int), m (long), s (short), f (float,
     * mostly zero), w (double, the weight), o (double, the offset).
     */
    private static void write(Path folder, int first, int rows, Map<String, String> writerOptions) {
        StructType schema = new StructType().add("id", DataTypes.StringType, false)
                .add("label", DataTypes.DoubleType, true).add("x", DataTypes.DoubleType, true)
                .add("n", DataTypes.IntegerType, true).add("m", DataTypes.LongType, false)
                .add("s", DataTypes.ShortType, true).add("f", DataTypes.FloatType, true)
                .add("w", DataTypes.DoubleType, true).add("o", DataTypes.DoubleType, true);
        SplittableRandom rnd = new SplittableRandom(first + 7);
        List<Row> out = new ArrayList<>();
        for (int i = first; i < first + rows; i++) {
            Double x = i % 97 == 5 ? null : i % 89 == 3 ? Double.NaN : i % 13 == 0 ? -0.0 : rnd.nextGaussian();
            Double label = i % 151 == 7 ? null : (double) (i % 3 == 0 ? 1 : 0);
            out.add(RowFactory.create("r" + i, label, x, rnd.nextInt(-5, 5), (long) rnd.nextInt(1 << 30) << 20,
                    (short) rnd.nextInt(-300, 300), i % 5 == 0 ? (float) rnd.nextGaussian() : 0f,
                    i % 7 == 0 ? 0.5 : 1.0, i % 11 == 0 ? 0.25 : 0.0));
        }
        spark.createDataFrame(out, schema).coalesce(1).write().option("parquet.block.size", "2048")
                .options(writerOptions).parquet(folder.toString());
    }

    private static ReadOptions.Builder options(int blockRows, int partitions) {
        return ReadOptions.builder(ReadOptions.Format.PARQUET)
                .parquetColumns(new ParquetColumns("label", null, List.of("x", "n", "m", "s", "f")))
                .blockBytes(blockRows * ParquetLoader.BYTES_PER_ROW).partitions(partitions).skipBadRecords(1000);
    }

    /** Every block's contents, report and origins, in block order, as text. */
    private static String describe(BlockLoader.Loaded loaded) {
        StringBuilder sb = new StringBuilder();
        List<Block> blocks = loaded.blocks().collect();
        List<RowOrigins> origins = loaded.origins() == null ? null : loaded.origins().collect();
        for (int i = 0; i < blocks.size(); i++) {
            DenseBlock b = (DenseBlock) blocks.get(i);
            sb.append(b.id()).append(' ').append(b.rows()).append('x').append(b.numFeatures())
                    .append(" labels ").append(bits(b.labels())).append(" weights ").append(bits(b.weights()))
                    .append(" offsets ").append(bits(b.offsets())).append(" values ").append(bits(b.values()))
                    .append(" floats ").append(b.floatValues() == null ? "-" : floatBits(b.floatValues()));
            if (origins != null) {
                sb.append(" origins ").append(origins.get(i).file()).append(Arrays.toString(origins.get(i).positions()));
            }
            sb.append('\n');
        }
        DataSummary s = loaded.summary();
        sb.append(List.of(s.rows(), s.numFeatures(), s.storedValues(), s.dense(), s.badRecords(), s.badExamples(),
                s.blocks(), Arrays.toString(s.rowsPerFile()), s.labels().count()));
        return sb.toString();
    }

    private static String bits(double[] v) {
        if (v == null) {
            return "-";
        }
        return Arrays.toString(Arrays.stream(v).mapToLong(Double::doubleToRawLongBits).toArray());
    }

    private static String floatBits(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Float.floatToRawIntBits(v[i]);
        }
        return Arrays.toString(out);
    }

    private static String read(ReadOptions options, boolean direct) {
        try (BlockLoader.Loaded loaded = new ParquetLoader(jsc).load(numeric.toString(), options, direct)) {
            String lineage = loaded.blocks().rdd().toDebugString();
            assertEquals(!direct, lineage.contains("ShuffledRDD"), lineage);
            return describe(loaded);
        }
    }

    @Test
    void numericColumnsGiveTheRowPathsBlocksAtAnyBlockSizeAndPartitioning() {
        String expected = read(options(64, 3).build(), false);
        for (int[] shape : new int[][] {{64, 3}, {64, 0}, {64, 1}, {64, 7}}) {
            assertEquals(expected, read(options(shape[0], shape[1]).build(), true), Arrays.toString(shape));
        }
        // Blocks larger than a file, and blocks of four rows (the least, 1 KiB).
        assertEquals(read(options(100_000, 0).build(), false), read(options(100_000, 0).build(), true));
        assertEquals(read(options(4, 5).build(), false), read(options(4, 5).build(), true));
    }

    @Test
    void weightsOffsetsFloatStorageAndRowOriginsMatchToo() {
        ReadOptions options = options(50, 0).weighting(new RowWeighting("w", "o", false)).floatStorage(true)
                .rowIdentity(true).build();
        String direct = read(options, true);
        assertEquals(read(options, false), direct);
        assertTrue(direct.contains(" origins "), direct);
        assertTrue(direct.contains(" weights [") && direct.contains(" offsets ["), "weights and offsets were read");
    }

    @Test
    void badRowsAreNamedByFileRowAndColumnAsOnTheRowPath() {
        ReadOptions strict = ReadOptions.builder(ReadOptions.Format.PARQUET)
                .parquetColumns(new ParquetColumns("label", null, List.of("x", "n"))).build();
        BadInputException rows = assertThrows(BadInputException.class,
                () -> new ParquetLoader(jsc).load(numeric.toString(), strict, false));
        BadInputException direct = assertThrows(BadInputException.class,
                () -> new ParquetLoader(jsc).load(numeric.toString(), strict, true));
        assertEquals(rows.getMessage(), direct.getMessage());
        assertTrue(direct.getMessage().matches("(?s).*/a/part-[^ ]*\\.parquet row 4: column 'x' is NaN.*"),
                direct.getMessage());
    }

    @Test
    void cutsMoveToRowGroupStartsUnlessThatLosesParallelism() {
        // Two files of 100 rows, each one row group; blocks of 10 rows: 20 blocks.
        RowBlockLayout layout = RowBlockLayout.of(new long[] {100, 100}, 10);
        long[][] groups = {{100}, {100}};
        assertEquals(List.of(new ParquetBlockScan.BlockRange(0, 10), new ParquetBlockScan.BlockRange(10, 20)),
                ParquetBlockScan.ranges(layout, groups, 3, false, 2));
        // Asked for exactly 3 partitions: the even cut, wherever the row groups start.
        assertEquals(3, ParquetBlockScan.ranges(layout, groups, 3, true, 2).size());
        // One file, one row group: cutting at its start only would leave one task for two cores.
        RowBlockLayout one = RowBlockLayout.of(new long[] {200}, 10);
        assertEquals(2, ParquetBlockScan.ranges(one, new long[][] {{200}}, 2, false, 2).size());
    }

    @Test
    void aSparseOutcomeFallsBackToTheRowPath() {
        // Mostly zeros: --layout auto lays the data out sparsely, which the row path builds.
        ReadOptions options = ReadOptions.builder(ReadOptions.Format.PARQUET)
                .parquetColumns(new ParquetColumns("label", null, List.of("f"))).skipBadRecords(1000).build();
        try (BlockLoader.Loaded loaded = new ParquetLoader(jsc).load(numeric.toString(), options, true)) {
            assertFalse(loaded.summary().dense());
            assertTrue(loaded.blocks().rdd().toDebugString().contains("ShuffledRDD"));
            assertEquals(1, jsc.sc().getRDDStorageInfo().length, "only the row path's blocks stay cached");
        }
    }
}
