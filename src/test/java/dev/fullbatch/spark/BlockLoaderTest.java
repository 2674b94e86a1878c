package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.input.ReadOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlockLoaderTest {
    private static JavaSparkContext jsc;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        jsc = SparkTestSession.start("local[2]");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    private BlockLoader.Loaded load(Path input, ReadOptions options) {
        return new BlockLoader(jsc).load(input.toUri().toString(), options);
    }

    private static String signature(List<Block> blocks) {
        StringBuilder sb = new StringBuilder();
        blocks.stream().sorted(Comparator.comparingLong(Block::id)).forEach(b -> {
            sb.append(b.id()).append(':').append(b.rows());
            for (double l : b.labels()) {
                sb.append(',').append(l);
            }
            sb.append(';');
        });
        return sb.toString();
    }

    @Test
    void aReadSaysItsProgressFromTaskCompletionsAndCountsEveryBlockOnce() throws Exception {
        List<String> lines = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        long[] blocks = {1, 2, 3};
        long[] bytes = {100, 200, 300};
        try (ReadProgressListener progress = ReadProgressListener.open(jsc, "in", blocks, bytes, 600, 0,
                lines::add)) {
            jsc.parallelize(List.of(1, 2, 3, 4, 5, 6), 3).count();
            jsc.parallelize(List.of(1, 2, 3), 3).count();
            waitFor(() -> lines.size() >= 6);
        }
        // Another job of this thread, after close: not reported.
        jsc.parallelize(List.of(1, 2), 2).count();
        assertEquals(6, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("fullbatch: reading in: "), lines::toString);
        assertTrue(lines.get(5).startsWith("fullbatch: reading in: 6/6 blocks, 600 B of 600 B, "), lines::toString);
        assertTrue(lines.stream().filter(l -> l.contains(" 6/6 blocks")).count() >= 4,
                "the second job's tasks add nothing: " + lines);
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void blockBoundariesDependOnlyOnTheInput() throws IOException {
        TestData.libsvm(dir.resolve("in/part-0"), 700, 9, 0.5, "regression", 3);
        TestData.libsvm(dir.resolve("in/part-1"), 300, 9, 0.5, "regression", 4);
        String reference = null;
        for (int partitions : new int[] {1, 2, 5, 40}) {
            try (BlockLoader.Loaded data = load(dir.resolve("in"), ReadOptions.libsvm().withBlockBytes(2048)
                    .withPartitions(partitions))) {
                String sig = signature(data.blocks().collect());
                assertEquals(1000, data.summary().rows());
                if (reference == null) {
                    reference = sig;
                } else {
                    assertEquals(reference, sig, "partitions " + partitions);
                }
            }
        }
    }

    @Test
    void readsCompressedCrlfAndCommentedInputAndSkipsHiddenFiles() throws IOException {
        Path folder = dir.resolve("mixed");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("a.libsvm"), "1 1:1 2:2\r\n# comment\r\n\r\n-1 2:3 # trailing\r\n");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve("b.libsvm.gz")))) {
            out.write("1 3:1\n-1 1:0.5\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Files.writeString(folder.resolve(".hidden"), "garbage that would not parse\n");
        try (BlockLoader.Loaded data = load(folder, ReadOptions.libsvm())) {
            assertEquals(4, data.summary().rows());
            assertEquals(3, data.summary().numFeatures());
            assertEquals(2, data.summary().files().size());
        }
    }

    @Test
    void reportsTheFirstBadLineWithFileAndLineNumberWhateverThePartitioning() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            sb.append(i == 250 ? "1 2:1 1:1\n" : i == 390 ? "x 1:1\n" : "1 1:" + i + " 2:1\n");
        }
        Path file = dir.resolve("bad.libsvm");
        Files.writeString(file, sb.toString());
        for (int partitions : new int[] {1, 3, 8}) {
            BadInputException e = assertThrows(BadInputException.class, () -> load(file,
                    ReadOptions.libsvm().withBlockBytes(1024).withPartitions(partitions)));
            assertTrue(e.getMessage().contains("bad.libsvm:250: feature indices not increasing: 1 after 2"),
                    e.getMessage());
        }
    }

    @Test
    void skipPolicyTrainsOnGoodRowsAndCountsBadOnes() throws IOException {
        Path file = dir.resolve("some-bad.libsvm");
        Files.writeString(file, "1 1:1\nbad line\n-1 1:2\n1 0:3\n");
        ReadOptions skip = ReadOptions.builder(ReadOptions.Format.LIBSVM).blockBytes(4096)
                .skipBadRecords(10).build();
        try (BlockLoader.Loaded data = load(file, skip)) {
            assertEquals(2, data.summary().rows());
            assertEquals(2, data.summary().badRecords());
            assertTrue(data.summary().badExamples().get(0).contains("some-bad.libsvm:2:"));
            assertTrue(data.summary().badExamples().get(1).contains("some-bad.libsvm:4:"));
        }
        ReadOptions strict = ReadOptions.builder(ReadOptions.Format.LIBSVM).blockBytes(4096)
                .skipBadRecords(1).build();
        BadInputException e = assertThrows(BadInputException.class, () -> load(file, strict));
        assertTrue(e.getMessage().contains("exceed --max-bad-records 1"), e.getMessage());
    }

    @Test
    void csvWithHeaderBecomesDenseBlocks() throws IOException {
        Path file = dir.resolve("t.csv");
        Files.writeString(file, "y,a,b\n1,2,3\n4,5,6\n");
        ReadOptions csv = ReadOptions.builder(ReadOptions.Format.CSV).header(true).blockBytes(4096)
                .build();
        try (BlockLoader.Loaded data = load(file, csv)) {
            List<Block> blocks = data.blocks().collect();
            DenseBlock b = (DenseBlock) blocks.get(0);
            assertEquals(2, data.summary().numFeatures());
            assertEquals(4.0, b.labels()[1]);
            assertEquals(6.0, b.values()[3]);
        }
    }

    @Test
    void missingAndEmptyInputsAreClearErrors() throws IOException {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> load(dir.resolve("nope.libsvm"), ReadOptions.libsvm()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("_SUCCESS"), "");
        BadInputException none = assertThrows(BadInputException.class, () -> load(empty, ReadOptions.libsvm()));
        assertTrue(none.getMessage().contains("no data files"), none.getMessage());
        Path blank = dir.resolve("blank.libsvm");
        Files.writeString(blank, "\n# nothing\n\n");
        BadInputException noRows = assertThrows(BadInputException.class, () -> load(blank, ReadOptions.libsvm()));
        assertTrue(noRows.getMessage().contains("no data rows"), noRows.getMessage());
    }
}
