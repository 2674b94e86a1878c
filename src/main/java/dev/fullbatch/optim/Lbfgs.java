package dev.fullbatch.optim;

/**
 * Limited-memory BFGS ({@code lbfgs}), and OWL-QN (Andrew and Gao, 2007) when the problem has an L1 part.
 *
 * <p>The direction is {@code -H p} by the two-loop recursion over the last {@code memory} pairs
 * {@code s = x+ - x}, {@code y = g+ - g} (smooth gradients), with the initial scaling {@code s.y / y.y} of the newest
 * pair; {@code p} is the gradient, or with L1 the pseudo-gradient (the minimum-norm subgradient). With L1 the
 * direction is zeroed where it disagrees in sign with {@code -p}, and trial points are projected onto the orthant of
 * the current point (coordinates that would change sign become 0), so the penalty stays differentiable along the
 * search; unpenalized coordinates (weight 0) are never projected.
 *
 * <p>With a {@link Box} this is a projected quasi-Newton method in the two-metric form of Gafni and Bertsekas (as
 * surveyed by Schmidt, Kim and Sra, "Projected Newton-type methods in machine learning"), rather than L-BFGS-B's
 * generalized Cauchy point and subspace minimization (Byrd, Lu, Nocedal and Zhu), which need the compact matrix form
 * and a driver-side quadratic program per iteration. The variables that a bound holds (within a band that shrinks
 * with the projected gradient, Bertsekas's epsilon-active set) take a diagonally scaled gradient step; the free ones
 * take the L-BFGS direction built from the pairs restricted to them; every trial point is clipped into the box
 * (after the orthant projection, with L1), and the Armijo test measures the slope along the clipped path. The
 * block-diagonal metric makes that path a descent path, so each iteration decreases the objective while every
 * iterate stays feasible; pairs are stored from the full steps as without bounds. When no bound holds anything the
 * direction is exactly the unbounded one.
 *
 * <p>Line search: Armijo with constant 1e-4 on the total objective, trial step 1 (on a steepest-descent
 * iteration: the scale of the newest pair, or the first step), backtracking by safeguarded quadratic interpolation.
 * The first {@value #GRADIENT_TRIALS} trials are gradient passes, the later ones objective-only passes followed by a
 * gradient pass at the accepted point: the interpolated second trial is nearly always accepted, and then its
 * gradient is already there (one pass instead of an objective-only pass and a gradient pass). Instead of a Wolfe
 * curvature test, a pair is stored only when {@code s.y > 1e-10 |s| |y|}, which keeps {@code H} positive definite.
 * When no step along the quasi-Newton direction decreases the objective, the memory is dropped and the same
 * iteration tries steepest descent; if that also fails the state is marked {@code stalled}. State: vectors
 * {@code s0..s(m-1)} and {@code y0..y(m-1)} (oldest first), scalars {@code steepestStep} and {@code stalled}. The
 * state's step size is the line-search step along the direction (1 for a full quasi-Newton step).
 */
public final class Lbfgs implements Optimizer {

    /** The first trial step along the steepest-descent direction when {@code --step-size auto}. */
    public static final double DEFAULT_FIRST_STEP = 1.0;
    /** The sufficient-decrease constant of the Armijo test. */
    static final double ARMIJO = 1e-4;

    private static final double CURVATURE_EPS = 1e-10;
    private static final int MAX_BACKTRACKS = 40;
    /**
     * Trials evaluated with a gradient pass: the unit step and the first backtrack. Later backtracks are rare and use
     * objective-only passes, which cost less than gradient passes when the work per pass dominates.
     */
    static final int GRADIENT_TRIALS = 2;
    private static final double RESOLUTION = 1e-15;
    /** The widest band along a bound in which a variable pushed against it counts as held (see activeSet). */
    private static final double ACTIVE_WIDTH = 1e-3;

    private final int memory;
    private final double firstStep;

    /**
     * @param memory    the number of correction pairs kept ({@code --lbfgs-memory}), at least 1
     * @param firstStep the first trial step along the steepest-descent direction, finite and positive
     */
    public Lbfgs(int memory, double firstStep) {
        if (memory < 1) {
            throw new IllegalArgumentException("--lbfgs-memory must be a positive integer, got " + memory);
        }
        if (!(firstStep > 0) || Double.isInfinite(firstStep)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + firstStep);
        }
        this.memory = memory;
        this.firstStep = firstStep;
    }

    @Override
    public String name() {
        return "lbfgs";
    }

    @Override
    public boolean supportsL1() {
        return true;
    }

    @Override
    public boolean supportsBounds() {
        return true;
    }

    @Override
    public OptimizerState start(double[] x0, Problem problem) {
        CountedObjective objective = CountedObjective.forStart(this, x0, problem);
        EvaluatedPoint p = objective.evaluate(objective.feasible(x0));
        return objective.state(name(), 0, p, 0.0,
                new StateMemory().scalar("steepestStep", firstStep).scalar("stalled", 0.0));
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        EvaluatedPoint from = EvaluatedPoint.of(state, problem);
        int k = state.iteration() + 1;
        double steepestStep = state.scalar("steepestStep");
        int stored = 0;
        while (state.hasVector("s" + stored) && state.hasVector("y" + stored)) {
            stored++;
        }
        // a smaller --lbfgs-memory on resume keeps the newest pairs
        int first = Math.max(0, stored - memory);
        double[][] s = new double[stored - first][];
        double[][] y = new double[stored - first][];
        for (int i = first; i < stored; i++) {
            s[i - first] = state.vectorView("s" + i);
            y[i - first] = state.vectorView("y" + i);
        }

        L1Penalty l1 = problem.l1();
        Box box = problem.box();
        double[] pseudo = l1 == null ? from.gradient() : l1.minimumNormSubgradient(from.x(), from.gradient());
        boolean[] active = box == null ? null : activeSet(box, from.x(), pseudo);
        double[] direction = null;
        double trial = 1.0;
        if (s.length > 0) {
            double[] h = active == null ? twoLoop(pseudo, s, y) : twoMetricProduct(pseudo, s, y, active);
            if (h != null) {
                direction = orthantAligned(DenseVectors.scaled(-1.0, h), pseudo, l1);
                if (!(DenseVectors.dot(pseudo, direction) < 0)) {
                    direction = null; // numerically not a descent direction: fall back to steepest descent
                }
            }
        }
        if (direction == null) {
            s = new double[0][];
            y = new double[0][];
            direction = DenseVectors.scaled(-1.0, pseudo);
            trial = steepestStep;
        }

        Search found = search(objective, from, direction, pseudo, trial, l1, box);
        if (found.point == null && s.length > 0) {
            // the quasi-Newton direction found no decrease: drop the memory and try steepest descent at once
            s = new double[0][];
            y = new double[0][];
            found = search(objective, from, DenseVectors.scaled(-1.0, pseudo), pseudo, steepestStep, l1, box);
        }
        StateMemory mem = new StateMemory();
        if (found.point == null) {
            mem.scalar("steepestStep", steepestStep).scalar("stalled", 1.0);
            return objective.state(name(), k, from, 0.0, mem);
        }
        EvaluatedPoint next = found.point;
        double[] sNew = DenseVectors.minus(next.x(), from.x());
        double[] yNew = DenseVectors.minus(next.gradient(), from.gradient());
        double sy = DenseVectors.dot(sNew, yNew);
        double yy = DenseVectors.dot(yNew, yNew);
        int kept = s.length;
        int offset = 0;
        boolean addPair = sy > CURVATURE_EPS * Math.sqrt(DenseVectors.dot(sNew, sNew) * yy)
                && Double.isFinite(sy) && Double.isFinite(yy);
        if (addPair && kept == memory) {
            offset = 1;
        }
        int index = 0;
        for (int i = offset; i < kept; i++, index++) {
            mem.vector("s" + index, s[i]).vector("y" + index, y[i]);
        }
        if (addPair) {
            mem.vector("s" + index, sNew).vector("y" + index, yNew);
            steepestStep = sy / yy;
        }
        mem.scalar("steepestStep", steepestStep).scalar("stalled", 0.0);
        return objective.state(name(), k, next, found.step, mem);
    }

    /** {@code H q} by the two-loop recursion, pairs oldest first. */
    private static double[] twoLoop(double[] q0, double[][] s, double[][] y) {
        int m = s.length;
        double[] q = q0.clone();
        double[] alpha = new double[m];
        double[] rho = new double[m];
        for (int i = m - 1; i >= 0; i--) {
            rho[i] = 1.0 / DenseVectors.dot(y[i], s[i]);
            alpha[i] = rho[i] * DenseVectors.dot(s[i], q);
            for (int j = 0; j < q.length; j++) {
                q[j] -= alpha[i] * y[i][j];
            }
        }
        double gamma = DenseVectors.dot(s[m - 1], y[m - 1]) / DenseVectors.dot(y[m - 1], y[m - 1]);
        double[] r = DenseVectors.scaled(gamma, q);
        for (int i = 0; i < m; i++) {
            double beta = rho[i] * DenseVectors.dot(y[i], r);
            for (int j = 0; j < r.length; j++) {
                r[j] += (alpha[i] - beta) * s[i][j];
            }
        }
        return r;
    }

    /**
     * The variables a bound holds (Bertsekas's epsilon-active set): within {@code eps} of a bound that the
     * (pseudo-)gradient pushes them against, {@code eps} being the smaller of {@value #ACTIVE_WIDTH} and the norm of
     * the projected gradient step {@code x - P(x - p)}, which vanishes at the optimum. Null when none is held, and
     * then the step is exactly the unbounded method's.
     */
    private static boolean[] activeSet(Box box, double[] x, double[] pseudo) {
        double[] projected = DenseVectors.minus(x, box.project(DenseVectors.minus(x, pseudo)));
        double eps = Math.min(ACTIVE_WIDTH, DenseVectors.norm(projected));
        boolean[] active = new boolean[x.length];
        boolean any = false;
        for (int j = 0; j < x.length; j++) {
            active[j] = (pseudo[j] > 0 && x[j] - box.lowerAt(j) <= eps)
                    || (pseudo[j] < 0 && box.upperAt(j) - x[j] <= eps);
            any |= active[j];
        }
        return any ? active : null;
    }

    /**
     * The two-metric projection product (Gafni and Bertsekas): on the free variables the L-BFGS matrix built from the
     * pairs restricted to them (each kept only while it still has positive curvature there), on the held ones the
     * diagonal scaling {@code s.y / y.y} of the newest kept pair. Block-diagonal between the two sets, which is what
     * makes the projected search path a descent path (Bertsekas 1982). Null when no pair keeps its curvature.
     */
    private static double[] twoMetricProduct(double[] pseudo, double[][] s, double[][] y, boolean[] active) {
        java.util.List<double[]> ks = new java.util.ArrayList<>();
        java.util.List<double[]> ky = new java.util.ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            double[] fs = free(s[i], active);
            double[] fy = free(y[i], active);
            double sy = DenseVectors.dot(fs, fy);
            if (sy > CURVATURE_EPS * Math.sqrt(DenseVectors.dot(fs, fs) * DenseVectors.dot(fy, fy))) {
                ks.add(fs);
                ky.add(fy);
            }
        }
        if (ks.isEmpty()) {
            return null;
        }
        double[][] sf = ks.toArray(new double[0][]);
        double[][] yf = ky.toArray(new double[0][]);
        double[] r = twoLoop(free(pseudo, active), sf, yf);
        double[] sNew = sf[sf.length - 1];
        double[] yNew = yf[yf.length - 1];
        double gamma = DenseVectors.dot(sNew, yNew) / DenseVectors.dot(yNew, yNew);
        for (int j = 0; j < r.length; j++) {
            if (active[j]) {
                r[j] = gamma * pseudo[j];
            }
        }
        return r;
    }

    /** {@code v} with the held variables set to 0. */
    private static double[] free(double[] v, boolean[] active) {
        double[] out = v.clone();
        for (int j = 0; j < out.length; j++) {
            if (active[j]) {
                out[j] = 0.0;
            }
        }
        return out;
    }

    /** With L1, zeroes the penalized coordinates where the direction does not descend along {@code -pseudo}. */
    private static double[] orthantAligned(double[] direction, double[] pseudo, L1Penalty l1) {
        if (l1 == null) {
            return direction;
        }
        double[] w = l1.weights();
        for (int j = 0; j < direction.length; j++) {
            if (w[j] != 0.0 && direction[j] * pseudo[j] >= 0) {
                direction[j] = 0.0;
            }
        }
        return direction;
    }

    private record Search(EvaluatedPoint point, double step) {
    }

    private static Search search(CountedObjective objective, EvaluatedPoint from, double[] direction,
            double[] pseudo, double trialStep, L1Penalty l1, Box box) {
        double[] x = from.x();
        double[] orthant = null;
        double[] w = null;
        if (l1 != null) {
            w = l1.weights();
            orthant = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                orthant[j] = x[j] != 0.0 ? Math.signum(x[j]) : -Math.signum(pseudo[j]);
            }
        }
        double step = trialStep;
        for (int trial = 0; trial <= MAX_BACKTRACKS; trial++) {
            double[] candidate = DenseVectors.plusScaled(x, step, direction);
            if (l1 != null) {
                for (int j = 0; j < x.length; j++) {
                    if (w[j] != 0.0 && Math.signum(candidate[j]) != orthant[j]) {
                        candidate[j] = 0.0;
                    }
                }
            }
            if (box != null) {
                // After the orthant's projection: the orthant of a feasible point always meets the box (a point at
                // 0 has 0 in its bounds), so clipping keeps the candidate in both.
                candidate = box.project(candidate);
            }
            if (CountedObjective.samePoint(candidate, x)) {
                return new Search(null, 0.0);
            }
            double slope = DenseVectors.dot(pseudo, DenseVectors.minus(candidate, x));
            if (trial > 0 && Math.abs(slope) <= RESOLUTION * Math.abs(from.value())) {
                return new Search(null, 0.0);
            }
            EvaluatedPoint full = trial < GRADIENT_TRIALS ? objective.evaluate(candidate) : null;
            double value = full != null ? full.value()
                    : objective.smoothValue(candidate) + objective.penalty(candidate);
            if (value <= from.value() + ARMIJO * slope && Double.isFinite(value)) {
                return new Search(full != null ? full : objective.evaluate(candidate), step);
            }
            // the minimizer of the quadratic through F(x), the slope there and F(candidate), safeguarded
            double excess = value - from.value() - slope;
            double factor = Double.isFinite(excess) && excess > 0 ? -slope / (2.0 * excess) : 0.1;
            step *= Math.min(0.5, Math.max(0.1, factor));
        }
        return new Search(null, 0.0);
    }
}
