package dev.fullbatch.optim;

import java.util.Objects;

/**
 * What an {@link Optimizer} minimizes: {@code F(x) = f(x) + h(x)} with {@code f} smooth and {@code h} an optional
 * weighted L1 penalty, over an optional {@link Box}. Immutable.
 *
 * @param smooth the smooth part {@code f}
 * @param l1     the L1 part {@code h}, or {@code null} for none
 * @param box    the feasible box, or {@code null} for all of space
 */
public record Problem(DifferentiableFunction smooth, L1Penalty l1, Box box) {

    public Problem {
        Objects.requireNonNull(smooth, "smooth");
        if (l1 != null && l1.dimension() != smooth.dimension()) {
            throw new IllegalArgumentException("the L1 penalty must have the function's dimension "
                    + smooth.dimension() + ", got " + l1.dimension());
        }
        if (box != null && box.dimension() != smooth.dimension()) {
            throw new IllegalArgumentException("the box must have the function's dimension " + smooth.dimension()
                    + ", got " + box.dimension());
        }
    }

    /** A problem over all of space. */
    public Problem(DifferentiableFunction smooth, L1Penalty l1) {
        this(smooth, l1, null);
    }

    /** A problem with no L1 part. */
    public static Problem smooth(DifferentiableFunction f) {
        return new Problem(f, null);
    }

    /** The number of variables. */
    public int dimension() {
        return smooth.dimension();
    }

    /** Whether there is an L1 part. */
    public boolean hasL1() {
        return l1 != null;
    }

    /** Whether the variables are bounded. */
    public boolean hasBox() {
        return box != null;
    }

    /** {@code h(x)}, or 0 without an L1 part. */
    public double penalty(double[] x) {
        return l1 == null ? 0.0 : l1.value(x);
    }

    /** The nearest feasible point to {@code x} (a copy of it without a box). */
    public double[] feasible(double[] x) {
        return box == null ? x.clone() : box.project(x);
    }

    /**
     * The optimality measure at {@code x} given the smooth gradient there: the gradient's L2 norm, or with L1 the
     * norm of the minimum-norm subgradient of {@code f + h}; with a box, the norm of the least element of that
     * subdifferential plus the box's normal cone, which drops the components a bound holds back.
     */
    public double stationarity(double[] x, double[] gradient) {
        if (box == null) {
            return DenseVectors.norm(l1 == null ? gradient : l1.minimumNormSubgradient(x, gradient));
        }
        return DenseVectors.norm(minimumNormResidual(x, gradient));
    }

    /**
     * The element of least norm of {@code grad f(x) + dh(x) + N(x)}, with {@code N} the normal cone of the box: per
     * coordinate, the subdifferential interval {@code [a, b]} of {@code f + h}, widened to {@code (-inf, b]} at a
     * lower bound and to {@code [a, +inf)} at an upper one, and its point nearest 0. Zero exactly at the minimizers
     * of a convex problem.
     */
    double[] minimumNormResidual(double[] x, double[] gradient) {
        double[] out = new double[x.length];
        double[] w = l1 == null ? null : l1.weightsView();
        for (int j = 0; j < x.length; j++) {
            double g = gradient[j];
            double lambda = w == null ? 0.0 : w[j];
            if (Double.isNaN(g) || Double.isNaN(x[j])) {
                out[j] = Double.NaN; // a diverged run must not look stationary
                continue;
            }
            // the subdifferential [a, b] of f + h in coordinate j
            double a;
            double b;
            if (lambda == 0.0) {
                a = g;
                b = g;
            } else if (x[j] > 0) {
                a = g + lambda;
                b = a;
            } else if (x[j] < 0) {
                a = g - lambda;
                b = a;
            } else {
                a = g - lambda;
                b = g + lambda;
            }
            boolean low = box.atLower(x[j], j);
            boolean high = box.atUpper(x[j], j);
            if (low && high) {
                out[j] = 0.0;
            } else if (low) {
                out[j] = b >= 0 ? 0.0 : b;
            } else if (high) {
                out[j] = a <= 0 ? 0.0 : a;
            } else {
                out[j] = a > 0 ? a : b < 0 ? b : 0.0;
            }
        }
        return out;
    }
}
