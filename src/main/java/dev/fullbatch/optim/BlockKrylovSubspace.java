package dev.fullbatch.optim;

import dev.fullbatch.math.CholeskyFactor;
import dev.fullbatch.math.SymmetricMatrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The trust-region subproblem of Newton's method at one point, solved in a block Krylov subspace whose Hessian
 * products are exact and computed several per pass: an enlarged Krylov method (Grigori, Moufawad and Nataf, 2016,
 * "Enlarged Krylov subspace conjugate gradient methods for reducing communication").
 *
 * <p>The first block is the preconditioned gradient {@code M^-1 g} split into up to {@code block} pieces by
 * contiguous coordinate ranges (their sum is the vector conjugate gradients start from), and optionally one more
 * direction (the previous Newton step); each later block is
 * {@code M^-1 H} times the previous one. Every block is made orthonormal in the trust region's metric {@code M}
 * (Gram-Schmidt, twice, against the whole basis; directions that vanish there are dropped) before its products are
 * computed in one pass, so after {@code k} passes the subspace holds the {@code k}-dimensional space preconditioned
 * conjugate gradients would build, and up to {@code block} times more. With an {@code M}-orthonormal basis {@code W}
 * the subproblem {@code min g^T s + s^T H s / 2, ||s||_M <= Delta} over {@code s = W a} is
 * {@code min c^T a + a^T B a / 2, ||a|| <= Delta} with {@code c = W^T g} and {@code B = W^T H W}, solved on the driver:
 * by Cholesky when {@code B} is positive definite and its minimizer lies inside, else by Steihaug's conjugate
 * gradients on {@code B} to the boundary. The basis grows (one pass per block) until the residual
 * {@code -(g + H s)} is small in {@code M^-1}-norm, the step reaches the boundary, the basis spans everything, or it
 * holds {@code maxBasis} vectors. A smaller radius re-solves in the same subspace without passes.
 *
 * <p>One instance per point; all arithmetic is plain double on the driver in a fixed order (deterministic).
 */
final class BlockKrylovSubspace {
    /** A direction whose length falls below this fraction in orthogonalization is taken as already in the span. */
    private static final double DEPENDENT = 1e-10;

    private final CountedObjective objective;
    private final double[] x;
    private final double[] g;
    private final double[] m;
    private final double tolerance;
    private final int block;
    private final int maxBasis;
    private final List<double[]> basis = new ArrayList<>();
    private final List<double[]> products = new ArrayList<>();
    /** {@code W^T g}, one entry per basis vector. */
    private final List<Double> projectedGradient = new ArrayList<>();
    /** {@code W^T H W}, symmetrized, row i holding columns 0..i. */
    private final List<double[]> projectedHessian = new ArrayList<>();
    private final double[] previousStep;
    private int lastBlockStart;
    private int passes;
    private boolean exhausted;

    /**
     * @param tolerance the residual's {@code M^-1}-norm at which the subspace solution is taken
     * @param block the most directions per pass, at least 1
     * @param maxBasis the most basis vectors kept (driver memory: two vectors of the dimension each)
     * @param previousStep a direction the first block carries besides the gradient's pieces, or null
     */
    BlockKrylovSubspace(CountedObjective objective, double[] x, double[] g, double[] m, double tolerance, int block,
                        int maxBasis, double[] previousStep) {
        this.previousStep = previousStep;
        this.objective = objective;
        this.x = x;
        this.g = g;
        this.m = m;
        this.tolerance = tolerance;
        this.block = block;
        this.maxBasis = Math.max(block, maxBasis);
    }

    /** The passes made for products so far. */
    int passes() {
        return passes;
    }

    /** The number of basis vectors. */
    int size() {
        return basis.size();
    }

    /** A step in the subspace: {@code s}, its model decrease {@code -(g^T s + s^T H s / 2)} and its M-norm. */
    record Step(double[] s, double predicted, double length, boolean boundary) {
    }

    /** The subproblem's solution for radius {@code delta}, growing the subspace while that pays. */
    Step solve(double delta) {
        if (basis.isEmpty() && !exhausted) {
            expand(firstBlock());
        }
        while (true) {
            Small small = solveSmall(delta);
            boolean done = small.boundary || exhausted || basis.size() >= maxBasis
                    || basis.size() >= g.length || residualNorm(small.a) <= tolerance;
            if (done || !expand(nextBlock())) {
                return toStep(small);
            }
        }
    }

    private Step toStep(Small small) {
        double[] s = new double[g.length];
        for (int j = 0; j < small.a.length; j++) {
            double aj = small.a[j];
            double[] w = basis.get(j);
            for (int i = 0; i < s.length; i++) {
                s[i] += aj * w[i];
            }
        }
        return new Step(s, small.predicted, DenseVectors.norm(small.a), small.boundary);
    }

    /** {@code ||g + H W a||_M^-1}. */
    private double residualNorm(double[] a) {
        double[] r = g.clone();
        for (int j = 0; j < a.length; j++) {
            double aj = a[j];
            double[] hw = products.get(j);
            for (int i = 0; i < r.length; i++) {
                r[i] += aj * hw[i];
            }
        }
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            sum += r[i] * (r[i] / m[i]);
        }
        return Math.sqrt(sum);
    }

    private List<double[]> firstBlock() {
        int n = g.length;
        int pieces = Math.min(block, n);
        List<double[]> out = new ArrayList<>();
        for (int p = 0; p < pieces; p++) {
            int from = (int) ((long) p * n / pieces);
            int to = (int) ((long) (p + 1) * n / pieces);
            double[] v = new double[n];
            for (int i = from; i < to; i++) {
                v[i] = -g[i] / m[i];
            }
            out.add(v);
        }
        if (previousStep != null) {
            out.add(previousStep.clone());
        }
        return out;
    }

    private List<double[]> nextBlock() {
        List<double[]> out = new ArrayList<>();
        for (int j = lastBlockStart; j < products.size(); j++) {
            double[] hw = products.get(j);
            double[] v = new double[hw.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = hw[i] / m[i];
            }
            out.add(v);
        }
        return out;
    }

    /** Makes the candidates M-orthonormal to the basis, and multiplies the survivors in one pass; false if none. */
    private boolean expand(List<double[]> candidates) {
        List<double[]> fresh = new ArrayList<>();
        int room = Math.min(maxBasis, g.length) - basis.size();
        for (double[] v : candidates) {
            if (fresh.size() >= room) {
                break;
            }
            double before = metricNorm(v);
            if (!(before > 0) || !Double.isFinite(before)) {
                continue;
            }
            for (int sweep = 0; sweep < 2; sweep++) {
                orthogonalize(v, basis);
                orthogonalize(v, fresh);
            }
            double after = metricNorm(v);
            if (after > DEPENDENT * before) {
                for (int i = 0; i < v.length; i++) {
                    v[i] /= after;
                }
                fresh.add(v);
            }
        }
        if (fresh.isEmpty()) {
            exhausted = true;
            return false;
        }
        double[][] hw = objective.hessianTimes(x, fresh.toArray(new double[0][]));
        passes++;
        lastBlockStart = basis.size();
        basis.addAll(fresh);
        for (double[] p : hw) {
            products.add(p);
        }
        for (int i = lastBlockStart; i < basis.size(); i++) {
            projectedGradient.add(DenseVectors.dot(basis.get(i), g));
            double[] row = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                // the products are exact but rounded, so B is symmetrized
                row[j] = 0.5 * (DenseVectors.dot(basis.get(i), products.get(j))
                        + DenseVectors.dot(basis.get(j), products.get(i)));
            }
            projectedHessian.add(row);
        }
        return true;
    }

    private void orthogonalize(double[] v, List<double[]> against) {
        for (double[] w : against) {
            double c = metricDot(w, v);
            for (int i = 0; i < v.length; i++) {
                v[i] -= c * w[i];
            }
        }
    }

    private double metricDot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) {
            s += u[i] * (m[i] * v[i]);
        }
        return s;
    }

    private double metricNorm(double[] v) {
        return Math.sqrt(metricDot(v, v));
    }

    private record Small(double[] a, double predicted, boolean boundary) {
    }

    /** The subproblem in basis coordinates: {@code min c^T a + a^T B a / 2, ||a|| <= delta}. */
    private Small solveSmall(double delta) {
        int k = basis.size();
        double[] c = new double[k];
        double[] packed = new double[SymmetricMatrix.packedLength(k)];
        for (int i = 0; i < k; i++) {
            c[i] = projectedGradient.get(i);
            double[] row = projectedHessian.get(i);
            for (int j = 0; j <= i; j++) {
                packed[SymmetricMatrix.packedIndex(k, j, i)] = row[j];
            }
        }
        SymmetricMatrix b = new SymmetricMatrix(k, packed);
        double[] minusC = DenseVectors.scaled(-1.0, c);
        try {
            double[] a = CholeskyFactor.of(b).solve(minusC);
            if (DenseVectors.norm(a) <= delta) {
                return new Small(a, predicted(a, c, b), false);
            }
        } catch (CholeskyFactor.NotPositiveDefiniteException e) {
            // indefinite or singular in the subspace: Steihaug's path below finds the boundary
        }
        return steihaug(b, c, delta);
    }

    private static double predicted(double[] a, double[] c, SymmetricMatrix b) {
        double[] ba = b.times(a);
        return -(DenseVectors.dot(c, a) + 0.5 * DenseVectors.dot(a, ba));
    }

    /** Steihaug's conjugate gradients on the small problem, from 0, to the boundary or the minimizer. */
    private static Small steihaug(SymmetricMatrix b, double[] c, double delta) {
        int k = c.length;
        double[] a = new double[k];
        double[] r = DenseVectors.scaled(-1.0, c);
        double[] d = r.clone();
        double rr = DenseVectors.dot(r, r);
        double stop = 1e-14 * Math.sqrt(rr);
        for (int it = 0; it < 2 * k + 10 && Math.sqrt(rr) > stop; it++) {
            double[] bd = b.times(d);
            double dbd = DenseVectors.dot(d, bd);
            if (!(dbd > 0)) {
                double[] to = DenseVectors.plusScaled(a, toBoundary(a, d, delta), d);
                return new Small(to, predicted(to, c, b), true);
            }
            double alpha = rr / dbd;
            double[] next = DenseVectors.plusScaled(a, alpha, d);
            if (DenseVectors.norm(next) > delta) {
                double[] to = DenseVectors.plusScaled(a, toBoundary(a, d, delta), d);
                return new Small(to, predicted(to, c, b), true);
            }
            a = next;
            r = DenseVectors.plusScaled(r, -alpha, bd);
            double rrNext = DenseVectors.dot(r, r);
            d = DenseVectors.plusScaled(r, rrNext / rr, d);
            rr = rrNext;
        }
        return new Small(a, predicted(a, c, b), false);
    }

    /** The {@code tau >= 0} with {@code ||a + tau d|| = delta}, without cancellation (LIBLINEAR's form). */
    private static double toBoundary(double[] a, double[] d, double delta) {
        double ad = DenseVectors.dot(a, d);
        double aa = DenseVectors.dot(a, a);
        double dd = DenseVectors.dot(d, d);
        double dsq = delta * delta;
        double rad = Math.sqrt(ad * ad + dd * (dsq - aa));
        return ad >= 0 ? (dsq - aa) / (ad + rad) : (rad - ad) / dd;
    }
}
