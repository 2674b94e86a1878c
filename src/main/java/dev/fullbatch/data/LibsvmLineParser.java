package dev.fullbatch.data;

/**
 * Parses LIBSVM lines: {@code label index:value index:value ... [# comment]} with 1-based, strictly increasing
 * indices. Rows are stored with 0-based columns.
 *
 * <p>Rejected, with a sentence naming the token: a label or value that is not a plain decimal number, NaN or
 * infinite values, a missing {@code :}, an index that is not a positive integer, indices out of order or repeated,
 * an index above the declared number of features. Accepted: CRLF endings, blank lines, comments after {@code #},
 * tabs or several spaces between tokens.
 */
public final class LibsvmLineParser implements LineParser {
    private final int maxFeatures;

    /** @param maxFeatures the largest allowed index (the model width), or 0 to accept any index up to 2^31-2 */
    public LibsvmLineParser(int maxFeatures) {
        if (maxFeatures < 0) {
            throw new IllegalArgumentException("maxFeatures must be >= 0, got " + maxFeatures);
        }
        this.maxFeatures = maxFeatures;
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
        double label = DecimalParser.parse(b, i, tokenEnd);
        if (DecimalParser.isInvalid(label) || Double.isInfinite(label)) {
            out.abortRow();
            if (DecimalParser.spellsNonFinite(b, i, tokenEnd) || Double.isInfinite(label)) {
                return "label '" + token(b, i, tokenEnd) + "' is NaN or infinite";
            }
            return "label '" + token(b, i, tokenEnd) + "' is not a number";
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
            int colon = -1;
            for (int k = i; k < tokenEnd; k++) {
                if (b[k] == ':') {
                    colon = k;
                    break;
                }
            }
            if (colon < 0) {
                out.abortRow();
                return "token '" + token(b, i, tokenEnd) + "' is not index:value (missing ':')";
            }
            String problem = checkIndexText(b, i, colon);
            if (problem != null) {
                out.abortRow();
                return problem;
            }
            long index = 0;
            for (int k = i; k < colon; k++) {
                index = index * 10 + (b[k] - '0');
                if (index > Integer.MAX_VALUE - 1L) {
                    out.abortRow();
                    return "feature index '" + token(b, i, colon) + "' is too large";
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
            if (maxFeatures > 0 && index > maxFeatures) {
                out.abortRow();
                return "feature index " + index + " exceeds --num-features " + maxFeatures;
            }
            double value = DecimalParser.parse(b, colon + 1, tokenEnd);
            if (DecimalParser.isInvalid(value) || Double.isInfinite(value)) {
                out.abortRow();
                if (DecimalParser.spellsNonFinite(b, colon + 1, tokenEnd) || Double.isInfinite(value)) {
                    return "value '" + token(b, colon + 1, tokenEnd) + "' of feature " + index
                            + " is NaN or infinite";
                }
                return "value '" + token(b, colon + 1, tokenEnd) + "' of feature " + index + " is not a number";
            }
            out.addValue((int) index - 1, value);
            previous = (int) index;
            i = tokenEnd;
        }
        out.endRow(label, 1.0);
        return null;
    }

    private static String checkIndexText(byte[] b, int from, int to) {
        if (from == to) {
            return "feature '" + token(b, from, to + 1) + "' has no index before ':'";
        }
        if (b[from] == '-') {
            return "feature index '" + token(b, from, to) + "' is negative: LIBSVM indices start at 1";
        }
        for (int k = from; k < to; k++) {
            if (b[k] < '0' || b[k] > '9') {
                if (to - from == 3 && (b[from] | 0x20) == 'q' && (b[from + 1] | 0x20) == 'i') {
                    return "'qid:' ranking groups are not supported";
                }
                return "feature index '" + token(b, from, to) + "' is not a positive integer";
            }
        }
        return null;
    }

    static boolean isBlank(byte c) {
        return c == ' ' || c == '\t' || c == '\r';
    }

    private static int nextBlank(byte[] b, int from, int end) {
        int k = from;
        while (k < end && !isBlank(b[k])) {
            k++;
        }
        return k;
    }

    static String token(byte[] b, int from, int to) {
        int len = Math.min(to - from, 40);
        String s = new String(b, from, len, java.nio.charset.StandardCharsets.UTF_8);
        return to - from > 40 ? s + "..." : s;
    }
}
