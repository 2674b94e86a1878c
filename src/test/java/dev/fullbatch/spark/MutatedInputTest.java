package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.input.TextInput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random mutations of valid LIBSVM and CSV files (plain, gzip and bzip2, some with the compressed
 * bytes themselves damaged) through the loaders' own reading and checking code ({@link TextInput#read}, the local
 * engine's: listing, per-segment parsing, the driver-side checks) and the objective's label checks, without Spark, so that
 * thousands of inputs take seconds. Every input must be read, or rejected with a {@link BadInputException} whose
 * message is printable and, for a line, names a line that exists; never anything else. Each input is read with two
 * block sizes, which must give the same answer: the first error does not depend on how the input is cut.
 */
class MutatedInputTest {
    /** Fixed, so a failure is reproducible; the count is printed in the test output. */
    static final long SEED = 7_2026_1126L;
    static final int MUTATIONS = 3000;

    private static final Pattern LOCATED = Pattern.compile("m\\.(?:libsvm|csv)(?:\\.gz|\\.bz2)?:(\\d+)");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everyMutationIsReadOrRejectedWithAClearAnswerWhateverTheBlockSize() throws IOException {
        Configuration conf = new Configuration();
        SplittableRandom rnd = new SplittableRandom(SEED);
        byte[] libsvm = Mutations.libsvm(rnd, 120, 6);
        byte[] csv = Mutations.csv(rnd, 90, 5);
        List<LabelRule> rules = List.of(LabelRule.real("least-squares"), LabelRule.binary("logistic"),
                LabelRule.classes("softmax", 0, ""), LabelRule.classes("softmax", 3, "--classes 3"));
        Map<String, Integer> outcomes = new TreeMap<>();
        for (int i = 0; i < MUTATIONS; i++) {
            boolean isCsv = i % 2 == 1;
            byte[] base = isCsv ? csv : libsvm;
            String name = isCsv ? "m.csv" : "m.libsvm";
            byte[] input;
            String kind;
            switch (i % 20) {
                case 4 -> {
                    input = gzip(Mutations.mutate(base, rnd));
                    name += ".gz";
                    kind = "gzip";
                }
                case 8 -> {
                    input = Mutations.mutate(gzip(base), rnd);
                    name += ".gz";
                    kind = "damaged gzip";
                }
                case 12 -> {
                    input = Mutations.mutate(bzip2(base), rnd);
                    name += ".bz2";
                    kind = "damaged bzip2";
                }
                default -> {
                    input = Mutations.mutate(base, rnd);
                    kind = "text";
                }
            }
            Path file = dir.resolve("run-" + (i % 8)).resolve(name);
            Files.createDirectories(file.getParent());
            try (var old = Files.list(file.getParent())) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
            Files.write(file, input);
            boolean skip = i % 3 == 0;
            ReadOptions options = ReadOptions.builder(isCsv ? ReadOptions.Format.CSV : ReadOptions.Format.LIBSVM)
                    .header(isCsv).labels(rules.get((i / 2) % rules.size())).build();
            if (skip) {
                options = options.toBuilder().skipBadRecords(40).build();
            }
            String label = "mutation " + i + " (" + kind + ", " + name + ")";
            String whole = outcome(label, file, options, conf, input);
            String cut = outcome(label, file, options.withBlockBytes(1024), conf, input);
            assertEquals(whole, cut, () -> label + ": " + Mutations.escaped(input));
            outcomes.merge(kind + (whole.startsWith("ok") ? " read" : " rejected"), 1, Integer::sum);
        }
        System.out.println("MutatedInputTest: seed " + SEED + ", " + MUTATIONS + " mutated inputs, each read with "
                + "two block sizes: " + outcomes);
        assertTrue(outcomes.getOrDefault("text read", 0) > 0 && outcomes.getOrDefault("text rejected", 0) > 0,
                "the mutations exercise both outcomes: " + outcomes);
    }

    /** "ok ..." with what was read, or "rejected: message"; anything but a BadInputException fails the test. */
    private static String outcome(String label, Path file, ReadOptions options, Configuration conf,
                                  byte[] input) {
        try {
            DataSummary s = TextInput.read(file.toUri().toString(), options, conf).summary();
            int classes = options.labels().classCount(s.labels(), "training data");
            return "ok rows=" + s.rows() + " d=" + s.numFeatures() + " bad=" + s.badRecords() + " classes=" + classes
                    + " examples=" + s.badExamples();
        } catch (BadInputException e) {
            String msg = e.getMessage();
            assertFalse(msg == null || msg.isBlank(), "empty message");
            for (char c : msg.toCharArray()) {
                assertFalse(c < 0x20 && c != '\t', () -> "unprintable character in: " + msg);
            }
            Matcher m = LOCATED.matcher(msg);
            if (m.find()) {
                long line = Long.parseLong(m.group(1));
                long lines = 1;
                for (byte b : input) {
                    lines += b == '\n' ? 1 : 0;
                }
                long shown = line;
                long bound = file.toString().endsWith(".libsvm") || file.toString().endsWith(".csv") ? lines
                        : Long.MAX_VALUE;
                assertTrue(shown >= 1 && shown <= bound, () -> "line " + shown + " of " + bound + ": " + msg);
            }
            return "rejected: " + msg;
        } catch (RuntimeException | Error e) {
            String shown = Mutations.escaped(input);
            throw new AssertionError("not a clear answer for " + label + ": " + e + "; input '"
                    + (shown.length() > 800 ? shown.substring(0, 800) + "..." : shown) + "'", e);
        }
    }

    static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bytes)) {
            o.write(b);
        }
        return bytes.toByteArray();
    }

    static byte[] bzip2(byte[] b) throws IOException {
        BZip2Codec codec = new BZip2Codec();
        codec.setConf(new Configuration());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream o = codec.createOutputStream(bytes)) {
            o.write(b);
        }
        return bytes.toByteArray();
    }
}
