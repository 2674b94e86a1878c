package dev.fullbatch.train;

import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.DifferentiableFunction;
import dev.fullbatch.optim.Evaluation;
import java.util.function.Supplier;

/**
 * The smooth part of the contract's objective, in optimizer coordinates, as the optimizers see it:
 * {@code (1/W) sum_i w_i loss_i + (l2/2) ||weights||^2}, where {@code W} is the weight sum (the row count without
 * instance weights) and the penalty covers model weights but never intercepts or biases.
 *
 * <p>Every {@link #evaluate} is one exact pass over the data through the {@link ReductionEngine}; {@link #value} is
 * a cheaper loss-only pass. The regularization and the division by {@code W} happen here, on the driver, once.
 */
public final class TrainingObjective implements DifferentiableFunction {
    private final ReductionEngine engine;
    private final BlockObjective objective;
    private final Parametrization parametrization;
    private final double[] penaltyScale;
    private final double l2;
    private final Supplier<String> phase;

    /**
     * @param engine runs the data passes
     * @param objective the model and loss
     * @param parametrization optimizer coordinates to model parameters
     * @param l2 the L2 penalty strength, at least 0
     * @param phase names each pass for progress displays (e.g. "iteration 17/100")
     */
    public TrainingObjective(ReductionEngine engine, BlockObjective objective, Parametrization parametrization,
                             double l2, Supplier<String> phase) {
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("L2 strength must be >= 0 and finite, got " + l2);
        }
        if (parametrization.dimension() != objective.dimension()) {
            throw new IllegalArgumentException("parametrization has " + parametrization.dimension()
                    + " coordinates, objective " + objective.dimension());
        }
        this.engine = engine;
        this.objective = objective;
        this.parametrization = parametrization;
        this.penaltyScale = parametrization.penaltyScale();
        this.l2 = l2;
        this.phase = phase;
    }

    @Override
    public int dimension() {
        return objective.dimension();
    }

    /** The model parameters for optimizer coordinates {@code x}. */
    public double[] modelParameters(double[] x) {
        return parametrization.toModel(x);
    }

    @Override
    public Evaluation evaluate(double[] x) {
        PartialSums sums = engine.aggregate(objective, modelParameters(x), true, phase.get());
        double w = sums.weightSum();
        double[] gModel = sums.vectorSum();
        for (int j = 0; j < gModel.length; j++) {
            gModel[j] /= w;
        }
        double[] g = parametrization.gradientToOptimizer(gModel);
        double penalty = 0;
        if (l2 > 0) {
            for (int k = 0; k < g.length; k++) {
                double c = penaltyScale[k];
                if (c != 0) {
                    double wk = x[k] * c;
                    penalty += wk * wk;
                    g[k] += l2 * (wk * c);
                }
            }
        }
        return new Evaluation(sums.lossSum() / w + 0.5 * l2 * penalty, g);
    }

    @Override
    public double value(double[] x) {
        PartialSums sums = engine.aggregate(objective, modelParameters(x), false, phase.get() + " (line search)");
        double penalty = 0;
        if (l2 > 0) {
            for (int k = 0; k < x.length; k++) {
                double c = penaltyScale[k];
                if (c != 0) {
                    double wk = x[k] * c;
                    penalty += wk * wk;
                }
            }
        }
        return sums.lossSum() / sums.weightSum() + 0.5 * l2 * penalty;
    }
}
