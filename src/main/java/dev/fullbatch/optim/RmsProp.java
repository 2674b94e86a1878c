package dev.fullbatch.optim;

/**
 * RMSprop (Tieleman and Hinton) on the exact full-batch gradient ({@code rmsprop}):
 * {@code v = rho v + (1 - rho) g^2}, {@code x -= eta_k g / (sqrt(v) + epsilon)}, with
 * {@code eta_k = step * factor(k)}.
 *
 * <p>One gradient pass per iteration, no line search. With a numeric step that is all. With {@code --step-size auto}
 * the learning rate starts at {@link OptimizerSettings#ADAPTIVE_DEFAULT_STEP} and then follows the bold-driver rule:
 * times 1.05 on each new best objective, halved on each overshoot above the last 10 objectives, at no extra pass.
 * The halving matters: near a minimum RMSprop's normalized steps otherwise settle into an oscillation of the size of
 * the learning rate and never converge. Smooth problems only. State: vector {@code meanSquare}; with auto also
 * {@code learningRate} and {@code recentObjectives}.
 */
public final class RmsProp implements Optimizer {

    private final double step;
    private final boolean auto;
    private final StepSchedule schedule;
    private final double rho;
    private final double epsilon;

    /**
     * @param step     the base learning rate, finite and positive
     * @param auto     whether to halve the learning rate whenever the objective overshoots (see the class comment)
     * @param schedule how it changes over the iterations
     * @param rho      the mean-square decay, in [0, 1)
     * @param epsilon  the denominator guard, positive
     */
    public RmsProp(double step, boolean auto, StepSchedule schedule, double rho, double epsilon) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + step);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("--rho must be in [0, 1), got " + rho);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
        }
        this.step = step;
        this.auto = auto;
        this.schedule = schedule;
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public OptimizerState start(double[] x0, Problem problem) {
        CountedObjective objective = CountedObjective.forStart(this, x0, problem);
        EvaluatedPoint p = objective.evaluate(x0.clone());
        StateMemory memory = new StateMemory().vector("meanSquare", new double[x0.length]);
        if (auto) {
            BoldDriver.start(step, p, memory);
        }
        return objective.state(name(), 0, p, 0.0, memory);
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        double[] x = state.xView();
        double[] g = state.gradientView();
        double[] v = state.vector("meanSquare");
        int k = state.iteration() + 1;
        double eta = (auto ? BoldDriver.rate(state) : step) * schedule.factor(k);
        double[] next = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            v[j] = rho * v[j] + (1.0 - rho) * (g[j] * g[j]);
            next[j] = x[j] - eta * g[j] / (Math.sqrt(v[j]) + epsilon);
        }
        EvaluatedPoint p = objective.evaluate(next);
        StateMemory memory = new StateMemory().vector("meanSquare", v);
        if (auto) {
            BoldDriver.record(state, p, memory);
        }
        return objective.state(name(), k, p, eta, memory);
    }
}
