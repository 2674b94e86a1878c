package dev.fullbatch.data;

import java.util.Objects;

/**
 * Parses LIBSVM-like lines whose features are named, not numbered: {@code label token token ... [# comment]},
 * where a token is {@code NAME} (value 1) or {@code NAME:VALUE}, split at the last {@code :}. Names are hashed into
 * the features of a {@link FeatureHashing} ({@link HashedRow}: a name repeated in a line adds up, as term
 * frequencies do). Names are any bytes but blanks and {@code #} (UTF-8 text is hashed as Spark hashes the string);
 * a name may contain {@code :} when a value follows it ({@code http://x:1}).
 *
 * <p>Rejected, with a sentence naming the token: a label or value that is not a plain decimal number, NaN, infinite
 * or beyond the double range; an empty name ({@code :1.5}); a token whose part after its last {@code :} is not a
 * number; a label the objective does not accept. Collisions are not errors: they are counted
 * ({@link #collisions()}).
 */
public final class HashedTextLineParser implements LineParser {
    private final HashedRow row;
    private final LabelRule labels;

    /**
     * @param hashing the width and sign rule
     * @param labels the labels the objective accepts
     */
    public HashedTextLineParser(FeatureHashing hashing, LabelRule labels) {
        this.row = new HashedRow(Objects.requireNonNull(hashing, "hashing"));
        this.labels = Objects.requireNonNull(labels, "labels");
    }

    @Override
    public String parse(byte[] b, int from, int to, BlockBuilder out) {
        int end = to;
        for (int k = from; k < end; k++) {
            if (b[k] == '#') {
                end = k;
                break;
            }
        }
        while (end > from && LibsvmLineParser.isBlank(b[end - 1])) {
            end--;
        }
        int i = from;
        while (i < end && LibsvmLineParser.isBlank(b[i])) {
            i++;
        }
        if (i >= end) {
            return SKIPPED;
        }
        int tokenEnd = nextBlank(b, i, end);
        double label = DecimalParser.parse(b, i, tokenEnd);
        String unusable = DecimalParser.whyUnusable(label, b, i, tokenEnd);
        if (unusable != null) {
            return "label '" + LibsvmLineParser.token(b, i, tokenEnd) + "' " + unusable + " (a hashed line starts "
                    + "with its label)";
        }
        String labelProblem = labels.check(label);
        if (labelProblem != null) {
            return labelProblem;
        }
        row.clear();
        i = tokenEnd;
        while (true) {
            while (i < end && LibsvmLineParser.isBlank(b[i])) {
                i++;
            }
            if (i >= end) {
                break;
            }
            tokenEnd = nextBlank(b, i, end);
            int colon = lastColon(b, i, tokenEnd);
            int nameEnd = colon < 0 ? tokenEnd : colon;
            if (nameEnd == i) {
                row.clear();
                return "token '" + LibsvmLineParser.token(b, i, tokenEnd) + "' has no name before ':'";
            }
            double value = 1.0;
            if (colon >= 0) {
                value = DecimalParser.parse(b, colon + 1, tokenEnd);
                unusable = DecimalParser.whyUnusable(value, b, colon + 1, tokenEnd);
                if (unusable != null) {
                    row.clear();
                    return "value '" + LibsvmLineParser.token(b, colon + 1, tokenEnd) + "' of token '"
                            + LibsvmLineParser.token(b, i, tokenEnd) + "' " + unusable + " (a token is NAME or "
                            + "NAME:VALUE, split at the last ':')";
                }
            }
            row.add(b, i, nameEnd, value);
            i = tokenEnd;
        }
        row.finishInto(out);
        out.endRow(label, 1.0);
        return null;
    }

    /** Collisions in the lines parsed so far: tokens that shared an index with a different token of their line. */
    public long collisions() {
        return row.collisions();
    }

    /** Lines parsed so far that had at least one collision. */
    public long linesWithCollisions() {
        return row.rowsWithCollisions();
    }

    private static int lastColon(byte[] b, int from, int to) {
        for (int k = to - 1; k >= from; k--) {
            if (b[k] == ':') {
                return k;
            }
        }
        return -1;
    }

    private static int nextBlank(byte[] b, int from, int end) {
        int k = from;
        while (k < end && !LibsvmLineParser.isBlank(b[k])) {
            k++;
        }
        return k;
    }
}
