package dev.fullbatch.data;

/**
 * Parses LIBSVM lines: {@code label index:value index:value ... [# comment]} with 1-based, strictly increasing
 * indices. Rows are stored with 0-based columns.
 *
 * <p>Rejected, with a sentence naming the token: a label or value that is not a plain decimal number, NaN,
 * infinite or beyond the double range; a missing {@code :} (which is also how trailing garbage shows); an index
 * that is not a positive integer, out of order, repeated, or above the declared number of features; a label the
 * objective does not accept ({@link LabelRule}). Accepted: CRLF endings, blank lines, comments after {@code #},
 * tabs or several spaces between tokens.
 *
 * <p>Instance weights, when the parser is asked for them: the first token may be {@code label:weight}, the
 * convention of XGBoost's text format (e.g. {@code 1:2.5 3:1 7:0.5} is label 1 with weight 2.5); a line whose first
 * token is a plain label weighs 1. A weight must be a finite decimal number, at least 0 (0 keeps the row out of the
 * objective and metrics while it still counts as read). Without the request a first token with a {@code :} is
 * rejected as a missing label, so that a line that lost its label is never read as label and weight.
 */
public final class LibsvmLineParser implements LineParser {
    private final int maxFeatures;
    private final boolean ignoreBeyondWidth;
    /** Values left out in the rows kept so far, and in the row being parsed. */
    private long ignoredValues;
    private int ignoredInRow;
    private final String widthOrigin;
    private final LabelRule labels;
    private final boolean weightsInLabel;

    /** @param maxFeatures the largest allowed index (the model width), or 0 to accept any index up to 2^31-2 */
    public LibsvmLineParser(int maxFeatures) {
        this(maxFeatures, "--num-features " + maxFeatures, LabelRule.real("least-squares"));
    }

    /**
     * @param maxFeatures the largest allowed index (the model width), or 0 to accept any index up to 2^31-2
     * @param widthOrigin what fixed {@code maxFeatures}, for messages, e.g. "--num-features 100" or "the 8
     *     features of model m1"
     * @param labels the labels the objective accepts
     */
    public LibsvmLineParser(int maxFeatures, String widthOrigin, LabelRule labels) {
        this(maxFeatures, widthOrigin, labels, false);
    }

    /**
     * @param maxFeatures the largest allowed index (the model width), or 0 to accept any index up to 2^31-2
     * @param widthOrigin what fixed {@code maxFeatures}, for messages
     * @param labels the labels the objective accepts
     * @param weightsInLabel whether a first token {@code label:weight} gives the row's instance weight
     */
    public LibsvmLineParser(int maxFeatures, String widthOrigin, LabelRule labels, boolean weightsInLabel) {
        this(maxFeatures, widthOrigin, labels, weightsInLabel, false);
    }

    /**
     * @param maxFeatures the largest allowed index (the model width), or 0 to accept any index up to 2^31-2
     * @param widthOrigin what fixed {@code maxFeatures}, for messages
     * @param labels the labels the objective accepts
     * @param weightsInLabel whether the first token may be {@code label:weight}
     * @param ignoreBeyondWidth leave out (and count, {@link #ignoredValues()}) the values of indices above
     *     {@code maxFeatures} instead of refusing the line: predict's {@code --ignore-unknown-features}
     */
    public LibsvmLineParser(int maxFeatures, String widthOrigin, LabelRule labels, boolean weightsInLabel,
                            boolean ignoreBeyondWidth) {
        this.ignoreBeyondWidth = ignoreBeyondWidth;
        if (maxFeatures < 0) {
            throw new IllegalArgumentException("maxFeatures must be >= 0, got " + maxFeatures);
        }
        this.maxFeatures = maxFeatures;
        this.widthOrigin = java.util.Objects.requireNonNull(widthOrigin, "widthOrigin");
        this.labels = java.util.Objects.requireNonNull(labels, "labels");
        this.weightsInLabel = weightsInLabel;
    }

    @Override
    public String parse(byte[] b, int from, int to, BlockBuilder out) {
        ignoredInRow = 0;
        int end = to;
        for (int k = from; k < end; k++) {
            if (b[k] == '#') {
                end = k;
                break;
            }
        }
        while (end > from && isBlank(b[end - 1])) {
            end--;
        }
        int i = from;
        while (i < end && isBlank(b[i])) {
            i++;
        }
        if (i >= end) {
            return SKIPPED;
        }
        int tokenEnd = nextBlank(b, i, end);
        double weight = 1.0;
        int labelEnd = tokenEnd;
        int weightColon = weightsInLabel ? indexOf(b, i, tokenEnd, ':') : -1;
        if (weightColon >= 0) {
            labelEnd = weightColon;
            weight = DecimalParser.parse(b, weightColon + 1, tokenEnd);
            String problem = InstanceWeight.check(weight, b, weightColon + 1, tokenEnd);
            if (problem != null) {
                out.abortRow();
                return problem + " (in '" + token(b, i, tokenEnd) + "', read as label:weight)";
            }
        }
        double label = DecimalParser.parse(b, i, labelEnd);
        String unusable = DecimalParser.whyUnusable(label, b, i, labelEnd);
        if (unusable != null) {
            out.abortRow();
            if (weightColon >= 0) {
                return "label '" + token(b, i, labelEnd) + "' " + unusable + " (in '" + token(b, i, tokenEnd)
                        + "', read as label:weight)";
            }
            if (indexOf(b, i, tokenEnd, ':') >= 0) {
                return "the line starts with '" + token(b, i, tokenEnd) + "', which looks like a feature: the label "
                        + "is missing";
            }
            return "label '" + token(b, i, tokenEnd) + "' " + unusable;
        }
        String labelProblem = labels.check(label);
        if (labelProblem != null) {
            out.abortRow();
            return labelProblem;
        }
        int previous = 0;
        i = tokenEnd;
        while (true) {
            while (i < end && isBlank(b[i])) {
                i++;
            }
            if (i >= end) {
                break;
            }
            tokenEnd = nextBlank(b, i, end);
            int colon = indexOf(b, i, tokenEnd, ':');
            if (colon < 0) {
                out.abortRow();
                return "token '" + token(b, i, tokenEnd) + "' is not index:value (missing ':')";
            }
            String problem = checkIndexText(b, i, colon, tokenEnd);
            if (problem != null) {
                out.abortRow();
                return problem;
            }
            long index = 0;
            for (int k = i; k < colon; k++) {
                index = index * 10 + (b[k] - '0');
                if (index > Integer.MAX_VALUE - 1L) {
                    out.abortRow();
                    return "feature index '" + token(b, i, colon) + "' is too large (at most 2147483646)";
                }
            }
            if (index == 0) {
                out.abortRow();
                return "feature index 0 in '" + token(b, i, tokenEnd) + "': LIBSVM indices start at 1";
            }
            if (index == previous) {
                out.abortRow();
                return "duplicate feature index " + index;
            }
            if (index < previous) {
                out.abortRow();
                return "feature indices not increasing: " + index + " after " + previous;
            }
            boolean unknown = maxFeatures > 0 && index > maxFeatures;
            if (unknown && !ignoreBeyondWidth) {
                out.abortRow();
                return "feature index " + index + " exceeds " + widthOrigin;
            }
            double value = DecimalParser.parse(b, colon + 1, tokenEnd);
            unusable = DecimalParser.whyUnusable(value, b, colon + 1, tokenEnd);
            if (unusable != null) {
                out.abortRow();
                return "value '" + token(b, colon + 1, tokenEnd) + "' of feature " + index + " " + unusable;
            }
            if (unknown) {
                ignoredInRow++;
            } else {
                out.addValue((int) index - 1, value);
            }
            previous = (int) index;
            i = tokenEnd;
        }
        out.endRow(label, weight);
        ignoredValues += ignoredInRow;
        return null;
    }

    /** Values of indices above the width left out so far, in rows kept ({@code ignoreBeyondWidth}). */
    public long ignoredValues() {
        return ignoredValues;
    }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int k = from; k < to; k++) {
            if (b[k] == c) {
                return k;
            }
        }
        return -1;
    }

    private static String checkIndexText(byte[] b, int from, int to, int tokenEnd) {
        if (from == to) {
            return "feature '" + token(b, from, tokenEnd) + "' has no index before ':'";
        }
        if (b[from] == '-') {
            return "feature index '" + token(b, from, to) + "' is negative: LIBSVM indices start at 1";
        }
        for (int k = from; k < to; k++) {
            if (b[k] < '0' || b[k] > '9') {
                if (to - from == 3 && (b[from] | 0x20) == 'q' && (b[from + 1] | 0x20) == 'i'
                        && (b[from + 2] | 0x20) == 'd') {
                    return "'qid:' ranking groups are not supported";
                }
                return "feature index '" + token(b, from, to) + "' is not a positive integer";
            }
        }
        return null;
    }

    /** Whether {@code c} is a blank a cell or line may carry around its text (space, tab, CR). */
    public static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int nextBlank(byte[] b, int from, int end) {
        int k = from;
        while (k < end && !isBlank(b[k])) {
            k++;
        }
        return k;
    }

    /** A token of a line, shortened to 40 bytes and made printable, for messages. */
    static String token(byte[] b, int from, int to) {
        return Excerpt.of(b, from, to, 40);
    }
}
