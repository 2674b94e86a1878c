package dev.fullbatch.model;

/**
 * Dot products of sparse rows with a dense parameter vector, four rows at a time: {@code out[i] = sum_q x[q] *
 * p[offset + col[q]]} over row {@code r0 + i}'s nonzeros, each row summed from 0 in its own nonzero order, so the bits
 * are those of one row at a time.
 *
 * <p>Why four rows: a wide model's parameters are megabytes, so nearly every {@code p[col[q]]} misses the caches, and
 * one row's sum is a chain of dependent additions that lets the processor overlap only the few misses of that row.
 * Four independent chains keep four times as many misses in flight (measured on the 1M x 2^20 sparse benchmark's
 * blocks: about 1.7x faster margins). Stateless.
 */
final class SparseDots {
    private SparseDots() {
    }

    /** Rows {@code r0 .. r0+m-1} of a block with double values, into {@code out[0 .. m-1]}. */
    static void rows(int[] start, int[] col, double[] x, int r0, int m, double[] p, int offset, double[] out) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int r = r0 + i;
            int a = start[r];
            int b = start[r + 1];
            int c = start[r + 2];
            int d = start[r + 3];
            int e = start[r + 4];
            int n = Math.min(Math.min(b - a, c - b), Math.min(d - c, e - d));
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < n; k++) {
                s0 += x[a + k] * p[offset + col[a + k]];
                s1 += x[b + k] * p[offset + col[b + k]];
                s2 += x[c + k] * p[offset + col[c + k]];
                s3 += x[d + k] * p[offset + col[d + k]];
            }
            // The longer rows' remaining nonzeros, still in their order.
            for (int q = a + n; q < b; q++) {
                s0 += x[q] * p[offset + col[q]];
            }
            for (int q = b + n; q < c; q++) {
                s1 += x[q] * p[offset + col[q]];
            }
            for (int q = c + n; q < d; q++) {
                s2 += x[q] * p[offset + col[q]];
            }
            for (int q = d + n; q < e; q++) {
                s3 += x[q] * p[offset + col[q]];
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
        for (; i < m; i++) {
            double s = 0;
            for (int q = start[r0 + i]; q < start[r0 + i + 1]; q++) {
                s += x[q] * p[offset + col[q]];
            }
            out[i] = s;
        }
    }

    /** {@link #rows(int[], int[], double[], int, int, double[], int, double[])} on float values. */
    static void rows(int[] start, int[] col, float[] x, int r0, int m, double[] p, int offset, double[] out) {
        int i = 0;
        for (; i + 3 < m; i += 4) {
            int r = r0 + i;
            int a = start[r];
            int b = start[r + 1];
            int c = start[r + 2];
            int d = start[r + 3];
            int e = start[r + 4];
            int n = Math.min(Math.min(b - a, c - b), Math.min(d - c, e - d));
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < n; k++) {
                s0 += x[a + k] * p[offset + col[a + k]];
                s1 += x[b + k] * p[offset + col[b + k]];
                s2 += x[c + k] * p[offset + col[c + k]];
                s3 += x[d + k] * p[offset + col[d + k]];
            }
            for (int q = a + n; q < b; q++) {
                s0 += x[q] * p[offset + col[q]];
            }
            for (int q = b + n; q < c; q++) {
                s1 += x[q] * p[offset + col[q]];
            }
            for (int q = c + n; q < d; q++) {
                s2 += x[q] * p[offset + col[q]];
            }
            for (int q = d + n; q < e; q++) {
                s3 += x[q] * p[offset + col[q]];
            }
            out[i] = s0;
            out[i + 1] = s1;
            out[i + 2] = s2;
            out[i + 3] = s3;
        }
        for (; i < m; i++) {
            double s = 0;
            for (int q = start[r0 + i]; q < start[r0 + i + 1]; q++) {
                s += x[q] * p[offset + col[q]];
            }
            out[i] = s;
        }
    }
}
