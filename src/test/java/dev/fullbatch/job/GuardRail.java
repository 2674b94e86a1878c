package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.spark.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The guard rail's fixture and cases ({@link RecordedModelBitsTest}): the recorded bits, how a case's bits are
 * taken from what it wrote, and the training runs that go through the command line. Stateless.
 */
final class GuardRail {
    /** The fixture, on the test classpath. */
    static final String FIXTURE = "/guard-rail/model-bits.txt";

    private GuardRail() {
    }

    /** The recorded bits, by "case/field". */
    static Map<String, List<String>> fixture() throws IOException {
        Map<String, List<String>> m = new TreeMap<>();
        try (InputStream in = GuardRail.class.getResourceAsStream(FIXTURE)) {
            assertNotNull(in, "fixture " + FIXTURE + " is missing");
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.trim().split(" ");
                m.put(f[0], List.of(f).subList(1, f.length));
            }
        }
        return m;
    }

    /**
     * The bits of one case, by field ("weights", "history.objective", "metrics.auc", ...): each value's raw bits in
     * hex; a field of more than {@value #LISTED} values as the SHA-256 of that list and its length, which keeps the
     * fixture small and compares the same bits.
     */
    static final class Bits {
        private static final int LISTED = 1000;
        private final Map<String, List<String>> fields = new TreeMap<>();

        void add(String field, double... values) {
            List<String> list = fields.computeIfAbsent(field, k -> new ArrayList<>());
            for (double v : values) {
                list.add(Long.toHexString(Double.doubleToRawLongBits(v)));
            }
        }

        Map<String, List<String>> recorded() {
            Map<String, List<String>> out = new TreeMap<>();
            fields.forEach((field, values) -> out.put(field, values.size() <= LISTED ? values
                    : List.of("sha256:" + sha256(String.join(" ", values)), "n=" + values.size())));
            return out;
        }

        private static String sha256(String text) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }


    /**
     * Asserts that a case's fields that {@code compared} selects hold exactly the recorded bits, and that it has
     * every such field recorded and no other.
     */
    static void assertRecorded(Map<String, List<String>> expected, String name, Bits bits,
                               Predicate<String> compared) {
        Map<String, List<String>> actual = new TreeMap<>(bits.recorded());
        actual.keySet().removeIf(compared.negate());
        List<String> wanted = new ArrayList<>();
        for (String key : expected.keySet()) {
            if (key.startsWith(name + "/") && compared.test(key.substring(name.length() + 1))) {
                wanted.add(key.substring(name.length() + 1));
            }
        }
        assertTrue(!wanted.isEmpty(), "no recorded bits for case " + name);
        assertEquals(wanted, new ArrayList<>(actual.keySet()), name + ": the fields recorded");
        for (String field : wanted) {
            assertEquals(expected.get(name + "/" + field), actual.get(field), name + ": " + field);
        }
    }

    /**
     * A training run of the command line.
     *
     * @param name the case's name in the fixture
     * @param predict whether {@code predict} also scores {@code scored} with the model
     * @param scored the data to score, or null
     * @param options {@code train}'s options, without {@code --output}
     */
    record JobCase(String name, boolean predict, Path scored, List<String> options) {
    }

    /** The command-line cases, their data written into {@code dir}: small files cut into several blocks. */
    static List<JobCase> jobCases(Path dir) throws IOException {
        Path binaryDense = TestData.libsvm(dir.resolve("binary-dense.libsvm"), 900, 6, 1.0, "binary", 11);
        Path binaryHeldOut = TestData.libsvm(dir.resolve("binary-heldout.libsvm"), 300, 6, 1.0, "binary", 12);
        Path regressionSparse = TestData.libsvm(dir.resolve("regression-sparse.libsvm"), 800, 120, 0.05,
                "regression", 13);
        Path multiDense = TestData.libsvm(dir.resolve("multi-dense.libsvm"), 900, 7, 1.0, "multiclass", 14);
        Path multiSparse = TestData.libsvm(dir.resolve("multi-sparse.libsvm"), 900, 90, 0.08, "multiclass", 15);
        Path binarySparse = TestData.libsvm(dir.resolve("binary-sparse.libsvm"), 800, 150, 0.06, "binary", 16);
        Path wide = TestData.libsvm(dir.resolve("wide.libsvm"), 400, 70_000, 0.0004, "binary", 17);
        Path csv = csvOf(TestData.libsvm(dir.resolve("regression-dense.libsvm"), 700, 5, 1.0, "regression", 18),
                dir.resolve("regression-dense.csv"), 5);
        String[] split = {"--block-size", "4096", "--partitions", "3"};
        return List.of(
                new JobCase("job/logistic-dense-lbfgs-validation", true, binaryHeldOut, options(split, "--data", binaryDense,
                        "--objective", "logistic", "--reg-l2", "1e-3", "--optimizer", "lbfgs", "--max-iter", "30",
                        "--validation", binaryHeldOut, "--patience", "3")),
                new JobCase("job/least-squares-sparse-gd", false, null, options(split, "--data", regressionSparse,
                        "--max-iter", "15", "--reg-l2", "1e-2")),
                new JobCase("job/softmax-dense-nesterov-float32", true, multiDense, options(split, "--data", multiDense,
                        "--objective", "softmax", "--optimizer", "nesterov", "--max-iter", "20",
                        "--feature-storage", "float32")),
                new JobCase("job/softmax-sparse-lbfgs", false, null, options(split, "--data", multiSparse,
                        "--objective", "softmax", "--optimizer", "lbfgs", "--max-iter", "15", "--reg-l2", "1e-2",
                        "--tree-depth", "3")),
                new JobCase("job/huber-sparse-adam-unstandardized", false, null, options(split, "--data", regressionSparse,
                        "--objective", "huber", "--huber-delta", "0.5", "--optimizer", "adam", "--max-iter", "15",
                        "--standardize", "false")),
                new JobCase("job/squared-hinge-sparse-owlqn", false, null, options(split, "--data", binarySparse,
                        "--objective", "squared-hinge", "--optimizer", "lbfgs", "--reg-l1", "1e-2",
                        "--max-iter", "20")),
                new JobCase("job/logistic-mlp-relu-lbfgs", true, binaryDense, options(split, "--data", binaryDense,
                        "--objective", "logistic", "--model", "mlp", "--hidden", "5,4", "--optimizer", "lbfgs",
                        "--max-iter", "12", "--seed", "3")),
                new JobCase("job/logistic-wide-sparse-gd", false, null, options(new String[] {"--block-size", "8192",
                        "--partitions", "4", "--tree-depth", "2"}, "--data", wide, "--num-features", "70000",
                        "--objective", "logistic", "--reg-l2", "1e-3", "--max-iter", "4")),
                new JobCase("job/least-squares-csv-bb", true, csv, options(split, "--data", csv, "--header",
                        "--optimizer", "bb", "--max-iter", "15")));
    }


    /** Command-line options: {@code first}, then {@code rest} as strings. */
    private static List<String> options(String[] first, Object... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        for (Object o : rest) {
            all.add(o.toString());
        }
        return all;
    }

    /** The same rows as CSV: a header, then label and {@code d} features per line (absent features as 0). */
    private static Path csvOf(Path libsvm, Path csv, int d) throws IOException {
        StringBuilder sb = new StringBuilder("y");
        for (int j = 1; j <= d; j++) {
            sb.append(",x").append(j);
        }
        sb.append('\n');
        for (String line : Files.readAllLines(libsvm)) {
            String[] f = line.trim().split(" ");
            String[] row = new String[d + 1];
            java.util.Arrays.fill(row, "0");
            row[0] = f[0];
            for (int k = 1; k < f.length; k++) {
                int colon = f[k].indexOf(':');
                row[Integer.parseInt(f[k].substring(0, colon))] = f[k].substring(colon + 1);
            }
            sb.append(String.join(",", row)).append('\n');
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8);
        return csv;
    }

    /** The bits of a model directory: model.json's numbers, history.csv's columns and metrics.json. */
    static Bits modelBits(Path out) throws IOException {
        Bits bits = new Bits();
        JsonNode model = SavedModel.parse(Files.readString(out.resolve("model.json")));
        model.get("weights").forEach(v -> bits.add("weights", v.asDouble()));
        model.get("intercept").forEach(v -> bits.add("intercept", v.asDouble()));
        bits.add("objective", model.get("objectiveValue").asDouble());
        historyBits(out.resolve("history.csv"), bits);
        metricBits("metrics", SavedModel.parse(Files.readString(out.resolve("metrics.json"))), bits);
        return bits;
    }

    /** Every history column but the iteration number and the wall time, by header name. */
    private static void historyBits(Path history, Bits bits) throws IOException {
        List<String> lines = Files.readAllLines(history);
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            for (int k = 0; k < header.length; k++) {
                if (!header[k].equals("iteration") && !header[k].equals("seconds")) {
                    bits.add("history." + header[k], c[k].isEmpty() ? Double.NaN : Double.parseDouble(c[k]));
                }
            }
        }
    }

    /** Every number of a metrics.json, nested objects flattened with dots. */
    static void metricBits(String prefix, JsonNode node, Bits bits) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                metricBits(prefix + "." + e.getKey(), e.getValue(), bits);
            } else if (e.getValue().isNumber()) {
                bits.add(prefix + "." + e.getKey(), e.getValue().asDouble());
            }
        }
    }

    /** The prediction and probability columns of the CSV predictions, by header name, in file then row order. */
    static void predictionBits(Path folder, Bits bits) throws IOException {
        List<Path> parts;
        try (Stream<Path> files = Files.list(folder)) {
            parts = files.filter(p -> p.getFileName().toString().startsWith("part-")
                    && p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
        assertTrue(!parts.isEmpty(), "no prediction files in " + folder);
        for (Path part : parts) {
            List<String> lines = Files.readAllLines(part);
            if (lines.isEmpty()) {
                continue;
            }
            List<String> header = List.of(lines.get(0).split(","));
            for (String line : lines.subList(1, lines.size())) {
                String[] c = line.split(",");
                for (String column : List.of("prediction", "probability")) {
                    int k = header.indexOf(column);
                    if (k >= 0) {
                        bits.add("predictions." + column, Double.parseDouble(c[k]));
                    }
                }
            }
        }
    }
}
