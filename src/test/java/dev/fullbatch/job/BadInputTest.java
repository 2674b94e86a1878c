package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad input and misconfiguration of issue 7, through the real command line in one shared session:
 * the exit code, the message (file, line, reason, offending text) and the state of the output directory. The
 * messages seen are printed at the end (in the test's output file) for docs/bad-input.md.
 */
class BadInputTest {
    private static SparkSession spark;
    private static final Map<String, String> SEEN = new TreeMap<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("fullbatch-bad-input-test")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        spark.stop();
        StringBuilder sb = new StringBuilder("user-visible messages seen:\n");
        SEEN.forEach((k, v) -> sb.append("MESSAGE ").append(k).append(" | ").append(v).append('\n'));
        System.out.println(sb);
    }

    // ---------------------------------------------------------------- helpers

    /** Eight valid binary LIBSVM rows over features 1..3. */
    private static final String GOOD_LIBSVM = "1 1:0.5 2:1.5\n0 1:1.5 3:0.25\n1 2:2 3:1\n0 1:-1 2:0.5\n"
            + "1 1:2 3:-0.5\n0 2:-1\n1 1:1 2:1 3:1\n0 3:2\n";

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private Path out() {
        return dir.resolve("out");
    }

    private static JobRun run(String... args) {
        return JobRun.of(args);
    }

    private JobRun train(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output",
                out().toString()));
        args.addAll(Arrays.asList(more));
        if (!args.contains("--max-iter")) {
            args.addAll(List.of("--max-iter", "3"));
        }
        return JobRun.of(args.toArray(String[]::new));
    }

    /** The user-facing error line: the last "fullbatch..." line of stderr. */
    private static String message(JobRun run) {
        String found = "";
        for (String line : run.err().split("\n")) {
            if (line.startsWith("fullbatch") && !line.startsWith("fullbatch: reading ")) {
                found = line;
            }
        }
        return found;
    }

    /**
     * Asserts a user error: exit 2, a message with every fragment, no stack trace, no _SUCCESS and nothing new at
     * or beside the output path. Records the message for the docs and returns it.
     */
    private String rejected(String label, JobRun run, String... fragments) throws IOException {
        assertEquals(2, run.exitCode(), () -> label + ": " + run);
        String msg = message(run);
        for (String f : fragments) {
            assertTrue(msg.contains(f), () -> label + ": expected '" + f + "' in\n" + msg + "\n" + run);
        }
        assertNoStackTrace(label, run);
        assertFalse(Files.exists(out()), () -> label + ": output created");
        try (Stream<Path> siblings = Files.list(dir)) {
            assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".out.")),
                    () -> label + ": staging or old directory left beside the output");
        }
        SEEN.put(label, msg.replace(dir.toString(), "/data").replace("file:/data", "file:/data"));
        return msg;
    }

    static void assertNoStackTrace(String label, JobRun run) {
        String all = run.out() + run.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception") || all.contains("internal error"),
                () -> label + ": stack trace or internal error printed:\n" + run);
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    // ---------------------------------------------------------------- LIBSVM

    static Stream<Arguments> malformedLibsvmLines() {
        return Stream.of(
                Arguments.of("non-numeric label", "abc 1:1", "label 'abc' is not a number"),
                Arguments.of("non-numeric value", "1 2:x", "value 'x' of feature 2 is not a number"),
                Arguments.of("index 0", "1 0:1 2:1", "feature index 0 in '0:1': LIBSVM indices start at 1"),
                Arguments.of("negative index", "1 -2:1", "feature index '-2' is negative: LIBSVM indices start at 1"),
                Arguments.of("indices not increasing", "1 3:1 2:1", "feature indices not increasing: 2 after 3"),
                Arguments.of("duplicate index", "1 2:1 2:3", "duplicate feature index 2"),
                Arguments.of("NaN value", "1 2:NaN", "value 'NaN' of feature 2 is NaN or infinite"),
                Arguments.of("infinite value", "1 2:-inf", "value '-inf' of feature 2 is NaN or infinite"),
                Arguments.of("NaN label", "nan 1:1", "label 'nan' is NaN or infinite"),
                Arguments.of("value beyond double range", "1 2:1e999",
                        "value '1e999' of feature 2 is too large for a double"),
                Arguments.of("missing colon", "1 2", "token '2' is not index:value (missing ':')"),
                Arguments.of("trailing garbage", "1 1:1 2:2 oops", "token 'oops' is not index:value (missing ':')"),
                Arguments.of("comma separated", "1 1:1,2:2", "value '1,2:2' of feature 1 is not a number"),
                Arguments.of("missing label", "1:1 2:2", "the line starts with '1:1', which looks like a feature: "
                        + "the label is missing"),
                Arguments.of("non-integer index", "1 a:1", "feature index 'a' is not a positive integer"),
                Arguments.of("empty index", "1 :1", "feature ':1' has no index before ':'"),
                Arguments.of("qid", "1 qid:2 1:1", "'qid:' ranking groups are not supported"),
                Arguments.of("index beyond int", "1 99999999999:1",
                        "feature index '99999999999' is too large (at most 2147483646)"),
                Arguments.of("control bytes", "1 1:\u0001\u001b[2J",
                        "value '\\x01\\x1b[2J' of feature 1 is not a number"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedLibsvmLines")
    void aMalformedLibsvmLineStopsTheJobNamingFileLineTextAndReason(String label, String line, String reason)
            throws IOException {
        Path data = write("train.libsvm", "1 1:1 2:1\n# a comment\n" + line + "\n0 1:2\n");
        String msg = rejected("libsvm: " + label, train(data), "train.libsvm:3: " + reason + ": '",
                "Fix the line, or pass --bad-records skip");
        assertTrue(msg.startsWith("fullbatch: file:"), msg);
    }

    @Test
    void anIndexAboveNumFeaturesIsRejected() throws IOException {
        Path data = write("wide.libsvm", "1 1:1\n0 2:1 5:1\n");
        rejected("libsvm: index above --num-features", train(data, "--num-features", "4"),
                "wide.libsvm:2: feature index 5 exceeds --num-features 4: '0 2:1 5:1'");
    }

    @Test
    void aGivenWidthTheDriverCannotHoldIsRejectedBeforeAnyPass() throws IOException {
        Path data = write("narrow.libsvm", GOOD_LIBSVM);
        rejected("a --num-features the driver cannot hold", train(data, "--num-features", "500000000"),
                "the model has 500,000,001 parameters (500,000,000 features), which needs at least 29.8 GiB of "
                        + "driver memory", "check --num-features, or give the driver more memory");
    }

    @Test
    void aLongOffendingLineIsShortenedAndControlCharactersAreEscaped() throws IOException {
        String line = "x" + " 1:1".repeat(100) + "\r";
        Path data = write("long.libsvm", "1 1:1\r\n" + line + "\n");
        String msg = rejected("libsvm: long offending line", train(data), "long.libsvm:2: label 'x' is not a "
                + "number: 'x 1:1 1:1");
        String text = msg.substring(msg.indexOf(": 'x") + 3, msg.indexOf("'. Fix"));
        assertEquals(RecordProblemLength.MAX + 3, text.length(), text);
        assertTrue(text.endsWith("..."), text);
        assertFalse(msg.contains("\r"), "a carriage return would garble the terminal");
    }

    /** The excerpt length of {@link dev.fullbatch.data.RecordProblem}. */
    private static final class RecordProblemLength {
        static final int MAX = dev.fullbatch.data.RecordProblem.MAX_TEXT;
    }

    @Test
    void crlfCommentsBlankLinesGzipAndBzip2AreAccepted() throws Exception {
        Path folder = dir.resolve("mixed");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("a.libsvm"), "# header comment\r\n1 1:1 2:2\r\n\r\n0 2:3 # trailing\r\n"
                + "   \r\n1 1:0.5\t3:1\r\n");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(folder.resolve("b.libsvm.gz")))) {
            o.write("0 3:1\n1 1:0.5\n".getBytes(StandardCharsets.UTF_8));
        }
        BZip2Codec bzip2 = new BZip2Codec();
        bzip2.setConf(new Configuration());
        try (OutputStream o = bzip2.createOutputStream(Files.newOutputStream(folder.resolve("c.libsvm.bz2")))) {
            o.write("0 1:2 2:1\r\n\n1 2:0.25\n".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Files.writeString(folder.resolve(".hidden.crc"), "garbage that would not parse\n");
        JobRun run = train(folder, "--objective", "logistic");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out().resolve("model.json"));
        assertEquals(7, model.get("data").get("rows").asLong());
        assertEquals(3, model.get("data").get("files").size());
        assertEquals(3, model.get("numFeatures").asInt());
        assertEquals(0, model.get("data").get("badRecords").asLong());
    }

    @Test
    void aByteOrderMarkAtTheStartOfAFileIsSkipped() throws Exception {
        String bom = "\uFEFF";
        String csv = "label,a,b\n1,0.5,1.5\n0,1.5,0.25\n1,2,1\n0,-1,0.5\n";
        String libsvm = GOOD_LIBSVM;
        Map<String, Path> models = new TreeMap<>();
        for (boolean marked : List.of(false, true)) {
            String prefix = marked ? bom : "";
            Path csvFolder = dir.resolve("csv-" + marked);
            Files.createDirectories(csvFolder);
            // One file exported with a mark, one without: their headers must still be the same.
            Files.writeString(csvFolder.resolve("a.csv"), prefix + csv, StandardCharsets.UTF_8);
            Files.writeString(csvFolder.resolve("b.csv"), csv, StandardCharsets.UTF_8);
            Path lib = write("svm-" + marked + ".libsvm", prefix + libsvm);
            for (Path data : List.of(csvFolder, lib)) {
                Path model = dir.resolve("model-" + data.getFileName());
                List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--objective",
                        "logistic", "--max-iter", "3", "--output", model.toString()));
                if (data == csvFolder) {
                    args.addAll(List.of("--format", "csv", "--header"));
                }
                JobRun run = JobRun.of(args.toArray(String[]::new));
                assertEquals(0, run.exitCode(), () -> data + ": " + run);
                models.put((data == lib ? "libsvm-" : "csv-") + marked, model);
            }
        }
        for (String format : List.of("csv-", "libsvm-")) {
            ModelBits.assertSame(ModelBits.of(models.get(format + "false")), ModelBits.of(models.get(format + "true")),
                    format + " with and without a byte order mark");
        }
    }

    @Test
    void corruptCompressedFilesAreNamed() throws Exception {
        byte[] gz;
        try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream o = new GZIPOutputStream(bytes)) {
            o.write(GOOD_LIBSVM.repeat(50).getBytes(StandardCharsets.UTF_8));
            o.close();
            gz = bytes.toByteArray();
        }
        Path truncated = dir.resolve("truncated.libsvm.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length / 2));
        rejected("gzip: truncated", train(truncated), "cannot decompress file:", "truncated.libsvm.gz: Unexpected "
                + "end of input stream; is the file complete, and compressed as its name says?");
        Path notGzip = write("plain.libsvm.gz", GOOD_LIBSVM);
        rejected("gzip: not gzip at all", train(notGzip), "cannot decompress file:",
                "plain.libsvm.gz: not a gzip file");
        Path bz = dir.resolve("broken.libsvm.bz2");
        BZip2Codec bzip2 = new BZip2Codec();
        bzip2.setConf(new Configuration());
        try (OutputStream o = bzip2.createOutputStream(Files.newOutputStream(bz))) {
            o.write(GOOD_LIBSVM.repeat(200).getBytes(StandardCharsets.UTF_8));
        }
        byte[] b = Files.readAllBytes(bz);
        Files.write(bz, Arrays.copyOf(b, b.length - 40));
        rejected("bzip2: truncated", train(bz), "cannot decompress file:", "broken.libsvm.bz2");
    }

    @Test
    void aFileWithoutNewlinesIsNotReadIntoMemoryWhole() throws IOException {
        Path blob = dir.resolve("blob.libsvm");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'x');
        try (OutputStream o = Files.newOutputStream(blob)) {
            o.write("1 1:1\n".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 65; i++) {
                o.write(chunk);
            }
        }
        rejected("binary file: no newlines", train(blob), "blob.libsvm:2: line longer than 64 MiB without a "
                + "newline; is this a text file of LIBSVM or CSV rows?");
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void malformedCsvLinesAreNamedWithTheirColumn() throws IOException {
        rejected("csv: wrong column count", train(write("a.csv", "1,2,3\n4,5\n")),
                "a.csv:2: has 2 columns, expected 3 (like line 1 of file:", "a.csv): '4,5'");
        rejected("csv: non-numeric cell", train(write("b.csv", "1,2,3\n4,x,6\n")),
                "b.csv:2: column 2 ('x') is not a number: '4,x,6'");
        rejected("csv: empty cell", train(write("c.csv", "1,2,3\n4,,6\n")), "c.csv:2: column 2 ('') is empty");
        rejected("csv: NaN cell", train(write("d.csv", "1,2,3\n4,5,NaN\n")),
                "d.csv:2: column 3 ('NaN') is NaN or infinite");
        rejected("csv: unclosed quote", train(write("e.csv", "1,2,3\n\"4,5,6\n")),
                "e.csv:2: column 1 opens a quote that its line does not close (a quoted cell cannot hold a line "
                + "break): '\"4,5,6'");
        rejected("csv: header without --header", train(write("f.csv", "y,a,b\n1,2,3\n")),
                "f.csv:1: column 1 ('y') is not a number; if this is a header line, pass --header: 'y,a,b'");
        rejected("csv: a single column", train(write("g.csv", "1\n2\n")),
                "g.csv:1 has a single column ('1'): CSV input needs a label column and at least one feature column");
        rejected("csv: --header on a file without one", train(write("i.csv", "1,2,3\n4,5,6\n"), "--header"),
                "i.csv:1 should be the header line but is all numbers ('1,2,3'); if the files have no header line, "
                + "drop --header (or pass --header false)");
        rejected("csv: width disagrees with --num-features", train(write("h.csv", "1,2,3\n"), "--num-features",
                "5"), "h.csv:1 has 3 columns ('1,2,3'), but --num-features 5 means 6 (5 features and the label)");
    }

    @Test
    void csvHeadersMustMatchAcrossFiles() throws IOException {
        write("parts/a.csv", "y,a,b\n1,2,3\n");
        write("parts/b.csv", "\ny,a,c\n4,5,6\n");
        rejected("csv: header mismatch across files", train(dir.resolve("parts"), "--format", "csv", "--header"),
                "b.csv:2: header differs from 'y,a,b' of file:", "a.csv; every CSV file must start with the same "
                        + "header: 'y,a,c'");
    }

    @Test
    void csvLabelColumnMustBeInRange() throws IOException {
        Path data = write("l.csv", "1,2,3\n4,5,6\n");
        rejected("csv: --label-col out of range", train(data, "--label-col", "3"),
                "--label-col 3 is out of range: file:", "l.csv:1 has 3 columns, numbered 0..2");
        rejected("csv: --label-col not a number", train(data, "--label-col", "y"),
                "--label-col must be a 0-based column number, got 'y'");
        rejected("csv: --label-col negative", train(data, "--label-col", "-1"), "--label-col must be >= 0, got -1");
        JobRun ok = train(data, "--label-col", "2");
        assertEquals(0, ok.exitCode(), ok::toString);
    }

    @Test
    void anEmptyCsvPartIsFineAndAnEmptyCsvInputIsNot() throws IOException {
        write("csvparts/part-0.csv", "");
        write("csvparts/part-1.csv", "\n1,2,3\n0,1,1\n");
        JobRun ok = train(dir.resolve("csvparts"), "--format", "csv");
        assertEquals(0, ok.exitCode(), ok::toString);
        deleteTree(out());
        rejected("csv: empty input", train(write("empty.csv", "\n\n")), "has no data rows (its files are empty or "
                + "hold only blank lines)");
    }

    // ---------------------------------------------------------------- labels against the objective

    @Test
    void binaryObjectivesNeedTwoLabelsZeroOneOrMinusOnePlusOne() throws IOException {
        rejected("labels: logistic with a third value", train(write("three.libsvm", "0 1:1\n1 1:2\n2 1:3\n"),
                "--objective", "logistic"), "three.libsvm:3: label 2 is not a class label of --objective logistic "
                + "(0/1 or -1/+1): '2 1:3'");
        rejected("labels: logistic on real targets", train(write("real.libsvm", "0.5 1:1\n"), "--objective",
                "logistic"), "real.libsvm:1: label 0.5 is not a class label of --objective logistic");
        rejected("labels: squared-hinge mixing conventions", train(write("mixed.libsvm",
                "-1 1:1\n0 1:2\n1 1:3\n"), "--objective", "squared-hinge"), "training data ", "mixed.libsvm mixes "
                + "the 0/1 and -1/+1 label conventions (labels -1, 0, 1); --objective squared-hinge needs one of them");
        rejected("labels: logistic single class", train(write("one.libsvm", "1 1:1\n1 1:2\n"), "--objective",
                "logistic"), "one.libsvm has a single class (every label is 1); --objective logistic needs both "
                + "classes present");
        JobRun plusMinus = train(write("pm.libsvm", "+1 1:1\n-1 1:2\n1 1:3\n"), "--objective", "squared-hinge");
        assertEquals(0, plusMinus.exitCode(), plusMinus::toString);
    }

    @Test
    void softmaxNeedsIntegerClassesFromZero() throws IOException {
        rejected("labels: softmax non-integer", train(write("s1.libsvm", "0 1:1\n1.5 1:2\n"), "--objective",
                "softmax"), "s1.libsvm:2: label 1.5 is not a class number: --objective softmax needs integer labels "
                + "0..K-1");
        rejected("labels: softmax negative", train(write("s2.libsvm", "0 1:1\n-1 1:2\n"), "--objective",
                "softmax"), "s2.libsvm:2: label -1 is not a class number");
        rejected("labels: softmax label >= --classes", train(write("s3.libsvm", "0 1:1\n1 1:1\n3 1:2\n"),
                "--objective", "softmax", "--classes", "3"), "s3.libsvm:3: label 3 is not below --classes 3 "
                + "(labels must be 0..2)");
        rejected("labels: softmax absurd class number", train(write("s4.libsvm", "0 1:1\n1000000 1:2\n"),
                "--objective", "softmax"), "s4.libsvm:2: label 1000000 would mean more than 100000 classes: "
                + "--objective softmax needs class numbers 0..K-1 (are these regression targets?)");
        rejected("labels: softmax single class", train(write("s5.libsvm", "0 1:1\n0 1:2\n"), "--objective",
                "softmax"), "s5.libsvm has a single class (every label is 0); --objective softmax needs at least "
                + "two classes present");
    }

    @Test
    void softmaxInfersKOrTakesItFromClasses() throws IOException {
        Path data = write("k.libsvm", "0 1:1\n1 1:2\n3 1:3\n0 1:0.5\n");
        JobRun inferred = train(data, "--objective", "softmax");
        assertEquals(0, inferred.exitCode(), inferred::toString);
        assertEquals(4, json(out().resolve("model.json")).get("numClasses").asInt());
        JobRun given = train(data, "--objective", "softmax", "--classes", "6", "--overwrite");
        assertEquals(0, given.exitCode(), given::toString);
        assertEquals(6, json(out().resolve("model.json")).get("numClasses").asInt());
    }

    @Test
    void regressionNeedsFiniteLabels() throws IOException {
        rejected("labels: regression label beyond double range", train(write("r.libsvm", "1.5 1:1\n1e999 1:2\n")),
                "r.libsvm:2: label '1e999' is too large for a double");
        rejected("labels: regression infinite label", train(write("r2.libsvm", "-Infinity 1:2\n")),
                "r2.libsvm:1: label '-Infinity' is NaN or infinite");
    }

    @Test
    void validationLabelsMustBeTrainingClasses() throws IOException {
        Path trainData = write("t.libsvm", "0 1:1\n1 1:2\n2 1:3\n");
        Path validation = write("v.libsvm", "0 1:1\n3 1:2\n");
        rejected("labels: validation outside the training classes", train(trainData, "--objective", "softmax",
                "--validation", validation.toString()), "v.libsvm:2: label 3 is not below the 3 classes of the "
                + "training data (labels must be 0..2)");
        Path wide = write("vw.libsvm", "0 1:1 4:1\n");
        rejected("validation: index above the training width", train(trainData, "--objective", "softmax",
                "--validation", wide.toString()), "vw.libsvm:1: feature index 4 exceeds the 1 feature of the "
                + "training data");
    }

    // ---------------------------------------------------------------- whole-input problems

    @Test
    void missingEmptyAndFeaturelessInputsAreNamed() throws IOException {
        rejected("input: missing path", train(dir.resolve("nope.libsvm")), "input '", "nope.libsvm' does not "
                + "exist; check the path (and the scheme, e.g. file:, hdfs:, s3a:)");
        rejected("input: glob matching nothing", train(dir.resolve("*.nothing")), "does not exist");
        rejected("input: not a path", train(Path.of("a:b")), "input 'a:b' is not a valid path or URI: Relative path in "
                + "absolute URI: a:b");
        Path folder = dir.resolve("nodata");
        Files.createDirectories(folder.resolve("_temporary"));
        Files.writeString(folder.resolve("_SUCCESS"), "");
        Files.writeString(folder.resolve(".part-0.crc"), "x");
        Files.writeString(folder.resolve("_temporary/part-0"), "1 1:1\n");
        rejected("input: folder without data files", train(folder), "nodata' holds no data files (names starting "
                + "with _ or . are ignored)");
        rejected("input: empty file", train(write("empty.libsvm", "")), "empty.libsvm' has no data rows (its "
                + "files are empty or hold only blank or comment lines)");
        rejected("input: only comments", train(write("comments.libsvm", "# nothing\n\n  # here\n")),
                "comments.libsvm' has no data rows");
        rejected("input: no features at all", train(write("labels.libsvm", "1\n0\n1\n")), "no row of input '",
                "labels.libsvm' has a feature (every line is only a label)");
        rejected("input: inferred width beyond driver memory", train(write("typo.libsvm",
                "1 1:1\n0 2:1 1000000000:1\n")), "typo.libsvm:2: feature index 1000000000 makes the model 1000000000 "
                + "features wide, which needs about 476.8 GiB of driver memory", "If the index is a mistake, fix the "
                + "line; if the data really has that many features, pass --num-features 1000000000");
        Path spaced = write("with space/da%20ta.libsvm", GOOD_LIBSVM);
        JobRun odd = train(spaced);
        assertEquals(0, odd.exitCode(), "a path with a space and a percent sign is read: " + odd);
    }

    @Test
    void allLinesMalformedWithSkipIsAnEmptyInput() throws IOException {
        rejected("input: every line malformed (skip)", train(write("allbad.libsvm", "a\nb 1:1\n1 0:1\n"),
                "--bad-records", "skip"), "allbad.libsvm' has no data rows (all 3 lines with data are malformed; "
                + "the first is file:", "allbad.libsvm:1: label 'a' is not a number: 'a')");
    }

    @Test
    void resumingWithDataOfAnotherWidthIsRefusedAndTheCheckpointsKept() throws IOException {
        Path data = write("narrow.libsvm", "1 1:1 2:2\n0 1:2 2:1\n1 1:3\n0 2:4\n");
        String[] diverging = {"--step-size", "1e12", "--standardize", "false", "--checkpoint-every", "1",
            "--max-iter", "60"};
        JobRun crashed = train(data, diverging);
        assertEquals(3, crashed.exitCode(), () -> "this setup relies on a diverging run to leave checkpoints: "
                + crashed);
        Path checkpoints = out().resolve("_checkpoint");
        assertTrue(Files.isDirectory(checkpoints), crashed::toString);
        Map<String, String> before = snapshot(out());
        List<String> args = new ArrayList<>(List.of(diverging));
        args.add("--resume");

        // Another file: refused from the file list alone, before any data is read.
        Path other = write("wider.libsvm", "1 1:1 3:2\n0 1:2 2:1\n1 1:3\n0 2:4\n");
        JobRun listed = JobRun.of(JobRun.with(new String[] {"train", "--data", other.toString(), "--output",
            out().toString()}, args.toArray(String[]::new)));
        assertEquals(2, listed.exitCode(), listed::toString);
        assertTrue(message(listed).contains("wider.libsvm is new") && message(listed).contains("narrow.libsvm is "
                + "gone"), listed::toString);
        assertFalse(listed.err().contains("fullbatch: reading"), "refused before reading: " + listed);

        // The same file, size and modification time with other content: refused once read, by its width.
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(data);
        Files.writeString(data, "1 1:1 3:2\n0 1:2 2:1\n1 1:3\n0 2:4\n");
        Files.setLastModifiedTime(data, modified);
        JobRun resumed = train(data, args.toArray(String[]::new));
        assertEquals(2, resumed.exitCode(), resumed::toString);
        String msg = message(resumed);
        assertTrue(msg.contains("cannot resume from the checkpoint") && msg.contains("numFeatures"), msg);
        assertNoStackTrace("resume", resumed);
        assertEquals(before, snapshot(out()), "the unfinished run is left as it was");
        SEEN.put("input: resume with another width", msg.replace(dir.toString(), "/data"));
    }

    @Test
    void predictChecksTheDataAgainstTheModel() throws IOException {
        Path model = dir.resolve("model");
        Path trainData = write("train.libsvm", GOOD_LIBSVM);
        JobRun trained = run("train", "--data", trainData.toString(), "--objective", "logistic", "--output",
                model.toString(), "--max-iter", "3");
        assertEquals(0, trained.exitCode(), trained::toString);
        Path wide = write("wide.libsvm", "1 1:1\n0 2:1 5:1\n");
        rejected("predict: index above the model's width", run("predict", "--model", model.toString(), "--data",
                wide.toString(), "--output", out().toString()), "wide.libsvm:2: feature index 5 exceeds the 3 "
                + "features of model " + model);
        Path badLabel = write("badlabel.libsvm", "1 1:1\n2 2:1\n");
        rejected("predict: label outside the model's classes", run("predict", "--model", model.toString(),
                "--data", badLabel.toString(), "--output", out().toString()), "badlabel.libsvm:2: label 2 is not a "
                + "class label of --objective logistic");
        Path csvModel = dir.resolve("csvmodel");
        Path csv = write("train.csv", "1,2,3\n0,1,1\n1,3,1\n0,0,2\n");
        JobRun csvTrained = run("train", "--data", csv.toString(), "--objective", "logistic", "--output",
                csvModel.toString(), "--max-iter", "3");
        assertEquals(0, csvTrained.exitCode(), csvTrained::toString);
        Path csvWide = write("wide.csv", "1,2,3,4\n");
        rejected("predict: csv columns disagree with the model", run("predict", "--model", csvModel.toString(),
                "--data", csvWide.toString(), "--output", out().toString()), "wide.csv:1 has 4 columns ('1,2,3,4'), "
                + "but the 2 features of model " + csvModel + " means 3 (2 features and the label)");
        rejected("predict: --label-col negative", run("predict", "--model", csvModel.toString(), "--data",
                csv.toString(), "--output", out().toString(), "--label-col", "-2"), "--label-col must be >= 0");
        rejected("predict: missing model", run("predict", "--model", dir.resolve("nomodel").toString(), "--data",
                csv.toString(), "--output", out().toString()), "--model ", "nomodel does not exist");
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void valuesOfTheWrongTypeNameTheOption() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        rejected("config: not an int", train(data, "--max-iter", "abc"),
                "Invalid value for option '--max-iter': 'abc' is not an int");
        rejected("config: not a number", train(data, "--reg-l2", "1e-3x"),
                "Invalid value for option '--reg-l2': '1e-3x' is not a double");
        rejected("config: not a boolean", train(data, "--intercept", "maybe"),
                "Invalid value for option '--intercept': 'maybe' is not a boolean");
        rejected("config: fraction for an integer", train(data, "--num-features", "1.5"),
                "Invalid value for option '--num-features': '1.5' is not an int");
        Path conf = write("c.properties", "max-iter = abc\n");
        rejected("config: wrong type in a --conf file", run("train", "--conf", conf.toString(), "--data",
                data.toString(), "--output", out().toString()), "'abc' is not an int (--max-iter is set in --conf "
                + "file " + conf + ")");
        Path conf2 = write("c2.properties", "reg-l2 = -1\n");
        rejected("config: out of range in a --conf file", run("train", "--conf", conf2.toString(), "--data",
                data.toString(), "--output", out().toString()), "--reg-l2 must be a finite number >= 0, got -1.0 "
                + "(--reg-l2 is set in --conf file " + conf2 + ")");
    }

    @Test
    void aKeyOrOptionGivenTwiceIsRefusedNamingEveryOccurrence() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        Path conf = write("twice.properties", "objective = logistic\nreg-l2 = 1e-3\n# later, by someone else\n"
                + "--reg-l2=1e-4\n");
        rejected("config: a key twice in a --conf file", run("train", "--conf", conf.toString(), "--data",
                data.toString(), "--output", out().toString()), "key 'reg-l2' is set 2 times in --conf file " + conf
                + " (line 2: 'reg-l2 = 1e-3', line 4: '--reg-l2=1e-4'); set it once");
        rejected("config: an option twice on the command line", train(data, "--reg-l2", "1e-3", "--objective",
                "logistic", "--reg-l2=1e-4"), "--reg-l2 is given 2 times on the command line (--reg-l2 1e-3, "
                + "--reg-l2=1e-4); give it once");
        rejected("config: a flag twice on the command line", train(data, "--overwrite", "--header", "--overwrite"),
                "--overwrite is given 2 times on the command line (--overwrite, --overwrite)");
        rejected("config: predict option twice", run("predict", "--model", "m", "--model", "n", "--data",
                data.toString(), "--output", out().toString()), "--model is given 2 times on the command line "
                + "(--model m, --model n)");
        JobRun lists = train(data, "--objective", "logistic", "--spark-conf", "spark.ui.enabled=false",
                "--spark-conf", "spark.task.maxFailures=2");
        assertEquals(0, lists.exitCode(), () -> "options that take a list may repeat: " + lists);
    }

    @Test
    void anOutputThatCannotBeADirectoryIsRejectedBeforeReading() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        JobRun scheme = run("train", "--data", data.toString(), "--output", "nosuchfs://host/model");
        rejected("output: unknown scheme", scheme, "--output 'nosuchfs://host/model': No FileSystem for scheme "
                + "\"nosuchfs\" (check the scheme, e.g. file:, hdfs:, s3a:)");
        JobRun file = run("train", "--data", data.toString(), "--output", data.toString());
        rejected("output: an existing file", file, "--output " + data + " is a file, not a directory");
        JobRun below = run("train", "--data", data.toString(), "--output", data.resolve("model").toString());
        rejected("output: below a file", below, "--output " + data.resolve("model") + " cannot be created: ",
                "d.libsvm is a file");
        JobRun invalid = run("train", "--data", data.toString(), "--output", "a:b");
        rejected("output: not a path", invalid, "--output 'a:b' is not a valid path or URI: Relative path in "
                + "absolute URI: a:b");
        for (JobRun r : List.of(scheme, file, below, invalid)) {
            assertFalse(r.err().contains("fullbatch: reading"), "checked before reading: " + r);
        }
    }

    static Stream<Arguments> outOfRangeValues() {
        return Stream.of(
                Arguments.of("--reg-l2", "-1", "--reg-l2 must be a finite number >= 0, got -1.0"),
                Arguments.of("--reg-l1", "-0.5", "--reg-l1 must be a finite number >= 0, got -0.5"),
                Arguments.of("--reg-l2", "NaN", "--reg-l2 must be a finite number >= 0, got NaN"),
                Arguments.of("--step-size", "0", "--step-size must be a positive number or 'auto', got 0"),
                Arguments.of("--step-size", "-0.1", "--step-size must be a positive number or 'auto', got -0.1"),
                Arguments.of("--max-iter", "0", "--max-iter must be at least 1, got 0"),
                Arguments.of("--tree-depth", "0", "--tree-depth must be at least 1, got 0"),
                Arguments.of("--num-features", "-3", "--num-features must be >= 0, got -3"),
                Arguments.of("--num-features", "600000000", "--num-features must be at most 536870910"),
                Arguments.of("--partitions", "-1", "--partitions must be >= 0, got -1"),
                Arguments.of("--block-size", "100", "--block-size must be from 1024 to 1073741824 bytes (1k to 1g), got 100"),
                Arguments.of("--tol", "-1", "--tol must be a finite number >= 0, got -1.0"),
                Arguments.of("--huber-delta", "0", "--huber-delta must be a positive number, got 0.0"),
                Arguments.of("--momentum", "1", "--momentum must be in [0, 1), got 1.0"),
                Arguments.of("--lbfgs-memory", "0", "--lbfgs-memory must be an integer from 1 to 1000, got 0"),
                Arguments.of("--classes", "1", "--classes must be at least 2 (or 0 to infer), got 1"),
                Arguments.of("--bad-records", "ignore", "--bad-records must be 'fail' or 'skip', got 'ignore'"),
                Arguments.of("--layout", "diagonal", "--layout must be auto, dense or sparse, got 'diagonal'"),
                Arguments.of("--objective", "hinge", "--objective: unknown objective 'hinge'; expected one of "
                        + "least-squares, logistic, softmax, huber, squared-hinge"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outOfRangeValues")
    void outOfRangeValuesAreRejectedBeforeAnythingIsRead(String option, String value, String expected)
            throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        JobRun run = train(data, option, value);
        rejected("config: " + option + " " + value, run, expected);
        assertFalse(run.err().contains("fullbatch: reading"), "validated before reading: " + run);
    }

    static Stream<Arguments> conflictingOptions() {
        return Stream.of(
                Arguments.of(List.of("--overwrite", "--resume"), "--overwrite and --resume conflict"),
                Arguments.of(List.of("--classes", "3"), "--classes only applies to --objective softmax (got "
                        + "--objective least-squares)"),
                Arguments.of(List.of("--patience", "3"), "--patience needs --validation data to watch"),
                Arguments.of(List.of("--max-bad-records", "10"), "--max-bad-records applies to --bad-records skip"),
                Arguments.of(List.of("--label-col", "2"), "--label-col applies to CSV input only, but the input is "
                        + "read as libsvm"),
                Arguments.of(List.of("--header"), "--header applies to CSV input only"),
                Arguments.of(List.of("--optimizer", "lbfgs", "--schedule", "exp:0.9"), "--schedule exp:0.9 does not "
                        + "apply to --optimizer lbfgs"),
                Arguments.of(List.of("--schedule", "inv-sqrt"), "--schedule inv-sqrt needs a numeric --step-size"),
                Arguments.of(List.of("--optimizer", "adam", "--reg-l1", "0.1"), "--optimizer adam does not support "
                        + "--reg-l1"),
                Arguments.of(List.of("--features-col", "v"), "--features-col applies to Parquet input only"),
                Arguments.of(List.of("--huber-delta", "2"), "--huber-delta applies to --objective huber only (got "
                        + "--objective least-squares); drop --huber-delta or pass --objective huber"),
                Arguments.of(List.of("--optimizer", "lbfgs", "--momentum", "0.5"), "--momentum applies to "
                        + "--optimizer momentum only (got --optimizer lbfgs)"),
                Arguments.of(List.of("--optimizer", "nesterov", "--momentum", "0.5"), "--momentum applies to "
                        + "--optimizer momentum only (got --optimizer nesterov)"),
                Arguments.of(List.of("--lbfgs-memory", "5"), "--lbfgs-memory applies to --optimizer lbfgs only "
                        + "(got --optimizer gd)"),
                Arguments.of(List.of("--hidden", "8"), "--hidden applies to --model mlp only (got --model linear)"),
                // The default value too: the user asked for something the run would not do.
                Arguments.of(List.of("--activation", "relu"), "--activation applies to --model mlp only (got "
                        + "--model linear)"));
    }

    @Test
    void optionsForTheChosenObjectiveAndOptimizerAreAccepted() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        for (List<String> options : List.of(List.of("--objective", "huber", "--huber-delta", "2"),
                List.of("--optimizer", "momentum", "--momentum", "0.5"),
                List.of("--optimizer", "lbfgs", "--lbfgs-memory", "5"))) {
            List<String> args = new ArrayList<>(options);
            args.add("--overwrite");
            JobRun run = train(data, args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), () -> options + ": " + run);
            assertFalse(run.err().contains("warning"), () -> options + ": " + run.err());
        }
    }

    @Test
    void optionsTheRunIgnoresWarnWhenTheyComeFromAConfFile() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        // A file shared by runs that choose their optimizer on the command line.
        Path conf = write("shared.properties", "optimizer = momentum\nmomentum = 0.5\nlbfgs-memory = 5\n"
                + "huber-delta = 2\nactivation = tanh\n");
        JobRun run = run("train", "--conf", conf.toString(), "--data", data.toString(), "--output",
                out().toString(), "--optimizer", "lbfgs", "--max-iter", "3");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(Files.exists(out().resolve("_SUCCESS")));
        List<String> warnings = run.err().lines().filter(l -> l.startsWith("fullbatch: warning:")).toList();
        assertEquals(List.of(
                "fullbatch: warning: --huber-delta from --conf file " + conf + " is ignored: it applies to "
                        + "--objective huber only, and this run uses --objective least-squares",
                "fullbatch: warning: --momentum from --conf file " + conf + " is ignored: it applies to "
                        + "--optimizer momentum only, and this run uses --optimizer lbfgs",
                "fullbatch: warning: --activation from --conf file " + conf + " is ignored: it applies to "
                        + "--model mlp only, and this run uses --model linear"), warnings);
    }

    @Test
    void anIgnoredOptionOnTheCommandLineIsAnErrorEvenWhenTheConfFileChoseTheOptimizer() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        Path conf = write("c.properties", "optimizer = lbfgs\n");
        String msg = rejected("conflict: --momentum with --optimizer lbfgs from --conf", run("train", "--conf",
                conf.toString(), "--data", data.toString(), "--output", out().toString(), "--momentum", "0.5"),
                "--momentum applies to --optimizer momentum only (got --optimizer lbfgs)",
                "(--optimizer is set in --conf file " + conf + ")");
        assertFalse(msg.contains("warning"), msg);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conflictingOptions")
    void conflictingOptionsAreRejectedBeforeAnythingIsRead(List<String> options, String expected)
            throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        JobRun run = train(data, options.toArray(String[]::new));
        rejected("conflict: " + String.join(" ", options), run, expected);
        assertFalse(run.err().contains("fullbatch: reading"), "validated before reading: " + run);
    }

    @Test
    void unknownNamesGetTheNearestValidOne() throws IOException {
        Path data = write("d.libsvm", GOOD_LIBSVM);
        rejected("unknown: option", train(data, "--reg-l3", "1"), "Unknown options: '--reg-l3'",
                "did you mean --reg-l2");
        rejected("unknown: objective value", train(data, "--objective", "logisitc"), "did you mean 'logistic'?");
        rejected("unknown: optimizer value", train(data, "--optimizer", "lbgfs"), "--optimizer must be one of",
                "did you mean 'lbfgs'?");
        Path conf = write("c.properties", "# tuned\nregl2 = 1e-3\n");
        rejected("unknown: --conf key", run("train", "--conf", conf.toString(), "--data", data.toString(),
                "--output", out().toString()), "unknown key 'regl2' in --conf file " + conf + "; did you mean "
                + "'reg-l2'? (keys are option names without the dashes)");
        rejected("unknown: subcommand", run("trian", "--data", data.toString()), "'trian'", "did you mean train?");
        rejected("unknown: missing --conf file", run("train", "--conf", dir.resolve("none.properties").toString(),
                "--data", data.toString(), "--output", out().toString()), "--conf file '", "none.properties' does "
                + "not exist");
    }

    // ---------------------------------------------------------------- policy

    /** 400 lines; 250 has indices out of order, 390 a bad label: blocks of 1 KiB put them in different blocks. */
    private Path twoBadLines() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 400; i++) {
            sb.append(i == 250 ? "1 2:1 1:1\n" : i == 390 ? "x 1:1\n" : (i % 2) + " 1:" + i + " 2:1\n");
        }
        return write("two-bad.libsvm", sb.toString());
    }

    @Test
    void failReportsTheSameFirstErrorHoweverTheInputIsPartitioned() throws IOException {
        Path data = twoBadLines();
        String first = null;
        for (String[] shape : List.of(new String[] {"--partitions", "1"}, new String[] {"--partitions", "3"},
                new String[] {"--partitions", "8", "--block-size", "1024"},
                new String[] {"--partitions", "2", "--block-size", "2048"})) {
            String msg = rejected("policy: fail (" + String.join(" ", shape) + ")", train(data, shape),
                    "two-bad.libsvm:250: feature indices not increasing: 1 after 2: '1 2:1 1:1'");
            if (first == null) {
                first = msg;
            }
            assertEquals(first, msg, String.join(" ", shape));
        }
    }

    @Test
    void skipTrainsOnTheGoodRowsCountsTheBadOnesAndWritesExamples() throws IOException {
        StringBuilder sb = new StringBuilder();
        int bad = 0;
        for (int i = 1; i <= 600; i++) {
            if (i % 4 == 0) {
                sb.append(i % 8 == 0 ? "1 0:1\n" : "oops\n");
                bad++;
            } else {
                sb.append(i % 2).append(" 1:").append(i % 7).append(" 2:1\n");
            }
        }
        Path data = write("noisy.libsvm", sb.toString());
        JobRun run = train(data, "--bad-records", "skip", "--objective", "logistic", "--block-size", "2048");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().contains(bad + " malformed lines skipped"), run.err());
        JsonNode model = json(out().resolve("model.json"));
        assertEquals(600 - bad, model.get("data").get("rows").asLong());
        assertEquals(bad, model.get("data").get("badRecords").asLong());
        List<String> examples = Files.readAllLines(out().resolve("bad-records.txt"));
        assertEquals(100, examples.size());
        assertTrue(examples.get(0).matches("file:.*noisy\\.libsvm:4: label 'oops' is not a number: 'oops'"),
                examples.get(0));
        assertTrue(examples.get(1).matches("file:.*noisy\\.libsvm:8: feature index 0 in '0:1': LIBSVM indices "
                + "start at 1: '1 0:1'"), examples.get(1));
        assertTrue(examples.get(99).contains("noisy.libsvm:400:"), examples.get(99));
        assertTrue(Files.exists(out().resolve("_SUCCESS")));
    }

    @Test
    void skipStopsBeyondMaxBadRecords() throws IOException {
        Path data = twoBadLines();
        rejected("policy: skip beyond --max-bad-records", train(data, "--bad-records", "skip",
                "--max-bad-records", "1"), "2 malformed lines exceed --max-bad-records 1; the first is file:",
                "two-bad.libsvm:250: feature indices not increasing: 1 after 2: '1 2:1 1:1'");
        JobRun tolerated = train(data, "--bad-records", "skip", "--max-bad-records", "2");
        assertEquals(0, tolerated.exitCode(), tolerated::toString);
    }

    // ---------------------------------------------------------------- an existing output directory

    @Test
    void anExistingOutputIsLeftUntouchedByEveryKindOfError() throws IOException {
        Path existing = dir.resolve("existing");
        Files.createDirectories(existing.resolve("_checkpoint"));
        Files.writeString(existing.resolve("model.json"), "{\"precious\": true}");
        Files.writeString(existing.resolve("_SUCCESS"), "");
        Files.writeString(existing.resolve("_checkpoint/keep"), "state");
        Map<String, String> before = snapshot(existing);
        Path good = write("good.libsvm", GOOD_LIBSVM);
        Path badLine = write("bad.libsvm", "1 1:1\n1 0:1\n");
        Path csvBadHeader = write("x.csv", "y,a\n1,2\n");
        Path threeClasses = write("three.libsvm", "0 1:1\n1 1:2\n2 1:3\n");
        List<List<String>> cases = List.of(
                List.of("--data", badLine.toString()),
                List.of("--data", dir.resolve("missing").toString()),
                List.of("--data", threeClasses.toString(), "--objective", "logistic"),
                List.of("--data", csvBadHeader.toString()),
                List.of("--data", good.toString(), "--reg-l2", "-1"),
                List.of("--data", good.toString(), "--validation", badLine.toString()));
        for (List<String> c : cases) {
            List<String> args = new ArrayList<>(List.of("train", "--output", existing.toString(), "--overwrite",
                    "--max-iter", "3"));
            args.addAll(c);
            JobRun run = JobRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), () -> c + ": " + run);
            assertNoStackTrace(c.toString(), run);
            assertEquals(before, snapshot(existing), c::toString);
            try (Stream<Path> siblings = Files.list(dir)) {
                assertTrue(siblings.noneMatch(p -> p.getFileName().toString().startsWith(".existing.")),
                        c::toString);
            }
        }
    }

    /** Every file under {@code root} (relative path) with its content. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return m;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
