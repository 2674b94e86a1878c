package dev.fullbatch.data;

/**
 * The one rule for an instance weight read from a record, shared by the parsers: a finite decimal number, at least 0.
 * Zero is allowed (the row is read, counted and scored, but weighs nothing in the objective and the metrics).
 */
final class InstanceWeight {
    private InstanceWeight() {
    }

    /**
     * Checks a parsed weight.
     *
     * @param weight what {@link DecimalParser#parse} made of {@code bytes[from, to)}
     * @return null when usable, else a sentence naming the value
     */
    static String check(double weight, byte[] bytes, int from, int to) {
        String unusable = DecimalParser.whyUnusable(weight, bytes, from, to);
        if (unusable != null) {
            return "instance weight '" + LibsvmLineParser.token(bytes, from, to) + "' " + unusable;
        }
        if (weight < 0) {
            return "instance weight '" + LibsvmLineParser.token(bytes, from, to) + "' is negative: weights must be "
                    + ">= 0";
        }
        return null;
    }
}
