package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.engine.LoadedData;
import dev.fullbatch.engine.LocalEngine;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.spark.SparkEngine;
import dev.fullbatch.spark.SparkTestSession;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every prediction of text input names its source file and 1-based line, counting every line (blank, comment and
 * skipped malformed ones too), exactly, however the files are cut into blocks and the blocks into partitions; and
 * the predictions themselves do not depend on that cutting.
 */
class PredictionRowOriginsTest {
    private static final int D = 5;

    @TempDir
    static Path dir;
    private static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        jsc = SparkTestSession.start("local[2]");
    }

    @AfterAll
    static void stop() {
        jsc.stop();
    }

    /** Two files of ~300 lines each, with blank, comment and malformed lines at irregular places. */
    private static Path input() throws IOException {
        Path folder = dir.resolve("in");
        if (Files.exists(folder)) {
            return folder;
        }
        Files.createDirectories(folder);
        java.util.Random random = new java.util.Random(14);
        for (String name : List.of("a.libsvm", "b.libsvm")) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int kind = random.nextInt(20);
                if (kind == 0) {
                    lines.add("");
                } else if (kind == 1) {
                    lines.add("oops 1:1");
                } else if (kind == 2) {
                    lines.add("1 0:2.5");
                } else {
                    StringBuilder row = new StringBuilder(random.nextBoolean() ? "1" : "-1");
                    for (int j = 1; j <= D; j++) {
                        if (random.nextInt(3) > 0) {
                            row.append(' ').append(j).append(':').append(random.nextInt(1000) / 100.0);
                        }
                    }
                    lines.add(row.toString());
                }
            }
            Files.write(folder.resolve(name), lines);
        }
        return folder;
    }

    /**
     * The expected "file-name,line" of every good row, read independently: a good line is non-blank, its label a
     * number and every index 1-based.
     */
    private static List<String> expectedOrigins(Path folder) throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : List.of("a.libsvm", "b.libsvm")) {
            List<String> lines = Files.readAllLines(folder.resolve(name));
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("oops") && !line.contains(" 0:")) {
                    out.add(name + "," + (i + 1));
                }
            }
        }
        return out;
    }

    private static ReadOptions options(int partitions) {
        return ReadOptions.builder(ReadOptions.Format.LIBSVM).numFeatures(D).skipBadRecords(Long.MAX_VALUE)
                .blockBytes(1024).partitions(partitions).build();
    }

    private static List<String[]> predict(LoadedData data, String name) throws IOException {
        assertTrue(data.summary().badRecords() > 0, "the input has malformed lines");
        double[] params = {0.5, -1.25, 2.0, 0.125, -0.75, 0.3};
        PredictionWriter writer = new PredictionWriter(
                new LinearObjective(LossKind.LEAST_SQUARES.create(2, 1.0), D, true), LossKind.LEAST_SQUARES, params,
                0, ReadOptions.Format.LIBSVM);
        Path target = dir.resolve(name);
        writer.write(data, target.toString(), RowOutputs.Format.CSV);
        List<String[]> rows = new ArrayList<>();
        List<Path> parts;
        try (Stream<Path> files = Files.list(target)) {
            parts = files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            assertEquals("file,line,label,prediction", lines.get(0), part.toString());
            for (String line : lines.subList(1, lines.size())) {
                rows.add(line.split(","));
            }
        }
        return rows;
    }

    private static List<String> origins(List<String[]> rows) {
        return rows.stream().map(r -> Path.of(URI.create(r[0]).getPath()).getFileName() + "," + r[1]).toList();
    }

    @Test
    void everyPredictionCarriesItsExactFileAndLineAcrossBlocksAndPartitions() throws IOException {
        Path folder = input();
        List<String> expected = expectedOrigins(folder);
        String uri = folder.toUri().toString();
        List<String[]> one;
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, options(1))) {
            one = predict(data, "one-partition");
        }
        List<String[]> seven;
        try (LoadedData data = new SparkEngine(jsc, 2).load(uri, options(7))) {
            seven = predict(data, "seven-partitions");
        }
        List<String[]> local;
        try (LoadedData data = new LocalEngine(new Configuration()).load(uri, options(0))) {
            local = predict(data, "local");
        }
        assertTrue(Files.size(folder.resolve("a.libsvm")) > 4 * 1024, "several blocks per file");
        assertEquals(expected, origins(one));
        assertEquals(expected, origins(seven));
        assertEquals(expected, origins(local));
        for (int i = 0; i < one.size(); i++) {
            assertEquals(List.of(one.get(i)), List.of(seven.get(i)), "row " + i + " at 1 and 7 partitions");
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(one.get(i)[3])),
                    Double.doubleToRawLongBits(Double.parseDouble(local.get(i)[3])), "row " + i + " locally");
        }
    }
}
