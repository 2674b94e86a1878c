package dev.fullbatch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetGeneratorWriteTest {
    private static JavaSparkContext jsc;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        jsc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("generate-test")
                .set("spark.ui.enabled", "false"));
    }

    @AfterAll
    static void stopSpark() {
        jsc.stop();
    }

    private static List<Path> partFiles(Path output) throws IOException {
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
        }
    }

    private static byte[] concatenated(Path output) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (Path part : partFiles(output)) {
            all.write(Files.readAllBytes(part));
        }
        return all.toByteArray();
    }

    private static byte[] expected(DatasetGenerator generator) {
        StringBuilder text = new StringBuilder();
        for (long i = 0; i < generator.spec().rows(); i++) {
            text.append(generator.row(i)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void concatenatedPartsAreTheSameBytesForAnyPartitionCount() throws IOException {
        GeneratorSpec spec = new GeneratorSpec(Task.MULTICLASS, 1001, 20, 0.4, 3, 0.5, 99, 1);
        Path one = dir.resolve("one");
        Path three = dir.resolve("three");
        new DatasetGenerator(spec).write(jsc, one.toUri().toString());
        new DatasetGenerator(spec.withPartitions(3)).write(jsc, three.toUri().toString());
        assertEquals(1, partFiles(one).size());
        assertEquals(3, partFiles(three).size());
        assertTrue(Files.exists(three.resolve("_SUCCESS")));
        byte[] bytes = concatenated(one);
        assertArrayEquals(bytes, concatenated(three));
        assertArrayEquals(expected(new DatasetGenerator(spec)), bytes);
        List<String> middle = Files.readAllLines(partFiles(three).get(1));
        assertEquals(new DatasetGenerator(spec).row(334), middle.get(0), "part 1 starts at row 1001/3 + 1");
    }

    @Test
    void sameOptionsWriteIdenticalFiles() throws IOException {
        GeneratorSpec spec = new GeneratorSpec(Task.REGRESSION, 500, 8, 1, 2, 0.1, 5, 2);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        new DatasetGenerator(spec).write(jsc, first.toUri().toString());
        new DatasetGenerator(spec).write(jsc, second.toUri().toString());
        List<Path> firstParts = partFiles(first);
        List<Path> secondParts = partFiles(second);
        assertEquals(2, firstParts.size());
        for (int p = 0; p < firstParts.size(); p++) {
            assertEquals(firstParts.get(p).getFileName(), secondParts.get(p).getFileName());
            assertArrayEquals(Files.readAllBytes(firstParts.get(p)), Files.readAllBytes(secondParts.get(p)));
        }
    }

    @Test
    void morePartitionsThanRowsLeavesEmptyPartsButTheSameRows() throws IOException {
        GeneratorSpec spec = new GeneratorSpec(Task.XOR, 3, 2, 1, 0, 0, 1, 5);
        Path output = dir.resolve("few");
        new DatasetGenerator(spec).write(jsc, output.toUri().toString());
        assertEquals(5, partFiles(output).size());
        assertArrayEquals(expected(new DatasetGenerator(spec)), concatenated(output));
    }

    @Test
    void refusesAnExistingOutputAndLeavesItAlone() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("existing"));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        DatasetGenerator generator = new DatasetGenerator(new GeneratorSpec(Task.BINARY, 10, 3, 1, 2, 0, 1, 1));
        String message = assertThrows(IllegalArgumentException.class,
                () -> generator.write(jsc, existing.toUri().toString())).getMessage();
        assertTrue(message.contains("already exists"), message);
        assertEquals("mine", Files.readString(existing.resolve("keep.txt")));
        assertFalse(Files.exists(existing.resolve("_SUCCESS")));
    }
}
