package dev.fullbatch.stats;

import dev.fullbatch.loss.GlmFamily;
import dev.fullbatch.math.CholeskyFactor;
import dev.fullbatch.math.SymmetricMatrix;
import dev.fullbatch.model.LinearHessian;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.PartialSums;
import dev.fullbatch.model.ReductionEngine;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Standard errors, Wald statistics, p-values and 95% confidence intervals of a single-output linear model's
 * coefficients (weights and intercept, on the original feature scale), as R's {@code summary(glm(...))} and
 * {@code confint.default} give them.
 *
 * <p>One exact pass ({@link LinearHessian}, {@link LinearHessian.Curvature#EXPECTED expected} curvatures) sums the
 * Fisher information {@code I = X^T W X} of the loss sum and Pearson's statistic at the fitted parameters. With an
 * L2 penalty {@code (l2/2) ||w||^2} on the mean loss the information gains {@code W_sum l2} on the weights' diagonal
 * (the penalized Hessian: the posterior covariance under the matching Gaussian prior; R's glm has no penalty, so
 * compare with {@code l2 = 0}). The covariance is {@code phi I^-1}, inverted by Cholesky on the driver in R's column
 * order (intercept first), so that a column that is a combination of earlier ones is the one R reports as
 * {@code NA}; it is named in the refusal. The dispersion {@code phi} is 1 for families that fix it (binomial,
 * Poisson) and otherwise Pearson's {@code chi^2 / (n - p)} with {@code n} the rows of positive weight (R's
 * {@code n.ok}: rows of weight 0 are left out) and {@code p} the coefficients; statistics then follow Student's t with {@code n - p} degrees of freedom, else the standard normal.
 *
 * <p>Refused with an L1 penalty: the lasso selects coefficients, and the Fisher information's standard errors
 * ignore that selection, so they would be too small and their p-values meaningless. Stateless.
 */
public final class WaldStatistics {
    /** The two-sided confidence level of the intervals. */
    public static final double LEVEL = 0.95;
    /** The absolute accuracy of the interval's quantile (Commons Math's default, 1e-9, is coarser than R's). */
    private static final double QUANTILE_ACCURACY = 1e-14;

    /**
     * The table of a model.
     *
     * @param coefficients one row per parameter, in the model's order (weights, then the intercept)
     * @param dispersion   {@code phi}: 1, or Pearson's {@code chi^2 / (n - p)}
     * @param residualDf   {@code n - p}
     * @param studentT     whether statistics follow Student's t (estimated dispersion) rather than the normal
     */
    public record Table(List<CoefficientStatistics> coefficients, double dispersion, long residualDf,
                        boolean studentT) {
        public Table {
            coefficients = List.copyOf(coefficients);
        }

        /** The name of the statistic's column: R's "t value" or "z value", as a CSV header. */
        public String statisticName() {
            return studentT ? "t_value" : "z_value";
        }

        /**
         * The table as CSV, in R's row order and the convention of {@code coefficients.csv}: a header, the
         * intercept's row first (empty index) when {@code intercept}, then one row per feature with its 0-based
         * index; numbers in {@link Double#toString}'s round-trip form; lines end with {@code \n}.
         *
         * @param intercept whether the last coefficient is the intercept
         */
        public String csv(boolean intercept) {
            StringBuilder out = new StringBuilder("name,index,estimate,std_error," + statisticName()
                    + ",p_value,lower_95,upper_95\n");
            int features = coefficients.size() - (intercept ? 1 : 0);
            if (intercept) {
                row(out, coefficients.get(features), "");
            }
            for (int j = 0; j < features; j++) {
                row(out, coefficients.get(j), Integer.toString(j));
            }
            return out.toString();
        }

        private static void row(StringBuilder out, CoefficientStatistics c, String index) {
            String name = c.name();
            if (name.contains(",") || name.contains("\"") || name.contains("\n") || !name.equals(name.strip())) {
                name = "\"" + name.replace("\"", "\"\"") + "\"";
            }
            out.append(name).append(',').append(index);
            for (double v : new double[] {c.estimate(), c.standardError(), c.statistic(), c.pValue(), c.lower(),
                c.upper()}) {
                out.append(',').append(Double.toString(v));
            }
            out.append('\n');
        }
    }

    private WaldStatistics() {
    }

    /**
     * The message of a refusal for an L1 penalty (also for callers that check options before reading data).
     */
    public static String l1Refusal() {
        return "--statistics cannot be used with --reg-l1: standard errors from the Fisher information assume the"
                + " coefficients were not selected by the lasso, so after L1 selection they are too small and their"
                + " p-values invalid; use --reg-l1 0 (L2 is allowed)";
    }

    /**
     * The statistics of every coefficient, in the model's parameter order (weights, then the intercept).
     *
     * @param engine     runs the one pass over the training data
     * @param objective  a single-output linear model whose loss is a {@link GlmFamily}
     * @param parameters the fitted model parameters (original feature scale)
     * @param l2         the L2 strength used in training, at least 0
     * @param l1         the L1 strength used in training: statistics are refused unless it is 0
     * @param names      the name of parameter {@code j}, for the table and for messages
     * @throws StatisticsRefusedException with L1, a loss without a likelihood, too few rows, or a singular
     *                                    information matrix (naming the first aliased column)
     */
    public static Table compute(ReductionEngine engine, LinearObjective objective,
                                                      double[] parameters, double l2, double l1,
                                                      IntFunction<String> names) {
        if (l1 != 0) {
            throw new StatisticsRefusedException(l1Refusal());
        }
        if (!(objective.loss() instanceof GlmFamily family) || objective.outputs() != 1) {
            throw new StatisticsRefusedException("--statistics needs a generalized linear model's likelihood; the "
                    + objective.loss().getClass().getSimpleName().replace("Loss", "").toLowerCase(java.util.Locale.ROOT)
                    + " objective has none (use least-squares or logistic, or leave --statistics out)");
        }
        int p = objective.dimension();
        LinearHessian reduction = new LinearHessian(objective, LinearHessian.Curvature.EXPECTED);
        PartialSums sums = engine.aggregate(reduction, parameters, true, "coefficient statistics");
        double[] vector = sums.vectorSum();
        // R's n.ok: rows of weight 0 carry no information and do not count as observations.
        long observations = reduction.positiveWeightRows(vector);
        long residualDf = observations - p;
        if (residualDf <= 0 && family.estimatesDispersion()) {
            throw new StatisticsRefusedException("--statistics needs more rows of positive weight than coefficients"
                    + " to estimate the dispersion: " + observations + " rows, " + p + " coefficients");
        }
        double[] ridge = new double[p];
        double penalty = sums.weightSum() * l2;
        for (int j = 0; j < objective.numFeatures(); j++) {
            ridge[j] = penalty;
        }
        SymmetricMatrix information = reduction.hessian(vector).scaledPlusDiagonal(1.0, ridge);
        // R's order: the intercept first, then the features.
        int[] order = new int[p];
        int first = objective.hasIntercept() ? 1 : 0;
        if (objective.hasIntercept()) {
            order[0] = p - 1;
        }
        for (int j = 0; j < objective.numFeatures(); j++) {
            order[first + j] = j;
        }
        SymmetricMatrix inverse;
        try {
            inverse = CholeskyFactor.of(information.permuted(order)).inverse();
        } catch (CholeskyFactor.NotPositiveDefiniteException e) {
            String column = names.apply(order[e.column()]);
            throw new StatisticsRefusedException("--statistics: the information matrix is singular at " + column
                    + ", which is (numerically) a linear combination of the columns before it (as R's glm would"
                    + " report it NA: e.g. a complete one-hot group beside the intercept, or a constant or duplicated"
                    + " column); drop that column, or add --reg-l2 to make the coefficients identifiable");
        }
        double dispersion = family.estimatesDispersion() ? reduction.pearsonChiSquare(vector) / residualDf : 1.0;
        RealDistribution distribution = family.estimatesDispersion()
                ? new TDistribution(null, residualDf, QUANTILE_ACCURACY)
                : new NormalDistribution(null, 0, 1, QUANTILE_ACCURACY);
        double quantile = distribution.inverseCumulativeProbability(0.5 + LEVEL / 2);
        CoefficientStatistics[] rows = new CoefficientStatistics[p];
        for (int i = 0; i < p; i++) {
            int j = order[i];
            double estimate = parameters[j];
            double se = Math.sqrt(dispersion * inverse.get(i, i));
            double statistic = estimate / se;
            double pValue = 2 * distribution.cumulativeProbability(-Math.abs(statistic));
            rows[j] = new CoefficientStatistics(names.apply(j), estimate, se, statistic, pValue,
                    estimate - quantile * se, estimate + quantile * se);
        }
        return new Table(List.of(rows), dispersion, residualDf, family.estimatesDispersion());
    }
}
