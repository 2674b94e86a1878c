package dev.fullbatch.math;

/**
 * The Cholesky factorization {@code A = L L^T} of a symmetric positive definite matrix, computed column by column
 * in a fixed order with plain IEEE arithmetic (and {@link Math#sqrt}, which IEEE 754 rounds correctly), so every JVM
 * gives the same bits. Immutable.
 *
 * <p>A matrix is refused as not (numerically) positive definite at the first column {@code j} whose pivot, the part
 * of {@code a_jj} not explained by the earlier columns, is not above {@link #RELATIVE_PIVOT} times {@code a_jj}:
 * for a Gram matrix {@code X^T D X} that is a column of {@code X} within a relative distance of 1e-6 of the span of
 * the earlier ones, which is what an exactly collinear column (a complete one-hot group beside an intercept) gives
 * after rounding. The threshold is relative because Hessians divided by a weight sum can have tiny entries (Commons
 * Math's decomposition uses an absolute one); callers name the failing column to the user.
 */
public final class CholeskyFactor {
    /** A pivot at most this fraction of its diagonal entry counts as zero. */
    public static final double RELATIVE_PIVOT = 1e-12;

    /** The first column of the matrix that is (numerically) a combination of the earlier ones. */
    public static final class NotPositiveDefiniteException extends ArithmeticException {
        private static final long serialVersionUID = 1L;
        private final int column;

        NotPositiveDefiniteException(int column, double pivot, double diagonal) {
            super("the matrix is not positive definite: column " + column + " has pivot " + pivot
                    + " for diagonal entry " + diagonal);
            this.column = column;
        }

        /** The 0-based column. */
        public int column() {
            return column;
        }
    }

    private final int n;
    /** L, lower triangle row by row: entry (i, j), j <= i, at i (i + 1) / 2 + j. */
    private final double[] lower;

    private CholeskyFactor(int n, double[] lower) {
        this.n = n;
        this.lower = lower;
    }

    /**
     * Factors {@code a}.
     *
     * @throws NotPositiveDefiniteException at the first column whose pivot is too small, or not finite
     */
    public static CholeskyFactor of(SymmetricMatrix a) {
        int n = a.size();
        double[] l = new double[(int) ((long) n * (n + 1) / 2)];
        for (int j = 0; j < n; j++) {
            int rowJ = j * (j + 1) / 2;
            double ajj = a.get(j, j);
            double pivot = ajj;
            for (int k = 0; k < j; k++) {
                pivot -= l[rowJ + k] * l[rowJ + k];
            }
            if (!(pivot > RELATIVE_PIVOT * ajj) || !(pivot > 0) || Double.isInfinite(pivot)) {
                throw new NotPositiveDefiniteException(j, pivot, ajj);
            }
            double ljj = Math.sqrt(pivot);
            l[rowJ + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                int rowI = i * (i + 1) / 2;
                double s = a.get(i, j);
                for (int k = 0; k < j; k++) {
                    s -= l[rowI + k] * l[rowJ + k];
                }
                l[rowI + j] = s / ljj;
            }
        }
        return new CholeskyFactor(n, l);
    }

    /** n. */
    public int size() {
        return n;
    }

    /** The solution {@code x} of {@code A x = b}: forward then back substitution. */
    public double[] solve(double[] b) {
        if (b.length != n) {
            throw new IllegalArgumentException("expected " + n + " components, got " + b.length);
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            int rowI = i * (i + 1) / 2;
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= lower[rowI + k] * z[k];
            }
            z[i] = s / lower[rowI + i];
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < n; k++) {
                s -= lower[k * (k + 1) / 2 + i] * x[k];
            }
            x[i] = s / lower[i * (i + 1) / 2 + i];
        }
        return x;
    }

    /** {@code A^-1}, column by column as solves against the unit vectors. */
    public SymmetricMatrix inverse() {
        double[] packed = new double[SymmetricMatrix.packedLength(n)];
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1.0;
            double[] column = solve(e);
            for (int i = 0; i <= j; i++) {
                packed[SymmetricMatrix.packedIndex(n, i, j)] = column[i];
            }
        }
        return new SymmetricMatrix(n, packed);
    }
}
