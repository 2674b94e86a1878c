package dev.fullbatch.math;

import java.util.Arrays;

/**
 * A symmetric {@code n x n} matrix stored as its upper triangle, row by row: entry {@code (i, j)}, {@code i <= j},
 * at {@link #packedIndex(int, int, int) packedIndex(n, i, j)}. Immutable (the array is copied in and out).
 *
 * <p>The layout of the exact dense Hessians ({@code dev.fullbatch.model.LinearHessian}): a reduction sums the
 * triangle as one vector, and this class reads it.
 */
public final class SymmetricMatrix {
    private final int size;
    private final double[] upper;

    /**
     * @param size n, at least 0
     * @param packedUpper the {@link #packedLength(int)} entries of the upper triangle, row by row
     */
    public SymmetricMatrix(int size, double[] packedUpper) {
        if (size < 0 || packedLength(size) < 0) {
            throw new IllegalArgumentException("size must be in [0, 65535], got " + size);
        }
        if (packedUpper.length != packedLength(size)) {
            throw new IllegalArgumentException("a packed " + size + " x " + size + " triangle has "
                    + packedLength(size) + " entries, got " + packedUpper.length);
        }
        this.size = size;
        this.upper = packedUpper.clone();
    }

    /** The entries of an upper triangle of {@code n} rows: {@code n (n + 1) / 2}, or -1 beyond an int. */
    public static int packedLength(int n) {
        long length = (long) n * (n + 1) / 2;
        return length > Integer.MAX_VALUE - 8 ? -1 : (int) length;
    }

    /** Where entry {@code (i, j)} ({@code i <= j < n}) of the upper triangle is stored: row i starts after rows 0..i-1. */
    public static int packedIndex(int n, int i, int j) {
        return (int) ((long) i * n - (long) i * (i - 1) / 2 + (j - i));
    }

    /** The matrix {@code a} (its upper triangle read; the lower one is not checked). */
    public static SymmetricMatrix of(double[][] a) {
        int n = a.length;
        double[] packed = new double[packedLength(n)];
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                packed[packedIndex(n, i, j)] = a[i][j];
            }
        }
        return new SymmetricMatrix(n, packed);
    }

    /** n. */
    public int size() {
        return size;
    }

    /** Entry {@code (i, j)}, either order. */
    public double get(int i, int j) {
        return i <= j ? upper[packedIndex(size, i, j)] : upper[packedIndex(size, j, i)];
    }

    /** The packed upper triangle (a copy). */
    public double[] packedUpper() {
        return upper.clone();
    }

    /** The diagonal. */
    public double[] diagonal() {
        double[] d = new double[size];
        for (int i = 0; i < size; i++) {
            d[i] = upper[packedIndex(size, i, i)];
        }
        return d;
    }

    /** This matrix times {@code scale}, plus {@code diagonal} on the diagonal (a ridge). */
    public SymmetricMatrix scaledPlusDiagonal(double scale, double[] diagonal) {
        if (diagonal.length != size) {
            throw new IllegalArgumentException("expected " + size + " diagonal entries, got " + diagonal.length);
        }
        double[] packed = new double[upper.length];
        for (int i = 0; i < size; i++) {
            int row = packedIndex(size, i, i);
            packed[row] = scale * upper[row] + diagonal[i];
            for (int j = i + 1; j < size; j++) {
                packed[row + j - i] = scale * upper[row + j - i];
            }
        }
        return new SymmetricMatrix(size, packed);
    }

    /** This matrix times {@code v}, each component summed over the columns in order. */
    public double[] times(double[] v) {
        if (v.length != size) {
            throw new IllegalArgumentException("expected " + size + " components, got " + v.length);
        }
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            double s = 0;
            for (int j = 0; j < size; j++) {
                s += get(i, j) * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** The full matrix, both triangles. */
    public double[][] toArray() {
        double[][] a = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = i; j < size; j++) {
                double v = upper[packedIndex(size, i, j)];
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        return a;
    }

    /** The matrix with rows and columns reordered: entry {@code (i, j)} of the result is {@code (order[i], order[j])}. */
    public SymmetricMatrix permuted(int[] order) {
        if (order.length != size) {
            throw new IllegalArgumentException("expected a permutation of " + size + ", got " + order.length);
        }
        double[] packed = new double[upper.length];
        for (int i = 0; i < size; i++) {
            for (int j = i; j < size; j++) {
                packed[packedIndex(size, i, j)] = get(order[i], order[j]);
            }
        }
        return new SymmetricMatrix(size, packed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SymmetricMatrix m && m.size == size && Arrays.equals(m.upper, upper);
    }

    @Override
    public int hashCode() {
        return 31 * size + Arrays.hashCode(upper);
    }
}
