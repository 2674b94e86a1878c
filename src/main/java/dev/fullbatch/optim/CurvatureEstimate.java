package dev.fullbatch.optim;

/**
 * The local estimate of the gradient's Lipschitz constant used by the momentum methods with {@code auto} steps.
 *
 * <p>Between two evaluated points the curvature {@code (g(b) - g(a)).(b - a) / |b - a|^2} of the smooth part never
 * exceeds the local Lipschitz constant L. The estimate is the largest curvature seen over the last
 * {@value #WINDOW} moves (kept in a state vector): on a convex problem it rises towards L as the iterates explore
 * the steep directions, and on a non-convex one (or after an overshoot that measured a far-away region) it can also
 * come down again once the iterates have moved on. Every fully evaluated point contributes, rejected trials too
 * (they show where the estimate was too small). The methods step by its inverse and back off (restart plus
 * backtracking) when a step fails. It costs no passes beyond the ones the method needs.
 */
final class CurvatureEstimate {

    /** The state vector holding the recent curvatures, oldest first. */
    static final String KEY = "recentCurvatures";
    /** How many recent moves the estimate covers. */
    static final int WINDOW = 10;

    private CurvatureEstimate() {
    }

    /**
     * The curvature {@code (g(b) - g(a)).(b - a) / |b - a|^2} of the smooth part along the segment from {@code a}
     * to {@code b}, NaN when they coincide. On a quadratic it equals the value-based
     * {@code 2 (f(b) - f(a) - g(a).(b - a)) / |b - a|^2}, but it stays accurate near a minimum, where the value
     * difference drowns in the rounding of f while the gradient difference is still of the order of the step.
     */
    static double along(EvaluatedPoint a, EvaluatedPoint b) {
        double[] d = DenseVectors.minus(b.x(), a.x());
        double dd = DenseVectors.dot(d, d);
        if (dd == 0.0) {
            return Double.NaN;
        }
        return DenseVectors.dot(DenseVectors.minus(b.gradient(), a.gradient()), d) / dd;
    }

    /** The estimate: the largest recent curvature, 0 while none is known. */
    static double estimate(double[] recent) {
        double max = 0.0;
        for (double c : recent) {
            max = Math.max(max, c);
        }
        return max;
    }

    /**
     * The window with an observation appended (the oldest dropped once full); a negative curvature counts as 0 and
     * a non-finite one is ignored.
     */
    static double[] record(double[] recent, double observed) {
        if (!Double.isFinite(observed)) {
            return recent;
        }
        int keep = Math.min(recent.length, WINDOW - 1);
        double[] out = new double[keep + 1];
        System.arraycopy(recent, recent.length - keep, out, 0, keep);
        out[keep] = Math.max(0.0, observed);
        return out;
    }

    /**
     * A gradient step with backtracking, trial step {@code 1 / curvature} (or {@link GradientDescent#FIRST_TRIAL_STEP}
     * while it is unknown).
     */
    static ProximalGradientSearch.Outcome gradientStep(CountedObjective objective, EvaluatedPoint from,
            double curvature) {
        double trial = curvature > 0 ? 1.0 / curvature : GradientDescent.FIRST_TRIAL_STEP;
        return ProximalGradientSearch.descentLemma(objective, from, trial);
    }

    /**
     * The window after a backtracking gradient step from {@code from}: the curvature along the accepted step, or a
     * guess that lets the next step grow as plain gd would when it is flat or concave and nothing else is known.
     */
    static double[] afterGradientStep(double[] recent, EvaluatedPoint from, ProximalGradientSearch.Outcome out) {
        if (out.stalled()) {
            return recent;
        }
        double[] updated = record(recent, along(from, out.point()));
        if (estimate(updated) > 0) {
            return updated;
        }
        return record(recent, 1.0 / (GradientDescent.GROWTH * out.step()));
    }
}
