package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fullbatch.cluster.RequiredTool;
import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.report.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} writes for people to read, through the real command line: feature names (CSV header,
 * {@code --feature-names}) in model.json and coefficients.csv, the largest coefficients printed, provenance,
 * metrics.json from the metrics package (the same bits at 1 and 7 partitions), report.html as a browser shows it;
 * hashed text features ({@code --hash-features}) equal to the numbered features they hash to, applied again by
 * predict; resume refusing a changed new option; predict's {@code --ignore-unknown-features}.
 */
class ReadableModelTest {
    @TempDir
    Path dir;

    /** 300 rows of a logistic problem: label, age, income, score. */
    private Path csv() throws IOException {
        Path data = dir.resolve("people.csv");
        if (Files.exists(data)) {
            return data;
        }
        SplittableRandom random = new SplittableRandom(17);
        StringBuilder sb = new StringBuilder("label,age,income,score\n");
        for (int i = 0; i < 300; i++) {
            double age = 20 + random.nextInt(50);
            double income = Math.round(random.nextDouble() * 1000) / 10.0;
            double score = Math.round(random.nextGaussian() * 100) / 100.0;
            double margin = 0.05 * (age - 45) + 0.8 * score + random.nextGaussian();
            sb.append(margin > 0 ? 1 : 0).append(',').append(age).append(',').append(income).append(',')
                    .append(score).append('\n');
        }
        Files.writeString(data, sb);
        return data;
    }

    private static JobRun train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--data", data.toString(), "--output", out.toString(),
                "--objective", "logistic", "--reg-l2", "0.01", "--optimizer", "lbfgs", "--max-iter", "30",
                "--master", "local[2]"));
        args.addAll(List.of(more));
        return JobRun.of(args.toArray(String[]::new));
    }

    private static JsonNode json(Path file) throws IOException {
        return SavedModel.parse(Files.readString(file));
    }

    @Test
    void aCsvHeaderNamesTheCoefficientsAndTheReportShowsThemInABrowser() throws Exception {
        Path out = dir.resolve("model");
        JobRun run = train(csv(), out, "--header", "--validation", csv().toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out.resolve("model.json"));
        assertEquals("[\"age\",\"income\",\"score\"]", model.get("featureNames").toString());
        JsonNode provenance = model.get("provenance");
        for (String key : List.of("fullbatchVersion", "commit", "commitDirty", "sparkVersion", "javaVersion",
                "startedAt", "finishedAt")) {
            assertTrue(provenance.has(key), "provenance." + key + " in " + provenance);
        }
        assertTrue(provenance.get("sparkVersion").asText().startsWith("4."), provenance::toString);
        List<String> coefficients = Files.readAllLines(out.resolve("coefficients.csv"));
        assertEquals("name,index,coefficient", coefficients.get(0));
        assertTrue(coefficients.get(1).startsWith("(Intercept),,"), coefficients.get(1));
        assertEquals(List.of("age", "income", "score"), coefficients.subList(2, 5).stream()
                .map(l -> l.substring(0, l.indexOf(','))).toList());
        double[] weights = new double[3];
        for (int j = 0; j < 3; j++) {
            weights[j] = Double.parseDouble(coefficients.get(2 + j).split(",")[2]);
        }
        double[] saved = new double[3];
        for (int j = 0; j < 3; j++) {
            saved[j] = model.get("weights").get(j).asDouble();
        }
        assertArrayEquals(saved, weights, "coefficients.csv holds model.json's weights, to the bit");
        assertTrue(run.err().contains("largest coefficients by magnitude (3 of 3):"), run::toString);
        assertTrue(run.err().indexOf("  score ") > 0 && run.err().indexOf("  score ") < run.err().indexOf(
                "  income "), "score's coefficient is larger than income's: " + run.err());

        JsonNode metrics = json(out.resolve("metrics.json"));
        for (String key : List.of("rows", "weightSum", "logLoss", "accuracy", "auc", "averagePrecision",
                "precision", "recall", "f1", "confusionMatrix", "bestF1")) {
            assertTrue(metrics.has(key), key + " in metrics.json: " + metrics);
        }
        assertEquals(300, metrics.get("rows").asLong());
        assertEquals(metrics.get("auc"), metrics.get("validation").get("auc"), "the same data scores the same");

        String page = Files.readString(out.resolve("report.html"));
        assertTrue(page.contains("score") && page.contains("income"), "names in report.html");
        RequiredTool.require("chromium", "report.html in a browser (ReadableModelTest)");
        String dom = HeadlessChromium.run(dir, out.resolve("report.html"), "--dump-dom");
        assertTrue(HeadlessChromium.element(dom, "training-curves", "figure").contains("<polyline"));
        assertTrue(HeadlessChromium.element(dom, "metrics-table", "table").contains("0."));
        String table = HeadlessChromium.element(dom, "coefficients-table", "table");
        for (String name : List.of("age", "income", "score")) {
            assertTrue(table.contains(name), name + " in the coefficient table: " + table);
        }
        HeadlessChromium.element(dom, "confusion-training", "table");
        HeadlessChromium.element(dom, "confusion-validation", "table");
    }

    @Test
    void metricsHaveTheSameBitsAtOneAndSevenPartitions() throws Exception {
        Path one = dir.resolve("one");
        Path seven = dir.resolve("seven");
        assertEquals(0, train(csv(), one, "--header", "--partitions", "1", "--block-size", "1024").exitCode());
        JobRun run = train(csv(), seven, "--header", "--partitions", "7", "--block-size", "1024", "--tree-depth",
                "3");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(Files.readString(one.resolve("metrics.json")), Files.readString(seven.resolve("metrics.json")));
        assertEquals(Files.readString(one.resolve("coefficients.csv")),
                Files.readString(seven.resolve("coefficients.csv")));
        assertEquals(Files.readString(one.resolve("report.html")), Files.readString(seven.resolve("report.html")));
    }

    @Test
    void aFeatureNamesFileNamesLibsvmFeaturesAndFixesTheWidth() throws Exception {
        Path data = dir.resolve("d.libsvm");
        Files.writeString(data, "1 1:0.5 2:1\n0 1:-1 3:2\n1 2:0.25\n0 3:-1\n");
        Path names = dir.resolve("names.txt");
        Files.writeString(names, "alpha\nbeta\ngamma\ndelta\n");
        Path out = dir.resolve("named");
        JobRun run = train(data, out, "--feature-names", names.toString());
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode model = json(out.resolve("model.json"));
        assertEquals("[\"alpha\",\"beta\",\"gamma\",\"delta\"]", model.get("featureNames").toString());
        assertEquals(4, model.get("numFeatures").asInt(), "four names: four features, though no row has the 4th");

        Files.writeString(names, "alpha\nbeta\n");
        JobRun narrow = train(data, dir.resolve("narrow"), "--feature-names", names.toString());
        assertEquals(2, narrow.exitCode(), narrow::toString);
        assertTrue(narrow.err().contains("d.libsvm:2") && narrow.err().contains("feature index 3 exceeds the 2 "
                + "names of --feature-names"), narrow::toString);
        Files.writeString(names, "alpha\nbeta\nalpha\n");
        JobRun twice = train(data, dir.resolve("twice"), "--feature-names", names.toString());
        assertEquals(2, twice.exitCode(), twice::toString);
        assertTrue(twice.err().contains("names.txt:3: feature name 'alpha' is given twice"), twice::toString);
    }

    /** Lines of named tokens, and the same rows with the indices the tokens hash to. */
    private Path[] hashedAndNumbered(int bits) throws IOException {
        FeatureHashing hashing = new FeatureHashing(bits, false);
        String[] words = {"good", "bad", "great", "awful", "fine", "caf\u00e9", "http://x.org/a", "meh"};
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder named = new StringBuilder();
        StringBuilder numbered = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            TreeMap<Integer, Double> row = new TreeMap<>();
            StringBuilder line = new StringBuilder();
            int label = random.nextInt(2);
            line.append(label);
            for (int k = 0; k < 3; k++) {
                String word = words[(random.nextInt(4) * 2 + (random.nextInt(5) == 0 ? 1 - label : label))
                        % words.length];
                double value = 1 + random.nextInt(3);
                line.append(' ').append(word).append(':').append(value);
                row.merge(hashing.index(word) + 1, value, Double::sum);
            }
            named.append(line).append('\n');
            numbered.append(label);
            row.forEach((index, value) -> numbered.append(' ').append(index).append(':').append(value));
            numbered.append('\n');
        }
        Path a = dir.resolve("named.txt");
        Path b = dir.resolve("numbered.libsvm");
        Files.writeString(a, named);
        Files.writeString(b, numbered);
        return new Path[] {a, b};
    }

    @Test
    void hashedNamesTrainAsTheNumberedFeaturesTheyHashToAndPredictHashesAgain() throws Exception {
        Path[] files = hashedAndNumbered(6);
        Path hashed = dir.resolve("hashed");
        JobRun run = train(files[0], hashed, "--format", "libsvm", "--hash-features", "6");
        assertEquals(0, run.exitCode(), run::toString);
        Path numbered = dir.resolve("numbered");
        assertEquals(0, train(files[1], numbered, "--num-features", "64").exitCode());
        JsonNode a = json(hashed.resolve("model.json"));
        JsonNode b = json(numbered.resolve("model.json"));
        assertEquals(64, a.get("numFeatures").asInt());
        assertEquals(b.get("weights"), a.get("weights"), "the same bits as the numbered features");
        assertEquals(b.get("intercept"), a.get("intercept"));
        assertEquals(Files.readString(numbered.resolve("metrics.json")),
                Files.readString(hashed.resolve("metrics.json")));
        JsonNode encoding = json(hashed.resolve("encoding.json"));
        assertEquals(6, encoding.get("hashing").get("bits").asInt());
        assertFalse(encoding.get("hashing").get("alternateSign").asBoolean());

        Path scored = dir.resolve("scored");
        JobRun predict = JobRun.of("predict", "--model", hashed.toString(), "--data", files[0].toString(),
                "--output", scored.toString());
        assertEquals(0, predict.exitCode(), predict::toString);
        JsonNode trained = json(hashed.resolve("metrics.json"));
        JsonNode again = json(scored.resolve("metrics.json"));
        for (String key : List.of("logLoss", "accuracy", "auc", "averagePrecision")) {
            assertEquals(trained.get(key), again.get(key), key + ": predict hashes the names as train did");
        }
    }

    @Test
    void resumeRefusesAChangedHashingAndNamesTheOption() throws Exception {
        Path[] files = hashedAndNumbered(5);
        Path out = dir.resolve("resumed");
        assertEquals(0, train(files[0], out, "--hash-features", "5").exitCode());
        JobRun same = train(files[0], out, "--hash-features", "5", "--resume");
        assertEquals(0, same.exitCode(), same::toString);
        JobRun signed = train(files[0], out, "--hash-features", "5", "--hash-sign", "--resume");
        assertEquals(2, signed.exitCode(), signed::toString);
        assertTrue(signed.err().contains("hash-sign"), signed::toString);
        JobRun wider = train(files[0], out, "--hash-features", "7", "--resume");
        assertEquals(2, wider.exitCode(), wider::toString);
        assertTrue(wider.err().contains("hash-features"), wider::toString);
    }

    @Test
    void predictRefusesFeaturesBeyondTheModelUnlessToldToIgnoreThemAndCountsThem() throws Exception {
        Path data = dir.resolve("narrow.libsvm");
        Files.writeString(data, "1 1:0.5 2:1\n0 1:-1 2:2\n1 2:0.25\n0 1:-1\n");
        Path model = dir.resolve("narrow-model");
        assertEquals(0, train(data, model).exitCode());
        Path wide = dir.resolve("wide.libsvm");
        Files.writeString(wide, "1 1:0.5 2:1\n0 1:-1 2:2 5:1 7:3\n1 2:0.25 9:1\n0 1:-1\n");
        JobRun refused = JobRun.of("predict", "--model", model.toString(), "--data", wide.toString(), "--output",
                dir.resolve("refused").toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("wide.libsvm:2") && refused.err().contains("feature index 5 exceeds the 2 "
                + "features of model") && refused.err().contains("--ignore-unknown-features"), refused::toString);
        assertFalse(refused.err().contains("--bad-records skip"), refused::toString);
        assertFalse(refused.err().contains("\tat "), "no stack trace");

        Path scored = dir.resolve("ignored");
        JobRun ignored = JobRun.of("predict", "--model", model.toString(), "--data", wide.toString(), "--output",
                scored.toString(), "--ignore-unknown-features");
        assertEquals(0, ignored.exitCode(), ignored::toString);
        JsonNode metrics = json(scored.resolve("metrics.json"));
        assertEquals(3, metrics.get("ignoredFeatureValues").asLong());
        assertEquals(4, metrics.get("rows").asLong());
        Path same = dir.resolve("same");
        assertEquals(0, JobRun.of("predict", "--model", model.toString(), "--data", data.toString(), "--output",
                same.toString()).exitCode());
        assertEquals(json(same.resolve("metrics.json")).get("logLoss"), metrics.get("logLoss"),
                String.format(Locale.ROOT, "the unknown features changed nothing"));
    }
}
