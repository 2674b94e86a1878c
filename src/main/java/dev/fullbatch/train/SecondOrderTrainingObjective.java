package dev.fullbatch.train;

import dev.fullbatch.math.SymmetricMatrix;
import dev.fullbatch.model.LinearHessian;
import dev.fullbatch.model.LinearHessianDiagonal;
import dev.fullbatch.model.LinearHessianProducts;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import dev.fullbatch.optim.DiagonalEvaluation;
import dev.fullbatch.optim.Evaluation;
import dev.fullbatch.optim.SecondOrderEvaluation;
import dev.fullbatch.optim.TwiceDifferentiableFunction;
import java.util.function.Supplier;

/**
 * {@link TrainingObjective} of a linear model with its exact Hessian, in optimizer coordinates, for Newton's method.
 *
 * <p>The parametrization is linear ({@code p = S x}: {@link LinearParametrization}'s scaling and centring), so the
 * Hessian in optimizer coordinates is {@code S^T H_model S / W + l2 diag(c^2)}, with {@code H_model} the data term's
 * summed Hessian, {@code W} the weight sum and {@code c} the penalty scale: a product {@code H d} maps {@code d} to
 * the model ({@code S d}), multiplies there in one exact pass ({@link LinearHessianProducts}) and maps back with
 * {@code S^T} (the gradient's map); the dense Hessian ({@link LinearHessian}) is transformed column by column on the
 * driver. Value and gradient are {@link TrainingObjective}'s, to the bit, penalty factors included (the penalty's
 * Hessian is then {@code l2 diag(f c^2)}). A parametrization with coefficient bounds is refused: its map clips, so
 * it is not linear, and Newton's method does not honour bounds.
 */
public final class SecondOrderTrainingObjective implements TwiceDifferentiableFunction {
    private final TrainingObjective first;
    private final ReductionEngine engine;
    private final LinearObjective objective;
    private final Parametrization parametrization;
    private final double[] penaltyScale;
    private final double[] penaltyFactors;
    private final double l2;
    private final Supplier<String> phase;

    /**
     * @param engine runs the data passes
     * @param objective the linear model and loss
     * @param parametrization a linear map from optimizer coordinates to model parameters
     * @param l2 the L2 penalty strength, at least 0
     * @param phase names each pass for progress displays
     */
    public SecondOrderTrainingObjective(ReductionEngine engine, LinearObjective objective,
                                        Parametrization parametrization, double l2, Supplier<String> phase) {
        this(engine, objective, parametrization, l2, null, phase);
    }

    /**
     * @param engine runs the data passes
     * @param objective the linear model and loss
     * @param parametrization a linear map from optimizer coordinates to model parameters (no bounds)
     * @param l2 the L2 penalty strength, at least 0
     * @param penaltyFactors the L2 penalty's factor per coordinate ({@link PenaltyFactors#perCoordinate}), or null
     *     for all 1
     * @param phase names each pass for progress displays
     */
    public SecondOrderTrainingObjective(ReductionEngine engine, LinearObjective objective,
                                        Parametrization parametrization, double l2, double[] penaltyFactors,
                                        Supplier<String> phase) {
        if (parametrization instanceof LinearParametrization linear && linear.box() != null) {
            throw new IllegalArgumentException("Newton's method does not take coefficient bounds");
        }
        this.first = new TrainingObjective(engine, objective, parametrization, l2, penaltyFactors, phase);
        this.penaltyFactors = penaltyFactors == null ? null : penaltyFactors.clone();
        this.engine = engine;
        this.objective = objective;
        this.parametrization = parametrization;
        this.penaltyScale = parametrization.penaltyScale();
        this.l2 = l2;
        this.phase = phase;
    }

    @Override
    public int dimension() {
        return first.dimension();
    }

    /** The model parameters for optimizer coordinates {@code x}. */
    public double[] modelParameters(double[] x) {
        return first.modelParameters(x);
    }

    @Override
    public Evaluation evaluate(double[] x) {
        return first.evaluate(x);
    }

    @Override
    public double value(double[] x) {
        return first.value(x);
    }

    @Override
    public double[][] hessianTimes(double[] x, double[][] directions) {
        double[][] model = new double[directions.length][];
        for (int t = 0; t < directions.length; t++) {
            model[t] = parametrization.toModel(directions[t]);
        }
        LinearHessianProducts reduction = new LinearHessianProducts(objective, directions.length);
        PartialSums sums = engine.aggregate(reduction, LinearHessianProducts.pack(modelParameters(x), model), true,
                phase.get() + " (Hessian product)");
        double w = TrainingObjective.weightSum(sums);
        double[][] products = reduction.unpack(sums.vectorSum());
        double[][] out = new double[directions.length][];
        for (int t = 0; t < directions.length; t++) {
            double[] hm = products[t];
            for (int j = 0; j < hm.length; j++) {
                hm[j] /= w;
            }
            double[] h = parametrization.gradientToOptimizer(hm);
            addPenalty(directions[t], h);
            out[t] = h;
        }
        return out;
    }

    /** {@code h += l2 f c^2 d} (the penalty's Hessian, diagonal in optimizer coordinates). */
    private void addPenalty(double[] d, double[] h) {
        if (l2 > 0) {
            for (int k = 0; k < h.length; k++) {
                double c = penaltyScale[k];
                double f = factor(k);
                if (c != 0 && f != 0) {
                    // times f = 1 is exact: without factors these are the bits of the plain penalty
                    h[k] += l2 * (f * (d[k] * c * c));
                }
            }
        }
    }

    private double factor(int k) {
        return penaltyFactors == null ? 1.0 : penaltyFactors[k];
    }

    /**
     * Value and gradient as {@link #evaluate} gives them (to the bit: the same per-row terms reach the same exact
     * sums), and the diagonal of {@code S^T H S / W + l2 diag(f c^2)} from {@link LinearHessianDiagonal}'s sums: for
     * weight {@code kj} of the centred, scaled coordinates, {@code (A - 2 mu B + mu^2 D) / s^2 / W} (clipped at 0,
     * where rounding of that difference could make a tiny curvature negative), for intercept {@code k},
     * {@code D_k / W}; a parametrization without the standardization's linear map has no diagonal here.
     */
    @Override
    public DiagonalEvaluation evaluateWithDiagonal(double[] x) {
        if (!(parametrization instanceof LinearParametrization linear)) {
            throw new UnsupportedOperationException("the Hessian's diagonal needs a linear model's parametrization");
        }
        LinearHessianDiagonal reduction = new LinearHessianDiagonal(objective);
        PartialSums sums = engine.aggregate(reduction, modelParameters(x), true, phase.get());
        double[] vector = sums.vectorSum();
        Evaluation e = first.fromSums(x, sums, vector);
        double w = TrainingObjective.weightSum(sums);
        double[] a = reduction.squares(vector);
        double[] b = reduction.crossTerms(vector);
        double[] dk = reduction.interceptDiagonal(vector);
        Standardization st = linear.standardization();
        double[] mean = st.mean();
        double[] scale = st.scale();
        int d = objective.numFeatures();
        int k = objective.outputs();
        double[] diagonal = new double[x.length];
        for (int out = 0; out < k; out++) {
            for (int j = 0; j < d; j++) {
                int q = out * d + j;
                double mu = mean[j];
                double h = objective.hasIntercept() ? a[q] - 2 * mu * b[q] + mu * mu * dk[out] : a[q];
                diagonal[q] = Math.max(0.0, h) / (scale[j] * scale[j]) / w;
            }
            if (objective.hasIntercept()) {
                diagonal[k * d + out] = dk[out] / w;
            }
        }
        double[] unit = new double[x.length];
        java.util.Arrays.fill(unit, 1.0);
        double[] penalty = new double[x.length];
        addPenalty(unit, penalty);
        for (int q = 0; q < x.length; q++) {
            diagonal[q] += penalty[q];
        }
        return new DiagonalEvaluation(e.value(), e.gradient(), diagonal);
    }

    @Override
    public SecondOrderEvaluation evaluateWithHessian(double[] x) {
        LinearHessian reduction = new LinearHessian(objective, LinearHessian.Curvature.OBSERVED);
        PartialSums sums = engine.aggregate(reduction, modelParameters(x), true, phase.get() + " (Hessian)");
        double w = TrainingObjective.weightSum(sums);
        double[] vector = sums.vectorSum();
        double[] gModel = reduction.gradient(vector);
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
                    penalty += f * (wk * wk);
                    g[k] += l2 * (f * (wk * c));
                }
            }
        }
        SymmetricMatrix h = toOptimizer(reduction.hessian(vector), w);
        return new SecondOrderEvaluation(sums.lossSum() / w + 0.5 * l2 * penalty, g, h);
    }

    /** {@code S^T H S / w + l2 diag(c^2)}: column q is {@code S^T (H (S e_q)) / w}, its upper part kept. */
    private SymmetricMatrix toOptimizer(SymmetricMatrix h, double w) {
        int n = h.size();
        double[] packed = new double[SymmetricMatrix.packedLength(n)];
        for (int q = 0; q < n; q++) {
            double[] e = new double[n];
            e[q] = 1.0;
            double[] column = parametrization.toModel(e);
            double[] hs = new double[n];
            for (int j = 0; j < n; j++) {
                double cj = column[j];
                if (cj == 0.0) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    hs[i] += h.get(i, j) * cj;
                }
            }
            for (int i = 0; i < n; i++) {
                hs[i] /= w;
            }
            double[] st = parametrization.gradientToOptimizer(hs);
            addPenalty(e, st);
            for (int i = 0; i <= q; i++) {
                packed[SymmetricMatrix.packedIndex(n, i, q)] = st[i];
            }
        }
        return new SymmetricMatrix(n, packed);
    }
}
