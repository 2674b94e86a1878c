package dev.fullbatch.optim;

/**
 * Plain batch gradient descent ({@code gd}), proximal (ISTA) when the problem has an L1 part, projected when it
 * has a {@link Box} (the prox then clips to the bounds; every iterate is feasible and the theory is ISTA's).
 *
 * <p>With a numeric step: {@code x+ = prox(x - eta_k g)} with {@code eta_k = step * schedule.factor(k)}, one
 * gradient pass per iteration and no safeguard, as in textbook (and Spark MLlib) gradient descent.
 *
 * <p>With {@code auto}: a backtracking line search on the descent-lemma test (Armijo with constant 1/2; for L1 the
 * ISTA test of Beck and Teboulle). The first trial step is 1, the natural scale on standardized data where the
 * gradient's Lipschitz constant is of order 1. Each iteration starts from the previous accepted step, doubled when
 * the trials of the last 10 iterations were all accepted at once (so it grows every iteration until the
 * first backtrack), so the step adapts upwards as well as downwards; the first trial is evaluated with a gradient
 * pass and only rejected trials cost objective-only passes. State: scalars {@code trialStep}, {@code streak} (the
 * iterations since the last backtrack) and {@code stalled} (1 when no decreasing step could be found, i.e. the
 * objective is flat to double precision).
 */
public final class GradientDescent implements Optimizer {

    /** The first trial step of {@code auto}. */
    static final double FIRST_TRIAL_STEP = 1.0;
    /** The factor by which an at-once accepted step grows for the next iteration. */
    static final double GROWTH = 2.0;
    /**
     * After a backtrack the step is held for this many iterations before it may grow again. Measured on
     * quadratics, logistic regression and Rosenbrock: growing after every accepted trial makes most trials fail
     * (about 1.8 passes per iteration and more iterations); holding for 8 to 16 iterations gives about 1.2 passes
     * per iteration and the fewest passes overall.
     */
    static final int HOLD = 10;

    private final double step;
    private final StepSchedule schedule;

    private GradientDescent(double step, StepSchedule schedule) {
        this.step = step;
        this.schedule = schedule;
    }

    /** Gradient descent with the backtracking line search. */
    public static GradientDescent auto() {
        return new GradientDescent(Double.NaN, new StepSchedule.Constant());
    }

    /**
     * Gradient descent with a fixed base step and schedule.
     *
     * @param step the base step size, finite and positive
     */
    public static GradientDescent fixed(double step, StepSchedule schedule) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + step);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        return new GradientDescent(step, schedule);
    }

    private boolean isAuto() {
        return Double.isNaN(step);
    }

    @Override
    public String name() {
        return "gd";
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
        StateMemory memory = new StateMemory();
        if (isAuto()) {
            memory.scalar("trialStep", FIRST_TRIAL_STEP).scalar("streak", HOLD).scalar("stalled", 0.0);
        }
        return objective.state(name(), 0, p, 0.0, memory);
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        EvaluatedPoint from = EvaluatedPoint.of(state, problem);
        int k = state.iteration() + 1;
        StateMemory memory = new StateMemory();
        if (!isAuto()) {
            double eta = step * schedule.factor(k);
            EvaluatedPoint next = objective.evaluate(objective.proximalGradientStep(from.x(), from.gradient(), eta));
            return objective.state(name(), k, next, eta, memory);
        }
        double trial = state.scalar("trialStep");
        double streak = state.scalar("streak");
        ProximalGradientSearch.Outcome out = ProximalGradientSearch.descentLemma(objective, from, trial);
        double nextTrial = trial;
        if (!out.stalled()) {
            streak = out.acceptedFirstTrial() ? Math.min(streak + 1, HOLD) : 0;
            nextTrial = streak >= HOLD ? out.step() * GROWTH : out.step();
        }
        memory.scalar("trialStep", nextTrial).scalar("streak", streak).scalar("stalled", out.stalled() ? 1.0 : 0.0);
        return objective.state(name(), k, out.point(), out.step(), memory);
    }
}
