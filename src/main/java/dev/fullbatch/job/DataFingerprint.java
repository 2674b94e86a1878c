package dev.fullbatch.job;

import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.InputFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The fingerprint of a run's data, recorded under {@code data} in model.json and in every checkpoint, and how two
 * fingerprints differ, in words.
 *
 * <p>It holds the training data's {@code rows}, {@code numFeatures}, {@code files} (each file's {@code path},
 * {@code bytes}, {@code modified} time in epoch milliseconds and {@code rows}), for Parquet the {@code columns}
 * read, the validation data's {@code validationFiles}, and a warm start's {@code initModel} (its directory and
 * model.json's SHA-256, or that it held no model; see {@link InitialModel}). The file lists alone decide most changes without
 * reading any data: a file added, removed, resized or rewritten (a new modification time, even with the same
 * bytes, since fullbatch cannot tell without reading it). Keys a fingerprint written by an older version lacks are
 * not compared.
 */
final class DataFingerprint {
    /** The key of a warm start's model ({@link InitialModel#fingerprint}). */
    static final String INIT_MODEL = "initModel";
    /** The key of the {@code --bounds} file's SHA-256 (present only with the option). */
    static final String BOUNDS_SHA256 = "boundsSha256";
    /** The key of the {@code --penalty-factors} file's SHA-256 (present only with the option). */
    static final String PENALTY_FACTORS_SHA256 = "penaltyFactorsSha256";

    private DataFingerprint() {
    }

    /** The fingerprint of loaded training data and the validation files (null without validation). */
    static Map<String, Object> of(DataSummary summary, List<InputFile> validationFiles) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", summary.rows());
        m.put("numFeatures", summary.numFeatures());
        m.put("files", files(summary.files(), summary.rowsPerFile()));
        if (summary.columns() != null) {
            m.put("columns", summary.columns().toMap());
        }
        if (validationFiles != null) {
            m.put("validationFiles", files(validationFiles, null));
        }
        return m;
    }

    private static List<Map<String, Object>> files(List<InputFile> files, long[] rows) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            InputFile f = files.get(i);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("path", f.path());
            e.put("bytes", f.length());
            e.put("modified", f.modificationTime());
            if (rows != null) {
                e.put("rows", rows[i]);
            }
            out.add(e);
        }
        return out;
    }

    /**
     * What changed in the inputs' file lists since {@code saved} was recorded, found by listing alone (no data
     * read).
     *
     * @param training the training input's files now
     * @param validation the validation input's files now, or null without validation
     */
    static List<String> listingDifferences(Map<String, Object> saved, List<InputFile> training,
                                           List<InputFile> validation) {
        List<String> out = new ArrayList<>();
        compareFiles("training", saved.get("files"), files(training, null), out);
        if (saved.containsKey("validationFiles")) {
            compareFiles("validation", saved.get("validationFiles"),
                    validation == null ? List.of() : files(validation, null), out);
        }
        return out;
    }

    /** Every difference between two fingerprints (of which {@code now} is complete). */
    static List<String> differences(Map<String, Object> saved, Map<String, Object> now) {
        List<String> out = new ArrayList<>();
        compareFiles("training", saved.get("files"), now.get("files"), out);
        if (saved.containsKey("validationFiles")) {
            compareFiles("validation", saved.get("validationFiles"), now.get("validationFiles"), out);
        }
        out.addAll(initModelDifferences(saved, now));
        for (String key : List.of("rows", "numFeatures", "columns")) {
            if (saved.containsKey(key) && !Objects.equals(saved.get(key), now.get(key))) {
                out.add("the training data changed (" + key + ": " + now.get(key) + ", was " + saved.get(key) + ")");
            }
        }
        out.addAll(fileContentDifferences(saved, now));
        return out;
    }

    /** Whether the initial model ({@code initModel}) differs, in words. */
    static List<String> initModelDifferences(Map<String, Object> saved, Map<String, Object> now) {
        if (Objects.equals(saved.get(INIT_MODEL), now.get(INIT_MODEL))) {
            return List.of();
        }
        return List.of("the --init-model changed (" + describe(now.get(INIT_MODEL)) + ", was "
                + describe(saved.get(INIT_MODEL)) + ")");
    }

    /**
     * What changed in the {@code --bounds} and {@code --penalty-factors} files' content: a file's path is an option,
     * compared with the options; its content is compared here, by SHA-256.
     */
    static List<String> fileContentDifferences(Map<String, Object> saved, Map<String, Object> now) {
        List<String> out = new ArrayList<>();
        for (String[] file : new String[][] {{BOUNDS_SHA256, "--bounds"}, {PENALTY_FACTORS_SHA256,
            "--penalty-factors"}}) {
            if (saved.containsKey(file[0]) && now.containsKey(file[0])
                    && !Objects.equals(saved.get(file[0]), now.get(file[0]))) {
                out.add("the " + file[1] + " file's content changed (SHA-256 " + now.get(file[0]) + ", was "
                        + saved.get(file[0]) + ")");
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void compareFiles(String which, Object savedList, Object nowList, List<String> out) {
        List<Map<String, Object>> before = savedList instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        List<Map<String, Object>> after = nowList instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
        Map<String, Map<String, Object>> byPath = new LinkedHashMap<>();
        for (Map<String, Object> f : before) {
            byPath.put(String.valueOf(f.get("path")), f);
        }
        String changed = "the " + which + " data changed: ";
        for (Map<String, Object> f : after) {
            String path = String.valueOf(f.get("path"));
            Map<String, Object> old = byPath.remove(path);
            if (old == null) {
                out.add(changed + path + " is new");
                continue;
            }
            if (!sameNumber(old.get("bytes"), f.get("bytes"))) {
                out.add(changed + path + " has " + String.format(Locale.ROOT, "%,d", number(f.get("bytes")))
                        + " bytes, was " + String.format(Locale.ROOT, "%,d", number(old.get("bytes"))));
            } else if (old.containsKey("modified") && f.containsKey("modified")
                    && !sameNumber(old.get("modified"), f.get("modified"))) {
                out.add(changed + path + " was rewritten (modified " + Instant.ofEpochMilli(number(f.get("modified")))
                        + ", was " + Instant.ofEpochMilli(number(old.get("modified"))) + ")");
            } else if (old.containsKey("rows") && f.containsKey("rows") && !sameNumber(old.get("rows"), f.get("rows"))) {
                out.add(changed + path + " has " + number(f.get("rows")) + " rows, was " + number(old.get("rows")));
            }
        }
        for (String gone : byPath.keySet()) {
            out.add(changed + gone + " is gone");
        }
    }

    private static String describe(Object initModel) {
        if (!(initModel instanceof Map<?, ?> m)) {
            return "none";
        }
        if (Boolean.FALSE.equals(m.get(InitialModel.FOUND))) {
            return m.get("path") + " holding no complete model";
        }
        // Models trained before the provenance was left out recorded the SHA-256 of model.json's bytes: say so
        // rather than print a missing value; such a rerun is refused once, and --overwrite records the new form.
        return m.containsKey(LEGACY_INIT_MODEL_SHA256)
                ? m.get("path") + " with model.json SHA-256 " + m.get(LEGACY_INIT_MODEL_SHA256) + " (the file's bytes,"
                        + " provenance included, as an earlier fullbatch recorded it; --overwrite retrains once)"
                : m.get("path") + " with model SHA-256 " + m.get("modelSha256");
    }

    /** The key earlier versions recorded a warm start's model under: the SHA-256 of model.json's bytes. */
    static final String LEGACY_INIT_MODEL_SHA256 = "modelJsonSha256";

    private static boolean sameNumber(Object a, Object b) {
        return a instanceof Number x && b instanceof Number y ? x.longValue() == y.longValue() : Objects.equals(a, b);
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : -1;
    }

    /**
     * The differences between a recorded configuration and the current one, as "--reg-l2 changed from 0.001 to
     * 0.01", skipping {@code ignored} keys and keys the recorded one lacks (written by an older version).
     */
    static List<String> optionDifferences(Map<String, Object> saved, Map<String, Object> now,
                                          java.util.Collection<String> ignored) {
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(saved.keySet());
        keys.addAll(now.keySet());
        for (String key : keys) {
            if (ignored.contains(key) || !saved.containsKey(key)) {
                continue;
            }
            Object a = saved.get(key);
            Object b = now.get(key);
            if (!(a instanceof Number x && b instanceof Number y ? x.doubleValue() == y.doubleValue()
                    : Objects.equals(a, b))) {
                out.add("--" + key + " changed from " + a + " to " + b);
            }
        }
        return out;
    }
}
