package dev.fullbatch.optim;

/**
 * Adam (Kingma and Ba) on the exact full-batch gradient ({@code adam}):
 * {@code m = b1 m + (1 - b1) g}, {@code v = b2 v + (1 - b2) g^2},
 * {@code x -= eta_k (m / (1 - b1^k)) / (sqrt(v / (1 - b2^k)) + epsilon)}, with {@code eta_k = step * factor(k)}.
 *
 * <p>One gradient pass per iteration and no line search, as users of deep-learning frameworks expect. With a numeric
 * step that is all. With {@code --step-size auto} the learning rate starts at
 * {@link OptimizerSettings#ADAPTIVE_DEFAULT_STEP} (Adam moves each coordinate by about the learning rate per
 * iteration, which suits standardized problems whose weights are of order 0.1 to 1) and then follows the bold-driver
 * rule: times 1.05 on each new best objective, halved on each overshoot above the last 10 objectives, at no extra
 * pass; this converges without tuning even where the weights or intercept are far from that scale. Smooth problems
 * only. State: vectors {@code firstMoment}, {@code secondMoment}; scalar {@code updates} (the {@code k} of the bias
 * corrections); with auto also {@code learningRate} and {@code recentObjectives}.
 */
public final class Adam implements Optimizer {

    private final double step;
    private final boolean auto;
    private final StepSchedule schedule;
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /**
     * @param step     the base learning rate, finite and positive
     * @param auto     whether to halve the learning rate whenever the objective overshoots (see the class comment)
     * @param schedule how it changes over the iterations
     * @param beta1    the first-moment decay, in [0, 1)
     * @param beta2    the second-moment decay, in [0, 1)
     * @param epsilon  the denominator guard, positive
     */
    public Adam(double step, boolean auto, StepSchedule schedule, double beta1, double beta2, double epsilon) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + step);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("--beta1 must be in [0, 1), got " + beta1);
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("--beta2 must be in [0, 1), got " + beta2);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
        }
        this.step = step;
        this.auto = auto;
        this.schedule = schedule;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public OptimizerState start(double[] x0, Problem problem) {
        CountedObjective objective = CountedObjective.forStart(this, x0, problem);
        EvaluatedPoint p = objective.evaluate(x0.clone());
        StateMemory memory = new StateMemory().vector("firstMoment", new double[x0.length])
                .vector("secondMoment", new double[x0.length]).scalar("updates", 0.0);
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
        double[] m = state.vector("firstMoment");
        double[] v = state.vector("secondMoment");
        int k = (int) state.scalar("updates") + 1;
        double eta = (auto ? BoldDriver.rate(state) : step) * schedule.factor(k);
        double correction1 = 1.0 - StrictMath.pow(beta1, k);
        double correction2 = 1.0 - StrictMath.pow(beta2, k);
        double[] next = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            m[j] = beta1 * m[j] + (1.0 - beta1) * g[j];
            v[j] = beta2 * v[j] + (1.0 - beta2) * (g[j] * g[j]);
            next[j] = x[j] - eta * (m[j] / correction1) / (Math.sqrt(v[j] / correction2) + epsilon);
        }
        EvaluatedPoint p = objective.evaluate(next);
        StateMemory memory = new StateMemory().vector("firstMoment", m).vector("secondMoment", v)
                .scalar("updates", k);
        if (auto) {
            BoldDriver.record(state, p, memory);
        }
        return objective.state(name(), state.iteration() + 1, p, eta, memory);
    }
}
