package dev.fullbatch.model;

import dev.fullbatch.data.Block;
import dev.fullbatch.loss.GammaLoss;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.PoissonLoss;
import dev.fullbatch.math.DeterministicMath;

/**
 * The sums behind the metrics of a log-link model ({@link LogLinkLoss}: Poisson, Gamma, Tweedie) on data, in one
 * pass: the deviance of the model and of the null model, the squared error of the predicted means, the label moments,
 * and the log-likelihood terms of the Akaike criterion. {@link DevianceMetrics} turns them into the reported numbers.
 * Every sum is weighted by the rows' instance weights (R's prior weights); rows of weight 0 add nothing.
 *
 * <p>The null model is R's: the intercept-only fit with the same offsets, {@code mu_0 = exp(b_0 + o)} (and
 * {@code exp(o)} without an intercept). Its intercept has a closed form for every family here: the score equation
 * {@code sum w (y - mu) mu^(1-p) = 0} gives {@code exp(b_0) = sum w y exp((1-p) o) / sum w exp((2-p) o)}, the weighted
 * mean of the labels without offsets. {@link #nullIntercept} sums it in one pass first; the deviances are then taken
 * row by row (no cancellation between large sums).
 *
 * <p>Vector layout: {@code [deviance, nullDeviance, sse, sum y, sum y^2, poissonLogLikelihood, nonIntegerLabels,
 * sum log y, sum m, sum y exp(-m)]}, each weighted; the last five only for the family whose criterion needs them
 * (Poisson, then Gamma), 0 otherwise.
 */
public final class DevianceSums implements BlockReduction {
    private static final long serialVersionUID = 1L;

    /** Index of the model's deviance {@code sum w d(y, mu)}. */
    public static final int DEVIANCE = 0;
    /** Index of the null model's deviance. */
    public static final int NULL_DEVIANCE = 1;
    /** Index of the squared error of the means {@code sum w (y - mu)^2}. */
    public static final int SSE = 2;
    /** Index of {@code sum w y}. */
    public static final int SUM_Y = 3;
    /** Index of {@code sum w y^2}. */
    public static final int SUM_Y2 = 4;
    /** Index of the Poisson log-likelihood {@code sum w (y m - mu - ln Gamma(y + 1))}. */
    public static final int POISSON_LOG_LIKELIHOOD = 5;
    /** Index of the weight of rows whose label is not a whole number (Poisson: the likelihood is then 0). */
    public static final int NON_INTEGER_LABELS = 6;
    /** Index of {@code sum w ln y} (Gamma). */
    public static final int SUM_LOG_Y = 7;
    /** Index of {@code sum w m}, the log means (Gamma). */
    public static final int SUM_MARGIN = 8;
    /** Index of {@code sum w y / mu} (Gamma). */
    public static final int SUM_Y_OVER_MU = 9;

    private static final int SIZE = 10;

    private final BlockObjective model;
    private final LogLinkLoss loss;
    private final double nullIntercept;

    /**
     * @param model scores rows (its margins include the offsets)
     * @param loss the family
     * @param nullIntercept the null model's intercept ({@link #nullIntercept}), or 0 for a model without intercepts
     */
    public DevianceSums(BlockObjective model, LogLinkLoss loss, double nullIntercept) {
        if (model.outputs() != 1) {
            throw new IllegalArgumentException("a log-link model has one output, got " + model.outputs());
        }
        this.model = model;
        this.loss = loss;
        this.nullIntercept = nullIntercept;
    }

    /**
     * The intercept of R's null model on the data: {@code ln(sum w y exp((1-p) o) / sum w exp((2-p) o))}, one pass
     * (-Infinity when every weighted label is 0).
     */
    public static double nullIntercept(ReductionEngine engine, LogLinkLoss loss) {
        double[] s = engine.aggregate(new NullModelSums(loss.variancePower()), new double[0], true,
                "null model").vectorSum();
        return DeterministicMath.log(s[0] / s[1]);
    }

    @Override
    public int dimension() {
        return SIZE;
    }

    @Override
    public void accumulate(Block block, double[] parameters, PartialSums sums) {
        int n = block.rows();
        double[] m = new double[n];
        model.margins(block, parameters, m);
        double[] labels = block.labels();
        double[] weights = block.weights();
        double[] offsets = block.offsets();
        boolean poisson = loss instanceof PoissonLoss;
        boolean gamma = loss instanceof GammaLoss;
        double[] row = new double[SIZE];
        for (int i = 0; i < n; i++) {
            double w = weights == null ? 1.0 : weights[i];
            if (w == 0.0) {
                sums.addWeight(0.0, 1);
                continue;
            }
            double y = labels[i];
            double mi = m[i];
            double mu = loss.mean(mi);
            double m0 = offsets == null ? nullIntercept : nullIntercept + offsets[i];
            java.util.Arrays.fill(row, 0.0);
            row[DEVIANCE] = w * loss.unitDeviance(y, mi);
            row[NULL_DEVIANCE] = w * loss.unitDeviance(y, m0);
            double r = y - mu;
            row[SSE] = w * r * r;
            row[SUM_Y] = w * y;
            row[SUM_Y2] = w * y * y;
            if (poisson) {
                if (y == Math.rint(y)) {
                    row[POISSON_LOG_LIKELIHOOD] = w * ((y == 0 ? 0.0 : y * mi) - mu
                            - DeterministicMath.logGamma(y + 1.0));
                } else {
                    row[NON_INTEGER_LABELS] = w;
                }
            } else if (gamma) {
                row[SUM_LOG_Y] = w * DeterministicMath.log(y);
                row[SUM_MARGIN] = w * mi;
                row[SUM_Y_OVER_MU] = w * (y * DeterministicMath.exp(-mi));
            }
            for (int j = 0; j < SIZE; j++) {
                if (row[j] != 0) {
                    sums.add(j, row[j]);
                }
            }
            sums.addWeight(w, 1);
        }
        sums.endBlock();
    }

    /** {@code [sum w y exp((1-p) o), sum w exp((2-p) o)]}: the null model's intercept equation. */
    private static final class NullModelSums implements BlockReduction {
        private static final long serialVersionUID = 1L;
        private final double power;

        NullModelSums(double power) {
            this.power = power;
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public void accumulate(Block block, double[] parameters, PartialSums sums) {
            double[] labels = block.labels();
            double[] weights = block.weights();
            double[] offsets = block.offsets();
            for (int i = 0; i < block.rows(); i++) {
                double w = weights == null ? 1.0 : weights[i];
                if (w == 0.0) {
                    continue;
                }
                double o = offsets == null ? 0.0 : offsets[i];
                double numerator = w * labels[i] * (o == 0.0 ? 1.0 : DeterministicMath.exp((1.0 - power) * o));
                double denominator = o == 0.0 ? w : w * DeterministicMath.exp((2.0 - power) * o);
                if (numerator != 0) {
                    sums.add(0, numerator);
                }
                sums.add(1, denominator);
                sums.addWeight(w, 1);
            }
            sums.endBlock();
        }
    }
}
