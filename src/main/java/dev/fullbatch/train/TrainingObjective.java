package dev.fullbatch.train;

import dev.fullbatch.data.ZeroTotalWeightException;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.DifferentiableFunction;
import dev.fullbatch.optim.Evaluation;
import java.util.function.Supplier;

/**
 * The smooth part of the contract's objective, in optimizer coordinates, as the optimizers see it:
 * {@code (1/W) sum_i w_i loss_i + (l2/2) sum_j f_j w_j^2}, where {@code w_i} is a row's weight (its instance weight
 * times its class weight, as the {@link BlockObjective} reads them), {@code W} their sum (the row count without
 * weights), {@code f_j} the per-coordinate penalty factors (all 1 unless given, see {@link PenaltyFactors}) and the
 * penalty covers model weights but never intercepts or biases. A data set whose weights sum to zero has no mean
 * loss: the first pass then throws {@link ZeroTotalWeightException} (a user error).
 *
 * <p>Every {@link #evaluate} is one exact pass over the data through the {@link ReductionEngine}; {@link #value} is
 * a cheaper loss-only pass. The regularization and the division by {@code W} happen here, on the driver, once.
 */
public final class TrainingObjective implements DifferentiableFunction {
    private final ReductionEngine engine;
    private final BlockObjective objective;
    private final Parametrization parametrization;
    private final double[] penaltyScale;
    private final double[] penaltyFactors;
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
        this(engine, objective, parametrization, l2, null, phase);
    }

    /**
     * @param engine runs the data passes
     * @param objective the model and loss
     * @param parametrization optimizer coordinates to model parameters
     * @param l2 the L2 penalty strength, at least 0
     * @param penaltyFactors the L2 penalty's factor per coordinate ({@link PenaltyFactors#perCoordinate}), or null
     *     for all 1 (the same bits)
     * @param phase names each pass for progress displays (e.g. "iteration 17/100")
     */
    public TrainingObjective(ReductionEngine engine, BlockObjective objective, Parametrization parametrization,
                             double l2, double[] penaltyFactors, Supplier<String> phase) {
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
        if (penaltyFactors != null && penaltyFactors.length != penaltyScale.length) {
            throw new IllegalArgumentException("expected " + penaltyScale.length + " penalty factors, got "
                    + penaltyFactors.length);
        }
        this.penaltyFactors = penaltyFactors == null ? null : penaltyFactors.clone();
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
        return fromSums(x, sums, sums.vectorSum());
    }

    /**
     * The objective and gradient at {@code x} from a gradient pass's sums, {@code vector} its summed vector (which
     * may go on beyond the model gradient: other reductions sum more beside it).
     */
    Evaluation fromSums(double[] x, PartialSums sums, double[] vector) {
        double w = weightSum(sums);
        double[] gModel = java.util.Arrays.copyOf(vector, x.length);
        for (int j = 0; j < gModel.length; j++) {
            gModel[j] /= w;
        }
        double[] g = parametrization.gradientToOptimizer(gModel);
        double penalty = 0;
        if (l2 > 0) {
            for (int k = 0; k < g.length; k++) {
                double c = penaltyScale[k];
                double f = factor(k);
                if (c != 0 && f != 0) {
                    double wk = x[k] * c;
                    // times f = 1 is exact: without factors these are the bits of the plain penalty
                    penalty += f * (wk * wk);
                    g[k] += l2 * (f * (wk * c));
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
                double f = factor(k);
                if (c != 0 && f != 0) {
                    double wk = x[k] * c;
                    penalty += f * (wk * wk);
                }
            }
        }
        return sums.lossSum() / weightSum(sums) + 0.5 * l2 * penalty;
    }

    private double factor(int k) {
        return penaltyFactors == null ? 1.0 : penaltyFactors[k];
    }

    /** The weight sum of a pass, which must be positive when there are rows (else a user error). */
    static double weightSum(PartialSums sums) {
        double w = sums.weightSum();
        if (w == 0 && sums.rows() > 0) {
            throw new ZeroTotalWeightException("the training data");
        }
        return w;
    }
}
