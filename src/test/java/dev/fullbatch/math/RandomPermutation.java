package dev.fullbatch.math;

import java.util.SplittableRandom;

/** Test helper: a uniformly random order of {@code 0 .. n-1} (Fisher-Yates), reproducible from the generator. */
public final class RandomPermutation {
    private RandomPermutation() {
    }

    /** The integers {@code 0 .. n-1} in a random order drawn from {@code random}. */
    public static int[] of(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[k];
            order[k] = t;
        }
        return order;
    }
}
