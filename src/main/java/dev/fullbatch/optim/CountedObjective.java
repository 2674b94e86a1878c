package dev.fullbatch.optim;

import java.util.Arrays;

/**
 * The problem as one optimizer call sees it: evaluates the smooth function, adds the L1 part, and counts the passes
 * over the data, continuing the counts of the state it resumes from. One instance per {@code start} or {@code step}.
 */
final class CountedObjective {

    private final Problem problem;
    private long gradientPasses;
    private long valuePasses;
    private long hessianPasses;

    private CountedObjective(Problem problem, long gradientPasses, long valuePasses, long hessianPasses) {
        this.problem = problem;
        this.gradientPasses = gradientPasses;
        this.valuePasses = valuePasses;
        this.hessianPasses = hessianPasses;
    }

    /** Checks a starting point and problem for an optimizer; counts start at zero. */
    static CountedObjective forStart(Optimizer optimizer, double[] x0, Problem problem) {
        requireProblem(optimizer, problem);
        if (x0 == null || x0.length != problem.dimension()) {
            throw new IllegalArgumentException("the starting point must have the problem's dimension "
                    + problem.dimension() + ", got " + (x0 == null ? "null" : String.valueOf(x0.length)));
        }
        for (int j = 0; j < x0.length; j++) {
            if (!Double.isFinite(x0[j])) {
                throw new IllegalArgumentException("the starting point must be finite, got " + x0[j] + " at " + j);
            }
        }
        return new CountedObjective(problem, 0, 0, 0);
    }

    /** Checks that a state belongs to this optimizer and problem; counts continue from the state's. */
    static CountedObjective forStep(Optimizer optimizer, OptimizerState state, Problem problem) {
        requireProblem(optimizer, problem);
        if (state == null) {
            throw new IllegalArgumentException("state must not be null");
        }
        if (!state.method().equals(optimizer.name())) {
            throw new IllegalArgumentException("the state was produced by optimizer '" + state.method()
                    + "' and cannot be continued by '" + optimizer.name() + "'");
        }
        if (state.dimension() != problem.dimension()) {
            throw new IllegalArgumentException("the state has dimension " + state.dimension()
                    + " but the problem has dimension " + problem.dimension());
        }
        return new CountedObjective(problem, state.gradientPasses(), state.valuePasses(), state.hessianPasses());
    }

    private static void requireProblem(Optimizer optimizer, Problem problem) {
        if (problem == null) {
            throw new IllegalArgumentException("problem must not be null");
        }
        if (problem.hasL1() && !optimizer.supportsL1()) {
            throw new IllegalArgumentException(Optimizers.l1UnsupportedMessage(optimizer.name()));
        }
        if (problem.hasBox() && !optimizer.supportsBounds()) {
            throw new IllegalArgumentException(Optimizers.boundsUnsupportedMessage(optimizer.name()));
        }
    }

    Problem problem() {
        return problem;
    }

    /** One gradient pass. */
    EvaluatedPoint evaluate(double[] x) {
        Evaluation e = problem.smooth().evaluate(x);
        gradientPasses++;
        if (e == null) {
            throw new IllegalStateException("the objective function returned no evaluation");
        }
        double[] g = e.gradientView();
        if (g.length != x.length) {
            throw new IllegalStateException("the objective function returned a gradient of length " + g.length
                    + " for a point of dimension " + x.length);
        }
        return new EvaluatedPoint(x, e.value(), g, e.value() + problem.penalty(x));
    }

    /** One Hessian pass: {@code H(x) d} for each direction (the smooth part must be twice differentiable). */
    double[][] hessianTimes(double[] x, double[][] directions) {
        double[][] products = ((TwiceDifferentiableFunction) problem.smooth()).hessianTimes(x, directions);
        hessianPasses++;
        if (products == null || products.length != directions.length) {
            throw new IllegalStateException("the objective function returned "
                    + (products == null ? "no" : String.valueOf(products.length)) + " Hessian products for "
                    + directions.length + " directions");
        }
        return products;
    }

    /** One Hessian pass: value, gradient and dense Hessian (the smooth part must be twice differentiable). */
    SecondOrderEvaluation evaluateWithHessian(double[] x) {
        SecondOrderEvaluation e = ((TwiceDifferentiableFunction) problem.smooth()).evaluateWithHessian(x);
        hessianPasses++;
        if (e == null || e.gradientView().length != x.length) {
            throw new IllegalStateException("the objective function returned no Hessian evaluation of dimension "
                    + x.length);
        }
        return e;
    }

    /**
     * One gradient pass that also sums the Hessian's diagonal (the smooth part must be twice differentiable): the
     * point with its diagonal.
     */
    DiagonalPoint evaluateWithDiagonal(double[] x) {
        DiagonalEvaluation e = ((TwiceDifferentiableFunction) problem.smooth()).evaluateWithDiagonal(x);
        gradientPasses++;
        if (e == null || e.gradient().length != x.length) {
            throw new IllegalStateException("the objective function returned no diagonal evaluation of dimension "
                    + x.length);
        }
        return new DiagonalPoint(new EvaluatedPoint(x, e.value(), e.gradient(), e.value() + problem.penalty(x)),
                e.diagonal());
    }

    /** A point and the Hessian's diagonal there. */
    record DiagonalPoint(EvaluatedPoint point, double[] diagonal) {
    }

    /** One objective-only pass; the smooth part's value. */
    double smoothValue(double[] x) {
        double v = problem.smooth().value(x);
        valuePasses++;
        return v;
    }

    /**
     * {@code prox_{step h}(x - step * g)}, or the plain gradient step without an L1 part; with a box, the prox of
     * {@code h} plus the box's indicator, which is separable: per coordinate the soft-thresholded value clipped to
     * the bounds (the minimizer of a one-dimensional convex function over an interval is its unconstrained
     * minimizer clipped to the interval).
     */
    double[] proximalGradientStep(double[] x, double[] g, double step) {
        double[] moved = DenseVectors.plusScaled(x, -step, g);
        double[] p = problem.hasL1() ? problem.l1().prox(moved, step) : moved;
        return problem.hasBox() ? problem.box().project(p) : p;
    }

    /** The starting point made feasible: {@code x0} clipped to the box (a copy without one). */
    double[] feasible(double[] x0) {
        return problem.feasible(x0);
    }

    /** {@code x} clipped to the box, or {@code x} itself without one (for points that need not be copied). */
    double[] project(double[] x) {
        return problem.hasBox() ? problem.box().project(x) : x;
    }

    double penalty(double[] x) {
        return problem.penalty(x);
    }

    /** Builds the state for a point, with this call's pass counts. */
    OptimizerState state(String method, int iteration, EvaluatedPoint p, double stepSize, StateMemory memory) {
        if (hessianPasses > 0) {
            memory.scalar(OptimizerState.HESSIAN_PASSES, hessianPasses);
        }
        return new OptimizerState(method, iteration, p.x(), p.value(), p.gradient(),
                problem.stationarity(p.x(), p.gradient()), stepSize, gradientPasses, valuePasses,
                memory.vectors(), memory.scalars());
    }

    static boolean samePoint(double[] a, double[] b) {
        return Arrays.equals(a, b);
    }
}
