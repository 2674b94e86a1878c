package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fullbatch.model.PartialSums;

/**
 * Bit-for-bit comparison of gradient sums, for the tests that check the distributed gradient against a reference
 * ({@code TreeGradientTest} in one JVM, {@code LocalClusterGradientIT} on executor JVMs). Stateless.
 */
public final class GradientBits {
    private GradientBits() {
    }

    /**
     * Fixed, varied parameters to evaluate at: {@code 0.1 sin(i + 1)}. StrictMath, so every JVM computes the same
     * values.
     */
    public static double[] params(int n) {
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            p[i] = StrictMath.sin(i + 1) * 0.1;
        }
        return p;
    }

    /** The raw bits of the vector sum, then of the loss sum, then of the weight sum. */
    public static long[] bits(PartialSums s) {
        double[] v = s.vectorSum();
        long[] out = new long[v.length + 2];
        for (int i = 0; i < v.length; i++) {
            out[i] = Double.doubleToRawLongBits(v[i]);
        }
        out[v.length] = Double.doubleToRawLongBits(s.lossSum());
        out[v.length + 1] = Double.doubleToRawLongBits(s.weightSum());
        return out;
    }

    /** Asserts equal {@link #bits}, naming the first component that differs. */
    public static void assertSameBits(long[] expected, long[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], what + ": component " + i + " differs");
        }
    }
}
