package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.CategoricalColumn;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.data.CategoryLevel;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.engine.LocalEngine;
import dev.fullbatch.input.ReadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The counting pass of {@code --categorical-cols} as one Spark job over the segments: the counts equal the ones an
 * independent CSV reader (univocity, the parser behind Spark's own CSV source) finds, for quoted cells with commas
 * and doubled quotes too, at any partitioning and tree depth, and on the local engine.
 */
class CsvCategoryPassTest {
    private static final List<String> NAMES = List.of("city, state", "color");
    private static final String[] CITIES = {"\"New York, NY\"", "Boston", "\"Say \"\"hi\"\"\"", " Paris ", "",
        "\"  \"", "\"\"", "\"Zürich\""};

    @TempDir
    static Path dir;
    private static JavaSparkContext jsc;
    private static Path input;

    @BeforeAll
    static void start() throws IOException {
        jsc = SparkTestSession.start("local[2]");
        input = dir.resolve("in");
        Files.createDirectories(input);
        Random random = new Random(17);
        for (String name : List.of("a.csv", "b.csv")) {
            StringBuilder text = new StringBuilder("y, x ,\"city, state\",color\n");
            for (int i = 0; i < 400; i++) {
                int kind = random.nextInt(25);
                if (kind == 0) {
                    text.append('\n');
                } else if (kind == 1) {
                    text.append("1,2\n"); // wrong column count: not counted
                } else if (kind == 2) {
                    text.append("1,2,Boston,red,extra\n");
                } else {
                    int color = (int) Math.floor(Math.pow(random.nextDouble(), 3) * 40);
                    text.append(random.nextInt(2)).append(',').append(random.nextInt(100) / 10.0).append(',')
                            .append(CITIES[random.nextInt(CITIES.length)]).append(',').append("c").append(color)
                            .append(random.nextInt(10) == 0 ? "\r\n" : "\n");
                }
            }
            Files.writeString(input.resolve(name), text.toString());
        }
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    private static ReadOptions options(int partitions) {
        return ReadOptions.builder(ReadOptions.Format.CSV).header(true).labelColumn(0).blockBytes(1024)
                .partitions(partitions).build();
    }

    /** Per column, value (null: missing) to rows, as univocity reads the files. */
    private static List<Map<String, Long>> expected() {
        CsvParserSettings settings = new CsvParserSettings();
        settings.setHeaderExtractionEnabled(true);
        settings.getFormat().setLineSeparator("\n");
        List<Map<String, Long>> out = List.of(new HashMap<>(), new HashMap<>());
        for (String name : List.of("a.csv", "b.csv")) {
            for (String[] row : new CsvParser(settings).parseAll(input.resolve(name).toFile(), "UTF-8")) {
                if (row.length != 4) {
                    continue;
                }
                out.get(0).merge(row[2], 1L, Long::sum);
                out.get(1).merge(row[3], 1L, Long::sum);
            }
        }
        return out;
    }

    private static List<Map<String, Long>> counted(CategoryCounts counts) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (CategoricalColumn column : counts.encoding(1).columns()) {
            Map<String, Long> levels = new HashMap<>();
            for (CategoryLevel level : column.levels()) {
                levels.put(level.value(), level.rows());
            }
            out.add(levels);
        }
        return out;
    }

    private static CategoryCounts count(DataEngine engine, int partitions, int maxDistinct) {
        return engine.countCategories(input.toUri().toString(), options(partitions), NAMES, maxDistinct);
    }

    @Test
    void countsEqualAnIndependentCsvReaderAtAnyPartitioningAndTreeDepthAndLocally() throws IOException {
        assertTrue(Files.size(input.resolve("a.csv")) > 6 * 1024, "several segments per file");
        List<Map<String, Long>> expected = expected();
        assertTrue(expected.get(0).containsKey("New York, NY") && expected.get(0).containsKey("Say \"hi\"")
                && expected.get(0).containsKey(null) && expected.get(0).containsKey("  "), expected::toString);
        assertTrue(expected.get(1).size() > 20, expected::toString);
        for (int depth : new int[] {1, 3}) {
            for (int partitions : new int[] {1, 7}) {
                CategoryCounts counts = count(new SparkEngine(jsc, depth), partitions, 1000);
                assertEquals(expected, counted(counts), "depth " + depth + ", " + partitions + " partitions");
            }
        }
        CategoryCounts local = count(new LocalEngine(new Configuration()), 0, 1000);
        assertEquals(expected, counted(local), "local engine");
        assertEquals(count(new SparkEngine(jsc, 2), 7, 1000).encoding(3),
                local.encoding(3), "the same dictionary");
    }

    @Test
    void aColumnWithMoreDistinctValuesThanTheBoundOverflowsWhateverThePartitioning() {
        int colors = expected().get(1).size();
        for (DataEngine engine : List.of(new SparkEngine(jsc, 2), new LocalEngine(new Configuration()))) {
            for (int partitions : new int[] {1, 7}) {
                CategoryCounts over = count(engine, partitions, colors - 1);
                assertFalse(over.overflowed(0), "city has few values");
                assertTrue(over.overflowed(1), "color at " + partitions + " partitions");
                CategoryCounts exact = count(engine, partitions, colors);
                assertFalse(exact.overflowed(1), "color at " + partitions + " partitions, bound " + colors);
            }
        }
    }

    @Test
    void aNameNotInTheHeaderIsRefusedWithTheHeader() {
        BadInputException e = assertThrows(BadInputException.class, () -> new SparkEngine(jsc, 2).countCategories(
                input.toUri().toString(), options(3), List.of("colour"), 1000));
        assertTrue(e.getMessage().contains("'colour' is not a column of the header"), e::getMessage);
    }
}
