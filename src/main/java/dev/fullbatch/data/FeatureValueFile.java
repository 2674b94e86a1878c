package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text format of per-feature values: coefficient bounds ({@code FEATURE,LOWER,UPPER}) and penalty factors
 * ({@code FEATURE,FACTOR}). One feature per line; features not listed keep the default (the uniform bounds, or
 * factor 1). For example a bounds file:
 * <pre>
 * feature,lower,upper
 * 3,0,inf        # feature 3 non-negative
 * 7,-1,1
 * </pre>
 * <ul>
 *   <li>{@code FEATURE} is the 1-based feature index: LIBSVM's index, or for CSV and Parquet feature columns the
 *       position among the feature columns (1 is the first). Feature names are reserved for data whose features
 *       have names (a token that is not a number is refused until then).</li>
 *   <li>Values are plain decimal numbers; where infinite values are allowed (bounds) {@code inf}, {@code -inf},
 *       {@code +inf} and {@code infinity} in any case.</li>
 *   <li>{@code #} starts a comment to the end of the line; blank lines are skipped; blanks around fields are
 *       allowed; a feature may be listed once; the file may list no feature at all.</li>
 * </ul>
 * Every problem is a {@link BadInputException} naming the file, line and field. Stateless; no Spark or Hadoop: the
 * caller reads the lines (from any file system).
 */
public final class FeatureValueFile {

    /**
     * One line of the file.
     *
     * @param feature the 0-based feature index (the file's index minus one)
     * @param values the line's values after the feature
     * @param line the 1-based line number, for messages
     */
    public record Entry(int feature, double[] values, int line) {
    }

    private FeatureValueFile() {
    }

    /**
     * Parses a file's lines.
     *
     * @param lines the file's lines, without line terminators
     * @param file names the file in messages, e.g. "file:/conf/bounds.csv"
     * @param numFeatures the model width d: indices must be 1..d
     * @param columns the names of the values after the feature, e.g. ["lower", "upper"] (their count is checked)
     * @param allowInfinite whether infinite values are allowed
     * @throws BadInputException naming the file and line of the first problem
     */
    public static List<Entry> parse(List<String> lines, String file, int numFeatures, List<String> columns,
                                    boolean allowInfinite) {
        List<Entry> entries = new ArrayList<>();
        Map<Integer, Integer> seen = new HashMap<>();
        boolean contentSeen = false;
        String shape = "FEATURE," + String.join(",", columns).toUpperCase(java.util.Locale.ROOT);
        for (int n = 0; n < lines.size(); n++) {
            int lineNo = n + 1;
            String text = lines.get(n);
            int hash = text.indexOf('#');
            String content = (hash >= 0 ? text.substring(0, hash) : text).strip();
            if (content.isEmpty()) {
                continue;
            }
            String[] fields = content.split(",", -1);
            boolean first = !contentSeen;
            contentSeen = true;
            if (first && isHeader(fields, columns)) {
                continue;
            }
            if (fields.length != columns.size() + 1) {
                throw problem(file, lineNo, "has " + fields.length + " fields, expected " + (columns.size() + 1)
                        + " (" + shape + ")", text);
            }
            int feature = featureIndex(fields[0].strip(), numFeatures, file, lineNo, text);
            Integer before = seen.put(feature, lineNo);
            if (before != null) {
                throw problem(file, lineNo, "feature " + (feature + 1) + " is listed again (first on line " + before
                        + ")", text);
            }
            double[] values = new double[columns.size()];
            for (int c = 0; c < values.length; c++) {
                values[c] = value(fields[c + 1].strip(), columns.get(c), allowInfinite, file, lineNo, text);
            }
            entries.add(new Entry(feature, values, lineNo));
        }
        return entries;
    }

    /** Whether the fields are the column names ({@code feature,lower,upper}, any case): an optional header. */
    private static boolean isHeader(String[] fields, List<String> columns) {
        if (fields.length != columns.size() + 1 || !fields[0].strip().equalsIgnoreCase("feature")) {
            return false;
        }
        for (int c = 0; c < columns.size(); c++) {
            if (!fields[c + 1].strip().equalsIgnoreCase(columns.get(c))) {
                return false;
            }
        }
        return true;
    }

    private static int featureIndex(String token, int numFeatures, String file, int line, String text) {
        if (token.isEmpty()) {
            throw problem(file, line, "the feature is missing", text);
        }
        if (!token.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            if (token.charAt(0) == '-') {
                throw problem(file, line, "feature '" + token + "' is not a 1-based feature index", text);
            }
            throw problem(file, line, "feature '" + token + "' is not a 1-based feature index (feature names need "
                    + "data with named features)", text);
        }
        long index = token.length() > 10 ? Long.MAX_VALUE : Long.parseLong(token);
        if (index < 1 || index > numFeatures) {
            throw problem(file, line, "feature " + token + " is outside 1.." + numFeatures + " (the model's "
                    + numFeatures + " features; indices are 1-based)", text);
        }
        return (int) index - 1;
    }

    private static double value(String token, String name, boolean allowInfinite, String file, int line,
                                String text) {
        byte[] b = token.getBytes(StandardCharsets.US_ASCII);
        if (allowInfinite && DecimalParser.spellsNonFinite(b, 0, b.length)) {
            String word = token.toLowerCase(java.util.Locale.ROOT);
            if (!word.contains("nan")) {
                return word.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
        }
        double v = DecimalParser.parse(b, 0, b.length);
        String unusable = DecimalParser.whyUnusable(v, b, 0, b.length);
        if (unusable != null) {
            throw problem(file, line, "the " + name + " '" + token + "' " + unusable, text);
        }
        return v;
    }

    private static BadInputException problem(String file, int line, String reason, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new BadInputException(file + ":" + line + ": " + reason + ": '" + RecordProblem.excerpt(b, 0, b.length)
                + "'");
    }
}
