package dev.fullbatch.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the features of an earlier model line up with today's, by name: for each of today's features, the earlier
 * model's column of the same name, or none (a new feature, e.g. a categorical level seen for the first time);
 * earlier features without a name today are dropped. A warm start ({@link InitialModel}) carries coefficients through
 * it, so that yesterday's {@code color=blue} weight lands on today's {@code color=blue} wherever the columns moved.
 * Immutable.
 *
 * @param source for each of today's features, the earlier model's column of that name, or -1
 * @param oldWidth the earlier model's number of features
 * @param matched today's features found in the earlier model, in today's order
 * @param added today's features the earlier model lacks, in today's order
 * @param dropped the earlier model's features gone today, in its order
 */
record FeatureMatch(int[] source, int oldWidth, List<String> matched, List<String> added, List<String> dropped) {

    /** How many names of each list {@link #describe} shows. */
    static final int SHOWN = 5;

    /** Defensive copies. */
    FeatureMatch {
        source = source.clone();
        matched = List.copyOf(matched);
        added = List.copyOf(added);
        dropped = List.copyOf(dropped);
    }

    /**
     * Lines up {@code now} with {@code before}. Two equal lists line up by position even with a repeated name;
     * otherwise a name given twice on either side has no single partner, which the caller refuses.
     *
     * @return the match, or null when a name repeats in lists that differ (see {@link #repeated})
     */
    static FeatureMatch of(List<String> before, List<String> now) {
        if (before.equals(now)) {
            int[] same = new int[now.size()];
            Arrays.setAll(same, j -> j);
            return new FeatureMatch(same, before.size(), now, List.of(), List.of());
        }
        if (repeated(before) != null || repeated(now) != null) {
            return null;
        }
        Map<String, Integer> column = new HashMap<>();
        for (int j = 0; j < before.size(); j++) {
            column.put(before.get(j), j);
        }
        int[] source = new int[now.size()];
        List<String> matched = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (int j = 0; j < now.size(); j++) {
            Integer old = column.remove(now.get(j));
            source[j] = old == null ? -1 : old;
            (old == null ? added : matched).add(now.get(j));
        }
        List<String> dropped = new ArrayList<>();
        for (String name : before) {
            if (column.containsKey(name)) {
                dropped.add(name);
            }
        }
        return new FeatureMatch(source, before.size(), matched, added, dropped);
    }

    /** The first name {@code names} holds twice, or null. */
    static String repeated(List<String> names) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                return n;
            }
        }
        return null;
    }

    /**
     * The earlier model's parameters moved onto today's features: they start with {@code rows} rows of
     * {@link #oldWidth} weights each (a linear model's outputs, row-major by class; a network's first layer,
     * row-major by unit), which become rows of today's width, a matched feature's weight copied, a new one 0;
     * everything after them (intercepts, a network's further layers and biases) is copied as is.
     *
     * @param parameters the earlier model's parameters: {@code rows * oldWidth} weights, then the rest
     */
    double[] carry(double[] parameters, int rows) {
        int width = source.length;
        int rest = parameters.length - rows * oldWidth;
        double[] out = new double[rows * width + rest];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                if (source[j] >= 0) {
                    out[r * width + j] = parameters[r * oldWidth + source[j]];
                }
            }
        }
        System.arraycopy(parameters, rows * oldWidth, out, rows * width, rest);
        return out;
    }

    /** "11 matched, 1 new (starting at 0: color=c), 0 dropped", listing at most {@link #SHOWN} names of each. */
    String describe() {
        return matched.size() + " matched" + list(matched) + ", " + added.size() + " new" + (added.isEmpty() ? ""
                : " (starting at 0: " + names(added) + ")") + ", " + dropped.size() + " dropped" + list(dropped);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "" : " (" + names(names) + ")";
    }

    private static String names(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(SHOWN, names.size())));
        return names.size() > SHOWN ? shown + " and " + (names.size() - SHOWN) + " more" : shown;
    }

    @Override
    public int[] source() {
        return source.clone();
    }
}
