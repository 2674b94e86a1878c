package dev.fullbatch.train;

import dev.fullbatch.data.ZeroTotalWeightException;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.FeatureMoments;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.ConvergenceCriterion;
import dev.fullbatch.optim.L1Penalty;
import dev.fullbatch.optim.Optimizer;
import dev.fullbatch.optim.OptimizerSettings;
import dev.fullbatch.optim.OptimizerState;
import dev.fullbatch.optim.Problem;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The one place a training is assembled from the numerical core, in this order: feature moments (one pass, when
 * standardizing) -> {@link Standardization} -> {@link Parametrization} -> {@link TrainingObjective} -> L1 penalty ->
 * {@link Optimizer} -> stopping criteria -> {@link Trainer}. {@code fullbatch train} runs it, and the benchmarks
 * build the same plan so that they measure what the command does. Immutable once built; the trainer it makes
 * is run once.
 */
public final class TrainingPlan {

    /**
     * When a run stops, besides divergence and a stalled line search.
     *
     * @param maxIter iteration budget, at least 1
     * @param tol relative objective change tolerance (0: off)
     * @param gradTol gradient norm tolerance (0: off)
     * @param timeLimit wall-clock budget, or null for none
     */
    public record Stopping(int maxIter, double tol, double gradTol, Duration timeLimit) {
    }

    /**
     * What to train.
     *
     * @param objective the data term the engine sums
     * @param numFeatures d, the feature count of the data
     * @param layout the optimizer's coordinates through a standardization (a linear model's or a network's)
     * @param standardize precondition by feature scale (the optimum is unchanged)
     * @param center centre the features when standardizing (only with intercepts to absorb the mean)
     * @param l2 L2 strength, at least 0
     * @param l1 L1 strength, at least 0 (0: no penalty, a smooth problem)
     * @param optimizer the optimizer's settings
     * @param stopping when to stop
     * @param penaltyFactors per-feature factors on both penalties (glmnet's penalty.factor), or null for all 1 (a
     *     one-output linear model's)
     */
    public record Recipe(BlockObjective objective, int numFeatures, Function<Standardization, Parametrization> layout,
                         boolean standardize, boolean center, double l2, double l1, OptimizerSettings optimizer,
                         Stopping stopping, PenaltyFactors penaltyFactors) {

        /** A recipe without penalty factors. */
        public Recipe(BlockObjective objective, int numFeatures, Function<Standardization, Parametrization> layout,
                      boolean standardize, boolean center, double l2, double l1, OptimizerSettings optimizer,
                      Stopping stopping) {
            this(objective, numFeatures, layout, standardize, center, l2, l1, optimizer, stopping, null);
        }
    }

    private final Recipe recipe;
    private final Standardization standardization;
    private final Parametrization parametrization;
    private final TrainingObjective objective;
    private final Problem problem;
    private final Optimizer optimizer;

    private TrainingPlan(Recipe recipe, Standardization standardization, Parametrization parametrization,
                         TrainingObjective objective, Problem problem, Optimizer optimizer) {
        this.recipe = recipe;
        this.standardization = standardization;
        this.parametrization = parametrization;
        this.objective = objective;
        this.problem = problem;
        this.optimizer = optimizer;
    }

    /**
     * Builds the plan; with {@code recipe.standardize()} this runs one pass over the data (the feature moments,
     * named "feature statistics").
     *
     * @param engine runs the passes
     * @param phase names each pass of the objective for progress displays
     */
    public static TrainingPlan build(ReductionEngine engine, Recipe recipe, Supplier<String> phase) {
        int d = recipe.numFeatures();
        Standardization standardization = Standardization.identity(d);
        if (recipe.standardize()) {
            PartialSums moments = engine.aggregate(new FeatureMoments(d), new double[0], true, "feature statistics");
            if (!(moments.weightSum() > 0)) {
                throw new ZeroTotalWeightException("the training data");
            }
            standardization = Standardization.forTraining(moments.vectorSum(), moments.weightSum(), d,
                    recipe.center(), recipe.l2(), recipe.objective().loss());
        }
        Parametrization parametrization = recipe.layout().apply(standardization);
        PenaltyFactors factors = recipe.penaltyFactors();
        int outputs = recipe.objective().outputs();
        boolean intercept = recipe.objective() instanceof dev.fullbatch.model.LinearObjective lo && lo.hasIntercept();
        TrainingObjective f = new TrainingObjective(engine, recipe.objective(), parametrization, recipe.l2(),
                factors == null ? null : factors.perCoordinate(outputs, intercept), phase);
        L1Penalty l1 = null;
        if (recipe.l1() > 0 && factors != null) {
            l1 = factors.l1Penalty(recipe.l1(), parametrization.penaltyScale(), outputs, intercept);
        } else if (recipe.l1() > 0) {
            double[] w = parametrization.penaltyScale();
            for (int i = 0; i < w.length; i++) {
                w[i] *= recipe.l1();
            }
            l1 = new L1Penalty(w);
        }
        Problem problem = problem(engine, recipe, parametrization, f, l1, phase);
        return new TrainingPlan(recipe, standardization, parametrization, f, problem,
                dev.fullbatch.optim.Optimizers.create(recipe.optimizer()));
    }

    /**
     * The smooth part and the L1 penalty: for Newton's method the objective with its exact Hessian
     * ({@link SecondOrderTrainingObjective}: the same value and gradient bits, plus the Hessian's passes), which
     * needs a linear model; otherwise {@code f}.
     */
    private static Problem problem(ReductionEngine engine, Recipe recipe, Parametrization parametrization,
                                   TrainingObjective f, L1Penalty l1, Supplier<String> phase) {
        // a bounded linear model's box (coefficient bounds in the optimizer's coordinates), or none
        var box = parametrization instanceof LinearParametrization lp ? lp.box() : null;
        if (!recipe.optimizer().method().equals(dev.fullbatch.optim.Newton.NAME)) {
            return new Problem(f, l1, box);
        }
        if (!(recipe.objective() instanceof LinearObjective linear)) {
            throw new IllegalArgumentException("--optimizer newton needs a linear model's Hessian");
        }
        return new Problem(new SecondOrderTrainingObjective(engine, linear, parametrization, recipe.l2(), phase), l1,
                box);
    }

    /**
     * The same plan with another optimizer (no pass: the standardization and objective are shared); newton needs a
     * plan built for it (its problem carries the Hessian).
     */
    public TrainingPlan withOptimizer(OptimizerSettings settings) {
        Recipe r = new Recipe(recipe.objective(), recipe.numFeatures(), recipe.layout(), recipe.standardize(),
                recipe.center(), recipe.l2(), recipe.l1(), settings, recipe.stopping(), recipe.penaltyFactors());
        return new TrainingPlan(r, standardization, parametrization, objective, problem,
                dev.fullbatch.optim.Optimizers.create(settings));
    }

    /** The standardization the optimizer's coordinates go through. */
    public Standardization standardization() {
        return standardization;
    }

    /** Optimizer coordinates to model parameters. */
    public Parametrization parametrization() {
        return parametrization;
    }

    /** The smooth part: the data term plus the L2 penalty, in optimizer coordinates. */
    public TrainingObjective objective() {
        return objective;
    }

    /** The smooth part and the L1 penalty (if any). */
    public Problem problem() {
        return problem;
    }

    /** The optimizer. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The optimizer's state at {@code x0} (optimizer coordinates): one pass. */
    public OptimizerState start(double[] x0) {
        return optimizer.start(x0, problem);
    }

    /**
     * The standard stopping criteria of the recipe ({@link ConvergenceCriterion#standard}), its time limit counted
     * from now.
     */
    public ConvergenceCriterion criterion(LongSupplier nanoClock) {
        Stopping s = recipe.stopping();
        return ConvergenceCriterion.standard(s.maxIter(), s.tol(), s.gradTol(), s.timeLimit(), nanoClock);
    }

    /**
     * A trainer running this plan's optimizer until its stopping criteria (counted from now) or a listener stop it.
     *
     * @param validator scores each iterate on held-out data (empty map: none)
     * @param listeners called after every iteration, in order (progress, early stopping, checkpoints)
     */
    public Trainer trainer(Trainer.Validator validator, List<Trainer.Listener> listeners, LongSupplier nanoClock) {
        return trainer(criterion(nanoClock), validator, listeners, nanoClock);
    }

    /** As above with other stopping criteria (benchmarks stop at a target objective). */
    public Trainer trainer(ConvergenceCriterion criterion, Trainer.Validator validator,
                           List<Trainer.Listener> listeners, LongSupplier nanoClock) {
        return new Trainer(optimizer, criterion, OptimizerState::gradNorm, validator, listeners, nanoClock);
    }
}
