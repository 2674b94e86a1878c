package dev.fullbatch.job;

import dev.fullbatch.input.CsvShape;
import dev.fullbatch.input.DataSummary;
import dev.fullbatch.input.ReadOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The names of a model's features, from where the input keeps them: a CSV header (every column but the label, in
 * order), the numeric Parquet columns read, a Parquet vector column's Spark ML attributes, or a
 * {@code --feature-names} file for LIBSVM (one name a line, feature 0 first); categorical columns add their levels'
 * names ({@code color=red}). Inputs that name nothing (LIBSVM without a names file, a Parquet vector column without
 * attributes, hashed features) have none: null, and the outputs use {@code x0, x1, ...}.
 */
final class FeatureNames {
    private FeatureNames() {
    }

    /** The most names a {@code --feature-names} file may hold: the widest model accepted. */
    static final int MAX_NAMES = TrainCommand.MAX_FEATURES;

    /**
     * Reads a {@code --feature-names} file: one name per line, blank-trimmed, feature 0 first; a trailing empty
     * line is allowed, an empty line elsewhere or a name given twice is refused with its line.
     *
     * @throws UsageException naming the file and line for anything wrong
     */
    static List<String> read(String uri, Configuration conf) {
        List<String> names = new ArrayList<>();
        try {
            Path p = new Path(uri);
            FileSystem fs = p.getFileSystem(conf);
            if (!fs.isFile(p)) {
                throw new UsageException("--feature-names " + uri + " is not a file: give a text file with one "
                        + "feature name per line, feature 0 first");
            }
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            int blankAt = 0;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(p), StandardCharsets.UTF_8))) {
                String line;
                int number = 0;
                while ((line = r.readLine()) != null) {
                    number++;
                    String name = (number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line).strip();
                    if (name.isEmpty()) {
                        blankAt = blankAt == 0 ? number : blankAt;
                        continue;
                    }
                    if (blankAt != 0) {
                        throw new UsageException(uri + ":" + blankAt + ": empty line in --feature-names: every "
                                + "line names the next feature (line k names feature k-1)");
                    }
                    Integer before = seen.putIfAbsent(name, number);
                    if (before != null) {
                        throw new UsageException(uri + ":" + number + ": feature name '" + name + "' is given "
                                + "twice in --feature-names (also on line " + before + ")");
                    }
                    if (names.size() >= MAX_NAMES) {
                        throw new UsageException("--feature-names " + uri + " has more than " + MAX_NAMES
                                + " names, more than the widest model");
                    }
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UsageException("cannot read --feature-names " + uri + ": " + e.getMessage());
        }
        if (names.isEmpty()) {
            throw new UsageException("--feature-names " + uri + " holds no names: give one name per line, feature 0 "
                    + "first");
        }
        return names;
    }

    /**
     * The names of the features of loaded training data, or null when the input names none.
     *
     * @param given the {@code --feature-names} file's names, or null
     */
    static List<String> of(String uri, DataSummary summary, ReadOptions read, List<String> given, Configuration conf) {
        int d = summary.numFeatures();
        if (given != null) {
            return given.size() == d ? given : null;
        }
        if (summary.columns() != null) {
            var columns = summary.columns();
            if (columns.vectorColumn() != null) {
                return columns.vectorSlotNames().size() == d ? columns.vectorSlotNames() : null;
            }
            if (!columns.hashedColumns().isEmpty()) {
                return null;
            }
            List<String> names = new ArrayList<>(columns.numericColumns());
            if (read.categorical() != null) {
                names.addAll(read.categorical().featureNames());
            }
            return names.size() == d ? names : null;
        }
        if (read.format() == ReadOptions.Format.CSV && read.header()) {
            CsvShape shape = CsvShape.find(uri, summary.files(), read, conf);
            if (shape.header() == null) {
                return null;
            }
            List<String> cells = shape.headerCells();
            var categorical = read.categorical();
            java.util.Set<String> encoded = new java.util.HashSet<>();
            if (categorical != null) {
                categorical.columns().forEach(c -> encoded.add(c.name()));
            }
            List<String> names = new ArrayList<>(d);
            for (int k = 0; k < cells.size(); k++) {
                if (k != read.labelColumn() && !encoded.contains(cells.get(k))) {
                    names.add(cells.get(k));
                }
            }
            if (categorical != null) {
                names.addAll(categorical.featureNames());
            }
            return names.size() == d ? names : null;
        }
        return null;
    }
}
