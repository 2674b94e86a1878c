package dev.fullbatch.optim;

/**
 * Gradient descent with heavy-ball momentum ({@code momentum}, Polyak):
 * {@code x+ = prox(x + beta (x - x_prev) - eta g)}, proximal when the problem has an L1 part or a {@link Box} (the
 * prox then clips to the bounds, so every iterate is feasible; with auto steps the restart below keeps it descending).
 *
 * <p>With a numeric step, {@code eta_k = step * schedule.factor(k)} and nothing else: one gradient pass per
 * iteration. With {@code auto}, {@code eta = 1 / L}, where L estimates the gradient's Lipschitz constant as the
 * largest curvature {@code (g(b) - g(a)).(b - a) / |b - a|^2} measured along the last 10 moves (every
 * evaluated point gives one, so it costs no pass); the first iteration is a backtracking gradient step. Heavy ball
 * is not monotone, so a momentum step is accepted when its objective does not exceed the largest of the last 10;
 * otherwise the momentum is dropped (restart) and a backtracking gradient step is taken instead. State: vector
 * {@code velocity} ({@code x - x_prev}); with auto also {@code recentCurvatures}, {@code recentObjectives} and
 * {@code stalled}.
 */
public final class HeavyBallMomentum implements Optimizer {

    private final double step;
    private final StepSchedule schedule;
    private final double beta;

    private HeavyBallMomentum(double step, StepSchedule schedule, double beta) {
        if (!(beta >= 0 && beta < 1)) {
            throw new IllegalArgumentException("--momentum must be in [0, 1), got " + beta);
        }
        this.step = step;
        this.schedule = schedule;
        this.beta = beta;
    }

    /** Heavy ball with the curvature-estimated step and restarts. */
    public static HeavyBallMomentum auto(double beta) {
        return new HeavyBallMomentum(Double.NaN, new StepSchedule.Constant(), beta);
    }

    /** Heavy ball with a fixed base step and schedule. */
    public static HeavyBallMomentum fixed(double step, StepSchedule schedule, double beta) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + step);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        return new HeavyBallMomentum(step, schedule, beta);
    }

    private boolean isAuto() {
        return Double.isNaN(step);
    }

    @Override
    public String name() {
        return "momentum";
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
        StateMemory memory = new StateMemory().vector("velocity", new double[x0.length]);
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
        double[] velocity = state.vectorView("velocity");
        int k = state.iteration() + 1;
        StateMemory memory = new StateMemory();
        if (!isAuto()) {
            double eta = step * schedule.factor(k);
            EvaluatedPoint next = objective.evaluate(momentumStep(objective, from, velocity, eta));
            memory.vector("velocity", DenseVectors.minus(next.x(), from.x()));
            return objective.state(name(), k, next, eta, memory);
        }
        double[] curvatures = state.vectorView(CurvatureEstimate.KEY);
        double curvature = CurvatureEstimate.estimate(curvatures);
        double[] recent = state.vectorView(NonmonotoneWindow.KEY);
        if (curvature > 0 && !DenseVectors.allZero(velocity)) {
            double eta = 1.0 / curvature;
            EvaluatedPoint next = objective.evaluate(momentumStep(objective, from, velocity, eta));
            double observed = CurvatureEstimate.along(from, next);
            if (next.value() <= NonmonotoneWindow.reference(recent)) {
                memory.vector("velocity", DenseVectors.minus(next.x(), from.x()))
                        .vector(CurvatureEstimate.KEY, CurvatureEstimate.record(curvatures, observed))
                        .scalar("stalled", 0.0)
                        .vector(NonmonotoneWindow.KEY, NonmonotoneWindow.append(recent, next.value()));
                return objective.state(name(), k, next, eta, memory);
            }
            curvatures = CurvatureEstimate.record(curvatures, observed);
            curvature = CurvatureEstimate.estimate(curvatures);
        }
        // restart: no momentum this iteration
        ProximalGradientSearch.Outcome out = CurvatureEstimate.gradientStep(objective, from, curvature);
        EvaluatedPoint next = out.point();
        memory.vector("velocity", DenseVectors.minus(next.x(), from.x()))
                .vector(CurvatureEstimate.KEY, CurvatureEstimate.afterGradientStep(curvatures, from, out))
                .scalar("stalled", out.stalled() ? 1.0 : 0.0)
                .vector(NonmonotoneWindow.KEY, out.stalled() ? recent : NonmonotoneWindow.append(recent, next.value()));
        return objective.state(name(), k, next, out.step(), memory);
    }

    private double[] momentumStep(CountedObjective objective, EvaluatedPoint from, double[] velocity, double eta) {
        return objective.proximalGradientStep(DenseVectors.plusScaled(from.x(), beta, velocity), from.gradient(), eta);
    }
}
