package dev.fullbatch.optim;

/**
 * Nesterov's accelerated gradient ({@code nesterov}) in the FISTA form of Beck and Teboulle, proximal when the
 * problem has an L1 part, with the adaptive gradient restart of O'Donoghue and Candes.
 *
 * <p>It keeps two sequences: the proximal-gradient points {@code z_k} (state vector {@code anchor}) and the
 * extrapolated points {@code y_k = z_k + ((t_{k-1} - 1) / t_k) (z_k - z_{k-1})}, where the gradient is taken. The
 * state's iterate is {@code y_k}, so each iteration costs one gradient pass and its objective is that of the
 * reported weights. Momentum is restarted ({@code t = 1}) whenever the step {@code z_{k+1} - z_k} points uphill
 * along the generalized gradient, which recovers linear convergence on strongly convex problems at the accelerated
 * rate without knowing the strong convexity constant.
 *
 * <p>With a numeric step, {@code eta_k = step * schedule.factor(k)}. With {@code auto}, {@code eta = 1 / L}, where L
 * estimates the gradient's Lipschitz constant as the largest curvature
 * {@code (g(b) - g(a)).(b - a) / |b - a|^2} measured along the last 10 moves (every evaluated point gives
 * one, so it costs no pass); the first iteration is a backtracking gradient step. When a step measures a curvature
 * more than 10% above L, momentum is restarted; when an iterate's objective exceeds the largest of the last 10, it
 * is rejected for a backtracking gradient step. With a {@link Box} the proximal points are clipped into it (the
 * proximal operator of the box's indicator) and so is the extrapolated point, which the state reports, so every
 * iterate is feasible. Clipping the extrapolation is outside FISTA's convergence proof: with {@code auto} steps the
 * non-monotone safeguard (a backtracking projected gradient step whenever an iterate fails it) still forces
 * progress; with a numeric step nothing is safeguarded, as without bounds. State: vector {@code anchor}, scalar
 * {@code t}; with auto also {@code recentCurvatures}, {@code recentObjectives}, {@code stalled}.
 */
public final class NesterovAcceleratedGradient implements Optimizer {

    // A curvature rise smaller than this factor is absorbed without a restart: the step stays within the range
    // where the gradient step is still stable, and restarting for rounding-level rises would cost acceleration.
    private static final double RESTART_RISE = 1.1;

    private final double step;
    private final StepSchedule schedule;

    private NesterovAcceleratedGradient(double step, StepSchedule schedule) {
        this.step = step;
        this.schedule = schedule;
    }

    /** FISTA with the curvature-estimated step and safeguards. */
    public static NesterovAcceleratedGradient auto() {
        return new NesterovAcceleratedGradient(Double.NaN, new StepSchedule.Constant());
    }

    /** FISTA with a fixed base step and schedule. */
    public static NesterovAcceleratedGradient fixed(double step, StepSchedule schedule) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + step);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        return new NesterovAcceleratedGradient(step, schedule);
    }

    private boolean isAuto() {
        return Double.isNaN(step);
    }

    @Override
    public String name() {
        return "nesterov";
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
        StateMemory memory = new StateMemory().vector("anchor", p.x()).scalar("t", 1.0);
        if (isAuto()) {
            memory.vector(CurvatureEstimate.KEY, new double[0]).scalar("stalled", 0.0)
                    .vector(NonmonotoneWindow.KEY, new double[] {p.value()});
        }
        return objective.state(name(), 0, p, 0.0, memory);
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        EvaluatedPoint from = EvaluatedPoint.of(state, problem);
        double[] anchor = state.vectorView("anchor");
        double t = state.scalar("t");
        int k = state.iteration() + 1;
        StateMemory memory = new StateMemory();
        if (!isAuto()) {
            double eta = step * schedule.factor(k);
            Extrapolation e = extrapolate(objective, from, anchor, t, eta);
            EvaluatedPoint next = objective.evaluate(e.y);
            memory.vector("anchor", e.z).scalar("t", e.t);
            return objective.state(name(), k, next, eta, memory);
        }
        double[] curvatures = state.vectorView(CurvatureEstimate.KEY);
        double curvature = CurvatureEstimate.estimate(curvatures);
        double[] recent = state.vectorView(NonmonotoneWindow.KEY);
        if (curvature > 0) {
            double eta = 1.0 / curvature;
            Extrapolation e = extrapolate(objective, from, anchor, t, eta);
            EvaluatedPoint next = objective.evaluate(e.y);
            double observed = CurvatureEstimate.along(from, next);
            if (next.value() <= NonmonotoneWindow.reference(recent)) {
                boolean restart = observed > RESTART_RISE * curvature;
                memory.vector("anchor", restart ? next.x() : e.z).scalar("t", restart ? 1.0 : e.t)
                        .vector(CurvatureEstimate.KEY, CurvatureEstimate.record(curvatures, observed))
                        .scalar("stalled", 0.0)
                        .vector(NonmonotoneWindow.KEY, NonmonotoneWindow.append(recent, next.value()));
                return objective.state(name(), k, next, eta, memory);
            }
            curvatures = CurvatureEstimate.record(curvatures, observed);
            curvature = CurvatureEstimate.estimate(curvatures);
        }
        ProximalGradientSearch.Outcome out = CurvatureEstimate.gradientStep(objective, from, curvature);
        EvaluatedPoint next = out.point();
        memory.vector("anchor", next.x()).scalar("t", 1.0)
                .vector(CurvatureEstimate.KEY, CurvatureEstimate.afterGradientStep(curvatures, from, out))
                .scalar("stalled", out.stalled() ? 1.0 : 0.0)
                .vector(NonmonotoneWindow.KEY, out.stalled() ? recent : NonmonotoneWindow.append(recent, next.value()));
        return objective.state(name(), k, next, out.step(), memory);
    }

    /** The next proximal-gradient point z, the next extrapolated point y and the next t. */
    private record Extrapolation(double[] z, double[] y, double t) {
    }

    private static Extrapolation extrapolate(CountedObjective objective, EvaluatedPoint from, double[] anchor,
            double t, double eta) {
        double[] y = from.x();
        double[] z = objective.proximalGradientStep(y, from.gradient(), eta);
        double[] zStep = DenseVectors.minus(z, anchor);
        // gradient restart: the generalized gradient (y - z) / eta and the step z - anchor make an acute angle
        if (DenseVectors.dot(DenseVectors.minus(y, z), zStep) > 0) {
            return new Extrapolation(z, z, 1.0);
        }
        double tNext = (1.0 + Math.sqrt(1.0 + 4.0 * t * t)) / 2.0;
        // With bounds the extrapolated point, where the gradient is taken and which the state reports as the model,
        // is clipped back into the box: z and the previous anchor are feasible, but a step beyond z need not be.
        return new Extrapolation(z, objective.project(DenseVectors.plusScaled(z, (t - 1.0) / tNext, zStep)), tNext);
    }
}
