package dev.fullbatch.optim;

/**
 * Backtracking along the (proximal) gradient path {@code x(t) = prox_{t h}(x - t g)}, shared by the gradient methods.
 *
 * <p>The first trial is evaluated with a full gradient pass, because on a well-tuned run it is accepted and its
 * gradient is needed anyway; further trials use objective-only passes, and only the accepted point is then
 * evaluated in full. Each shrink estimates the curvature along the failed trial and jumps to 0.9 of its inverse,
 * clamped to [0.01, 0.5] of the failed step, so a bad guess costs few passes.
 */
final class ProximalGradientSearch {

    /** Sufficient decrease constant of the non-monotone test (SpaRSA's sigma). */
    static final double NONMONOTONE_SIGMA = 1e-4;

    private static final int MAX_BACKTRACKS = 40;
    // Bounds of one shrink. Far from a quadratic (Rosenbrock's quartic walls) a failed long trial overestimates the
    // local curvature by orders of magnitude, so the jump to its inverse is capped at a factor 100.
    private static final double MIN_SHRINK = 0.01;
    private static final double MAX_SHRINK = 0.5;
    // Below this relative size the change of the objective cannot be resolved in double precision.
    private static final double RESOLUTION = 1e-15;

    /** Which sufficient-decrease test a trial must pass. */
    private enum Test { DESCENT_LEMMA, NONMONOTONE }

    /**
     * The result of a search.
     *
     * @param point              the accepted point, evaluated in full (the starting point when stalled)
     * @param step               the accepted step (0 when stalled)
     * @param acceptedFirstTrial whether the first trial step was accepted
     * @param stalled            whether no acceptable step distinguishable from the start exists
     */
    record Outcome(EvaluatedPoint point, double step, boolean acceptedFirstTrial, boolean stalled) {
    }

    private ProximalGradientSearch() {
    }

    /**
     * Monotone search: accepts the first step {@code t} with
     * {@code f(x+) <= f(x) + g.(x+ - x) + |x+ - x|^2 / (2 t)}, the descent-lemma test of ISTA (Armijo with
     * constant 1/2 when there is no L1 part). It guarantees {@code F(x+) <= F(x)}.
     */
    static Outcome descentLemma(CountedObjective objective, EvaluatedPoint from, double trialStep) {
        return search(objective, from, trialStep, Test.DESCENT_LEMMA, Double.NaN);
    }

    /**
     * Non-monotone search (Grippo-Lampariello-Lucidi, in SpaRSA's proximal form): accepts the first step {@code t}
     * with {@code F(x+) <= reference - sigma |x+ - x|^2 / (2 t)}, where {@code reference} is the largest objective
     * of the last few iterates.
     */
    static Outcome nonmonotone(CountedObjective objective, EvaluatedPoint from, double trialStep, double reference) {
        return search(objective, from, trialStep, Test.NONMONOTONE, reference);
    }

    private static Outcome search(CountedObjective objective, EvaluatedPoint from, double trialStep, Test test,
            double reference) {
        double step = trialStep;
        for (int trial = 0; trial <= MAX_BACKTRACKS; trial++) {
            double[] candidate = objective.proximalGradientStep(from.x(), from.gradient(), step);
            if (CountedObjective.samePoint(candidate, from.x())) {
                return stalled(from);
            }
            double[] d = DenseVectors.minus(candidate, from.x());
            double dd = DenseVectors.dot(d, d);
            double gd = DenseVectors.dot(from.gradient(), d);
            if (trial > 0 && Math.max(Math.abs(gd), dd / step) <= RESOLUTION * Math.abs(from.value())) {
                return stalled(from);
            }
            EvaluatedPoint full = trial == 0 ? objective.evaluate(candidate) : null;
            double smooth = full != null ? full.smoothValue() : objective.smoothValue(candidate);
            double segmentCurvature = 2.0 * (smooth - from.smoothValue() - gd) / dd;
            boolean accepted;
            if (test == Test.DESCENT_LEMMA) {
                accepted = smooth <= from.smoothValue() + gd + dd / (2.0 * step);
            } else {
                double total = full != null ? full.value() : smooth + objective.penalty(candidate);
                accepted = total <= reference - NONMONOTONE_SIGMA * dd / (2.0 * step);
            }
            if (accepted && Double.isFinite(smooth)) {
                EvaluatedPoint point = full != null ? full : objective.evaluate(candidate);
                return new Outcome(point, step, trial == 0, false);
            }
            step *= shrinkFactor(segmentCurvature, step);
        }
        return stalled(from);
    }

    private static double shrinkFactor(double segmentCurvature, double step) {
        if (Double.isNaN(segmentCurvature) || segmentCurvature == Double.POSITIVE_INFINITY) {
            return MIN_SHRINK;
        }
        if (segmentCurvature <= 0) {
            return MAX_SHRINK;
        }
        // 1 / curvature is the largest step the test accepts on a quadratic, where it passes only up to rounding
        return Math.min(MAX_SHRINK, Math.max(MIN_SHRINK, 0.9 / (segmentCurvature * step)));
    }

    private static Outcome stalled(EvaluatedPoint from) {
        return new Outcome(from, 0.0, false, true);
    }
}
