package dev.fullbatch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.loss.HuberLoss;
import dev.fullbatch.loss.LeastSquaresLoss;
import dev.fullbatch.loss.LogisticLoss;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * Coefficient statistics against closed forms computed here in BigDecimal: least squares
 * {@code SE = sqrt(sigma^2 (X^T X)^-1)} with Student's t on 2 degrees of freedom (whose distribution function and
 * quantile have closed forms), logistic {@code SE = sqrt((X^T D X)^-1)} with the normal; and the refusals.
 */
class WaldStatisticsTest {
    private static final MathContext MC = new MathContext(60);
    private static final IntFunction<String> NAMES = j -> j == 2 ? "(Intercept)" : "x" + (j + 1);

    /** Rows (x1, x2, y), intercept implied. */
    static final double[][] LS_ROWS = {{1, 2, 3.1}, {2, 1, 3.9}, {3, 5, 9.2}, {4, 3, 8.1}, {5, 6, 12.8}};

    static List<Block> blocks(double[][] rows, double[] weights) {
        BlockBuilder b = BlockBuilder.dense(2);
        for (int i = 0; i < rows.length; i++) {
            b.addValue(0, rows[i][0]);
            b.addValue(1, rows[i][1]);
            b.endRow(rows[i][2], weights == null ? 1.0 : weights[i]);
        }
        // two blocks, so that the statistics see a real reduction
        Block all = b.build(0, 2, false, false);
        return List.of(all);
    }

    /** Inverse by Gauss-Jordan elimination at 60 digits. */
    static BigDecimal[][] inverse(BigDecimal[][] a) {
        int n = a.length;
        BigDecimal[][] m = new BigDecimal[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j];
                m[i][n + j] = i == j ? BigDecimal.ONE : BigDecimal.ZERO;
            }
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (m[r][c].abs().compareTo(m[pivot][c].abs()) > 0) {
                    pivot = r;
                }
            }
            BigDecimal[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            BigDecimal p = m[c][c];
            for (int j = 0; j < 2 * n; j++) {
                m[c][j] = m[c][j].divide(p, MC);
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    BigDecimal f = m[r][c];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] = m[r][j].subtract(f.multiply(m[c][j], MC), MC);
                    }
                }
            }
        }
        BigDecimal[][] inv = new BigDecimal[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }

    /** Row i's inputs in parameter order: x1, x2, 1. */
    static BigDecimal[] z(double[] row) {
        return new BigDecimal[] {new BigDecimal(row[0]), new BigDecimal(row[1]), BigDecimal.ONE};
    }

    static BigDecimal[][] gram(double[][] rows, double[] c) {
        BigDecimal[][] g = new BigDecimal[3][3];
        for (BigDecimal[] r : g) {
            java.util.Arrays.fill(r, BigDecimal.ZERO);
        }
        for (int i = 0; i < rows.length; i++) {
            BigDecimal[] zi = z(rows[i]);
            BigDecimal ci = new BigDecimal(c[i]);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    g[a][b] = g[a][b].add(ci.multiply(zi[a]).multiply(zi[b]));
                }
            }
        }
        return g;
    }

    @Test
    void leastSquaresStandardErrorsTValuesPValuesAndIntervalsAreTheClosedForms() {
        double[][] rows = LS_ROWS;
        double[] ones = {1, 1, 1, 1, 1};
        BigDecimal[][] inv = inverse(gram(rows, ones));
        // the exact least-squares estimate (X^T X)^-1 X^T y, rounded once
        double[] beta = new double[3];
        BigDecimal[] xty = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (double[] r : rows) {
            BigDecimal[] zi = z(r);
            for (int a = 0; a < 3; a++) {
                xty[a] = xty[a].add(zi[a].multiply(new BigDecimal(r[2])));
            }
        }
        BigDecimal[] exact = new BigDecimal[3];
        for (int a = 0; a < 3; a++) {
            exact[a] = BigDecimal.ZERO;
            for (int b = 0; b < 3; b++) {
                exact[a] = exact[a].add(inv[a][b].multiply(xty[b], MC), MC);
            }
            beta[a] = exact[a].doubleValue();
        }
        BigDecimal rss = BigDecimal.ZERO;
        for (double[] r : rows) {
            BigDecimal[] zi = z(r);
            BigDecimal fit = BigDecimal.ZERO;
            for (int a = 0; a < 3; a++) {
                fit = fit.add(zi[a].multiply(exact[a], MC), MC);
            }
            BigDecimal res = new BigDecimal(r[2]).subtract(fit, MC);
            rss = rss.add(res.multiply(res, MC), MC);
        }
        double sigma2 = rss.divide(new BigDecimal(2), MC).doubleValue(); // n - p = 5 - 3
        WaldStatistics.Table table = WaldStatistics.compute(new LocalReduction(blocks(rows, null)),
                new LinearObjective(new LeastSquaresLoss(), 2, true), beta, 0.0, 0.0, NAMES);
        assertEquals(2, table.residualDf());
        assertTrue(table.studentT());
        assertEquals(sigma2, table.dispersion(), 1e-10 * sigma2);
        double q = 0.95 / Math.sqrt(2 * 0.975 * 0.025); // t_2 quantile: (2p - 1) / sqrt(2 p (1 - p))
        for (int j = 0; j < 3; j++) {
            CoefficientStatistics c = table.coefficients().get(j);
            double se = Math.sqrt(sigma2 * inv[j][j].doubleValue());
            double t = beta[j] / se;
            double p = 1 - Math.abs(t) / Math.sqrt(2 + t * t); // two-sided tail of t on 2 degrees of freedom
            assertEquals(NAMES.apply(j), c.name());
            assertEquals(beta[j], c.estimate());
            assertEquals(se, c.standardError(), 1e-10 * se, "SE " + j);
            assertEquals(t, c.statistic(), 1e-10 * Math.abs(t), "t " + j);
            assertEquals(p, c.pValue(), 1e-10 * p, "p " + j);
            assertEquals(beta[j] - q * se, c.lower(), 1e-10 * q * se, "lower " + j);
            assertEquals(beta[j] + q * se, c.upper(), 1e-10 * q * se, "upper " + j);
        }
    }

    /** (x1, x2, label -1/+1). */
    static final double[][] LOGISTIC_ROWS = {{0.5, 1.2, 1}, {-1.0, 0.3, -1}, {2.0, -0.7, 1}, {0.1, 0.1, -1},
        {-0.4, 2.2, 1}, {1.5, 1.0, -1}, {-2.0, -1.0, -1}, {0.8, -1.5, 1}, {0.0, 0.9, 1}, {-1.3, 0.4, -1}};

    @Test
    void logisticStandardErrorsAreTheInverseFisherInformationWithL2OnTheWeights() {
        double[] p = {0.4, -0.3, 0.1};
        double[] weights = {1, 2, 1, 1, 0.5, 1, 1, 3, 1, 1};
        double l2 = 0.05;
        double[] c = new double[LOGISTIC_ROWS.length];
        double weightSum = 0;
        for (int i = 0; i < c.length; i++) {
            double m = p[0] * LOGISTIC_ROWS[i][0] + p[1] * LOGISTIC_ROWS[i][1] + p[2];
            double s = 1 / (1 + StrictMath.exp(-m));
            c[i] = weights[i] * s * (1 - s);
            weightSum += weights[i];
        }
        BigDecimal[][] info = gram(LOGISTIC_ROWS, c);
        for (int j = 0; j < 2; j++) {
            info[j][j] = info[j][j].add(new BigDecimal(weightSum * l2));
        }
        BigDecimal[][] inv = inverse(info);
        WaldStatistics.Table table = WaldStatistics.compute(new LocalReduction(blocks(LOGISTIC_ROWS, weights)),
                new LinearObjective(new LogisticLoss(), 2, true), p, l2, 0.0, NAMES);
        assertEquals(1.0, table.dispersion());
        assertTrue(!table.studentT());
        for (int j = 0; j < 3; j++) {
            CoefficientStatistics s = table.coefficients().get(j);
            double se = Math.sqrt(inv[j][j].doubleValue());
            assertEquals(se, s.standardError(), 1e-12 * se, "SE " + j);
            assertEquals(p[j] / se, s.statistic(), 1e-12 * Math.abs(p[j] / se));
            double z = 1.959963984540054; // the normal's 0.975 quantile
            assertEquals(p[j] - z * se, s.lower(), 1e-12 * se);
            assertTrue(s.pValue() > 0 && s.pValue() < 1);
        }
    }

    @Test
    void refusesASingularInformationMatrixNamingTheAliasedColumnAsRWould() {
        // x2 = 1 - x1 beside the intercept (a complete one-hot pair): R reports x2 as NA
        double[][] rows = {{1, 0, 2.0}, {0, 1, 3.0}, {1, 0, 2.5}, {0, 1, 1.0}, {1, 0, 0.5}};
        StatisticsRefusedException e = assertThrows(StatisticsRefusedException.class,
                () -> WaldStatistics.compute(new LocalReduction(blocks(rows, null)),
                        new LinearObjective(new LeastSquaresLoss(), 2, true), new double[] {0.1, 0.2, 1.0}, 0.0, 0.0,
                        NAMES));
        assertTrue(e.getMessage().contains("singular at x2"), e.getMessage());
    }

    @Test
    void refusesL1WithTheReasonAndLossesWithoutALikelihood() {
        LocalReduction engine = new LocalReduction(blocks(LS_ROWS, null));
        StatisticsRefusedException e = assertThrows(StatisticsRefusedException.class,
                () -> WaldStatistics.compute(engine, new LinearObjective(new LeastSquaresLoss(), 2, true),
                        new double[3], 0.0, 0.01, NAMES));
        assertTrue(e.getMessage().contains("--reg-l1") && e.getMessage().contains("lasso"), e.getMessage());
        e = assertThrows(StatisticsRefusedException.class,
                () -> WaldStatistics.compute(engine, new LinearObjective(new HuberLoss(1.0), 2, true),
                        new double[3], 0.0, 0.0, NAMES));
        assertTrue(e.getMessage().contains("huber"), e.getMessage());
    }

    @Test
    void rowsOfWeightZeroAreLeftOutOfTheResidualDegreesOfFreedomAsInR() {
        // R: glm(y ~ x1 + x2, weights = w) with w = 0 on added rows gives the table of the rows without them
        // (n.ok counts positive weights), so the dispersion and t quantile must not see the extra rows.
        double[][] more = java.util.Arrays.copyOf(LS_ROWS, LS_ROWS.length + 2);
        more[LS_ROWS.length] = new double[] {7, 1, 40.0};
        more[LS_ROWS.length + 1] = new double[] {-2, 9, -15.0};
        double[] weights = {1, 1, 1, 1, 1, 0, 0};
        LinearObjective model = new LinearObjective(new LeastSquaresLoss(), 2, true);
        double[] p = {1.1, 0.7, 0.3};
        WaldStatistics.Table without = WaldStatistics.compute(new LocalReduction(blocks(LS_ROWS, null)), model, p,
                0.0, 0.0, NAMES);
        WaldStatistics.Table zeroWeighted = WaldStatistics.compute(new LocalReduction(blocks(more, weights)), model,
                p, 0.0, 0.0, NAMES);
        assertEquals(2, zeroWeighted.residualDf());
        assertEquals(without, zeroWeighted);
    }
}
