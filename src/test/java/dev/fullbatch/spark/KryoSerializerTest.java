package dev.fullbatch.spark;

import static dev.fullbatch.spark.GradientBits.assertSameBits;
import static dev.fullbatch.spark.GradientBits.bits;
import static dev.fullbatch.spark.GradientBits.params;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under Spark's KryoSerializer with registration required (settings clusters often have in spark-defaults.conf),
 * loading, caching serialized, and both merge paths work and give the Java serializer's bits.
 */
class KryoSerializerTest {
    private static JavaSparkContext jsc;

    @TempDir
    static Path dir;

    private static Path sparse;

    @BeforeAll
    static void start() throws Exception {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("fullbatch-kryo-test")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrationRequired", "true")
                .set(KryoRegistration.SETTING, KryoRegistration.withThis(null));
        jsc = new JavaSparkContext(conf);
        jsc.setLogLevel("ERROR");
        sparse = TestData.libsvm(dir.resolve("sparse.libsvm"), 2000, 30, 0.2, "binary", 3);
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    @Test
    void blocksAndPartialsTravelThroughKryoWithTheSameBits() {
        ReadOptions options = ReadOptions.libsvm().withBlockBytes(8192).withPartitions(3);
        try (BlockLoader.Loaded data = new BlockLoader(jsc).load(sparse.toString(), options)) {
            List<Block> local = data.blocks().collect();
            // Serialized caching writes every block with the configured serializer.
            JavaRDD<Block> serialized = data.blocks().map(b -> b).persist(StorageLevel.MEMORY_ONLY_SER());
            assertEquals(local.size(), serialized.count());
            for (int width : new int[] {30, TreeGradient.WIDE + 3}) { // direct to the driver, and reduce-scattered
                LinearObjective objective = new LinearObjective(LossKind.LOGISTIC.create(2, 1.0), width, true);
                double[] p = params(objective.dimension());
                long[] reference = bits(new LocalReduction(local).aggregate(objective, p, true, "reference"));
                assertSameBits(reference, bits(new TreeGradient(jsc, serialized, 2).aggregate(objective, p, true,
                        "kryo")), "width " + width);
            }
            serialized.unpersist();
        }
    }

    @Test
    void parquetNumericColumnsReadStraightIntoBlocksTravelThroughKryo() throws Exception {
        // Written with parquet-hadoop (Spark SQL's writer is not what is tested), the Spark schema in the footer
        // as Spark writes it, so the columns are read straight from the column chunks.
        Path file = dir.resolve("numeric.parquet");
        MessageType type = MessageTypeParser.parseMessageType(
                "message spark_schema { required double label; optional double x; optional int32 n; }");
        StructType schema = new StructType().add("label", DataTypes.DoubleType, false)
                .add("x", DataTypes.DoubleType, true).add("n", DataTypes.IntegerType, true);
        try (ParquetWriter<Group> out = ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toString()))
                .withType(type).withExtraMetaData(Map.of(ParquetFooters.SPARK_SCHEMA_KEY, schema.json())).build()) {
            SimpleGroupFactory rows = new SimpleGroupFactory(type);
            for (int i = 0; i < 300; i++) {
                out.write(rows.newGroup().append("label", (double) (i % 2)).append("x", i * 0.5).append("n", i % 7));
            }
        }
        ReadOptions options = ReadOptions.builder(ReadOptions.Format.PARQUET).blockBytes(64 * 256).partitions(3)
                .storageLevel("MEMORY_ONLY_SER").build();
        try (BlockLoader.Loaded data = new ParquetLoader(jsc).load(file.toString(), options)) {
            assertTrue(data.blocks().rdd().toDebugString().contains("ParallelCollectionRDD"), "read straight");
            List<Block> blocks = data.blocks().collect();
            assertEquals(5, blocks.size());
            assertEquals(300, data.summary().rows());
            DenseBlock last = (DenseBlock) blocks.get(4);
            assertArrayEquals(new double[] {128.0, 4.0, 128.5, 5.0}, Arrays.copyOfRange(last.values(), 0, 4));
        }
    }

    @Test
    void categoryTalliesTravelThroughKryoUpTheMergeTree() throws Exception {
        Path csv = dir.resolve("colors.csv");
        StringBuilder text = new StringBuilder("y,x,color\n");
        for (int i = 0; i < 300; i++) {
            text.append(i % 2).append(',').append(i).append(",\"c, ").append(i % 7).append("\"\n");
        }
        java.nio.file.Files.writeString(csv, text.toString());
        ReadOptions options = ReadOptions.builder(ReadOptions.Format.CSV).header(true).blockBytes(1024)
                .partitions(5).build();
        dev.fullbatch.data.CategoryCounts counts = new SparkEngine(jsc, 3).countCategories(csv.toString(), options,
                List.of("color"), 100);
        dev.fullbatch.data.CategoricalColumn color = counts.encoding(1).columns().get(0);
        assertEquals(7, color.levels().size());
        assertEquals("c, 0", color.levels().get(0).value());
        assertEquals(43, color.levels().get(0).rows());
    }

    @Test
    void registratorIsAddedOnceToAnExistingList() {
        String me = KryoRegistration.class.getName();
        assertEquals(me, KryoRegistration.withThis(" "));
        assertEquals("a.B," + me, KryoRegistration.withThis("a.B"));
        assertEquals("a.B, " + me, KryoRegistration.withThis("a.B, " + me));
    }
}
