package dev.fullbatch.optim;

/**
 * Barzilai-Borwein gradient steps ({@code bb}) with a non-monotone line search (Raydan's globalization with the
 * Grippo-Lampariello-Lucidi reference), proximal in the SpaRSA form of Wright, Nowak and Figueiredo when the problem
 * has an L1 part or a {@link Box} (SpaRSA covers any separable convex term: the prox then clips to the bounds).
 *
 * <p>The step is {@code s.s / s.y} (the first BB formula) from the last move {@code s} and gradient change
 * {@code y}, or {@code |s| / |y|} when {@code s.y <= 0} (non-convex regions), clamped to [1e-20, 1e20]. It is
 * accepted when the objective does not exceed the largest of the last 10 objectives
 * less a small multiple of the squared move; otherwise it is shortened by backtracking on objective-only passes.
 * The first trial step is {@link #DEFAULT_FIRST_STEP} (or the numeric {@code --step-size}). State: scalars
 * {@code trialStep} and {@code stalled}, vector {@code recentObjectives}.
 */
public final class BarzilaiBorwein implements Optimizer {

    /** The first trial step when {@code --step-size auto}: 1, the natural scale on standardized data. */
    public static final double DEFAULT_FIRST_STEP = 1.0;

    private static final double MIN_STEP = 1e-20;
    private static final double MAX_STEP = 1e20;

    private final double firstStep;

    /**
     * @param firstStep the first trial step, finite and positive
     */
    public BarzilaiBorwein(double firstStep) {
        if (!(firstStep > 0) || Double.isInfinite(firstStep)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + firstStep);
        }
        this.firstStep = firstStep;
    }

    @Override
    public String name() {
        return "bb";
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
        StateMemory memory = new StateMemory().scalar("trialStep", firstStep).scalar("stalled", 0.0)
                .vector(NonmonotoneWindow.KEY, new double[] {p.value()});
        return objective.state(name(), 0, p, 0.0, memory);
    }

    @Override
    public OptimizerState step(OptimizerState state, Problem problem) {
        CountedObjective objective = CountedObjective.forStep(this, state, problem);
        EvaluatedPoint from = EvaluatedPoint.of(state, problem);
        double trial = state.scalar("trialStep");
        double[] recent = state.vectorView(NonmonotoneWindow.KEY);
        ProximalGradientSearch.Outcome out = ProximalGradientSearch.nonmonotone(objective, from, trial,
                NonmonotoneWindow.reference(recent));
        StateMemory memory = new StateMemory().scalar("stalled", out.stalled() ? 1.0 : 0.0);
        if (out.stalled()) {
            memory.scalar("trialStep", trial).vector(NonmonotoneWindow.KEY, recent);
        } else {
            EvaluatedPoint next = out.point();
            memory.scalar("trialStep", barzilaiBorweinStep(from, next, out.step()))
                    .vector(NonmonotoneWindow.KEY, NonmonotoneWindow.append(recent, next.value()));
        }
        return objective.state(name(), state.iteration() + 1, out.point(), out.step(), memory);
    }

    private static double barzilaiBorweinStep(EvaluatedPoint from, EvaluatedPoint to, double lastStep) {
        double[] s = DenseVectors.minus(to.x(), from.x());
        double[] y = DenseVectors.minus(to.gradient(), from.gradient());
        double sy = DenseVectors.dot(s, y);
        double ss = DenseVectors.dot(s, s);
        double yy = DenseVectors.dot(y, y);
        double next;
        if (sy > 0) {
            next = ss / sy;
        } else if (yy > 0) {
            next = Math.sqrt(ss / yy);
        } else {
            next = lastStep * GradientDescent.GROWTH;
        }
        if (!Double.isFinite(next)) {
            next = lastStep;
        }
        return Math.min(MAX_STEP, Math.max(MIN_STEP, next));
    }
}
