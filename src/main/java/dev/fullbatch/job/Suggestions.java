package dev.fullbatch.job;

import java.util.Collection;

/** Finds the valid name closest to a mistyped one, for "did you mean" hints. */
final class Suggestions {
    private Suggestions() {
    }

    /** The candidate with the smallest edit distance to {@code typed}, or null when none is reasonably close. */
    static String nearest(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typed, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, typed.length() / 2) ? best : null;
    }

    /** " (did you mean 'x'?)" or "". */
    static String hint(String typed, Collection<String> candidates, String prefix) {
        String n = nearest(typed, candidates);
        return n == null ? "" : "; did you mean '" + prefix + n + "'?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
