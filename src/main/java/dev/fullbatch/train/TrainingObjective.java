package dev.fullbatch.train;

import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.DifferentiableFunction;
import dev.fullbatch.optim.Evaluation;
import java.util.function.Supplier;

/**
 * The smooth part of the contract's objective, in standardized coordinates, as the optimizers see it:
 * {@code (1/W) sum_i w_i loss_i + (l2/2) ||w||^2} where {@code W} is the weight sum (the row count without instance
 * weights) and the penalty covers the weights but never the intercepts.
 *
 * <p>Every {@link #evaluate} is one exact pass over the data through the {@link ReductionEngine}; {@link #value} is
 * a cheaper loss-only pass. The regularization and the division by {@code W} happen here, on the driver, once.
 * The penalty is expressed in optimizer coordinates ({@code w = v / s}) so the optimum is exactly the contract's.
 */
public final class TrainingObjective implements DifferentiableFunction {
    private final ReductionEngine engine;
    private final BlockObjective objective;
    private final Standardization standardization;
    private final double l2;
    private final boolean intercept;
    private final Supplier<String> phase;
    private final int weightCount;

    /**
     * @param engine runs the data passes
     * @param objective the model and loss
     * @param standardization the change of variables
     * @param l2 the L2 penalty strength, at least 0
     * @param intercept whether the objective's parameters end with intercepts
     * @param phase names each pass for progress displays (e.g. "iteration 17/100")
     */
    public TrainingObjective(ReductionEngine engine, BlockObjective objective, Standardization standardization,
                             double l2, boolean intercept, Supplier<String> phase) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("L2 strength must be >= 0 and finite, got " + l2);
        }
        this.engine = engine;
        this.objective = objective;
        this.standardization = standardization;
        this.l2 = l2;
        this.intercept = intercept;
        this.phase = phase;
        this.weightCount = objective.outputs() * standardization.numFeatures();
    }

    @Override
    public int dimension() {
        return objective.dimension();
    }

    /** The model parameters for optimizer coordinates {@code x}. */
    public double[] modelParameters(double[] x) {
        return standardization.toModel(x, objective.outputs(), intercept);
    }

    @Override
    public Evaluation evaluate(double[] x) {
        PartialSums sums = engine.aggregate(objective, modelParameters(x), true, phase.get());
        double w = sums.weightSum();
        double[] gModel = sums.vectorSum();
        for (int j = 0; j < gModel.length; j++) {
            gModel[j] /= w;
        }
        double[] g = standardization.gradientToOptimizer(gModel, objective.outputs(), intercept);
        double penalty = 0;
        if (l2 > 0) {
            double[] s = standardization.scale();
            int d = s.length;
            for (int k = 0; k < weightCount; k++) {
                double sj = s[k % d];
                double wk = x[k] / sj;
                penalty += wk * wk;
                g[k] += l2 * (wk / sj);
            }
        }
        return new Evaluation(sums.lossSum() / w + 0.5 * l2 * penalty, g);
    }

    @Override
    public double value(double[] x) {
        PartialSums sums = engine.aggregate(objective, modelParameters(x), false, phase.get() + " (line search)");
        double penalty = 0;
        if (l2 > 0) {
            double[] s = standardization.scale();
            int d = s.length;
            for (int k = 0; k < weightCount; k++) {
                double wk = x[k] / s[k % d];
                penalty += wk * wk;
            }
        }
        return sums.lossSum() / sums.weightSum() + 0.5 * l2 * penalty;
    }
}
