package dev.fullbatch.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The log-link families against their textbook formulas written independently here with {@link StrictMath}: the
 * loss, its derivative and curvature (also against finite differences), the unit deviance (R's dev.resids, and twice
 * the loss above its minimum at {@code mu = y}), and their behaviour at extreme margins and zero weights.
 */
class LogLinkLossTest {

    private static final List<LogLinkLoss> LOSSES = List.of(new PoissonLoss(), new GammaLoss(), new TweedieLoss(1.5),
            new TweedieLoss(1.2));

    /** The contract's formula of each loss, with StrictMath. */
    private static double formula(LogLinkLoss loss, double y, double m) {
        double p = loss.variancePower();
        if (p == 1) {
            return StrictMath.exp(m) - y * m;
        }
        if (p == 2) {
            return y * StrictMath.exp(-m) + m;
        }
        return -y * StrictMath.exp((1 - p) * m) / (1 - p) + StrictMath.exp((2 - p) * m) / (2 - p);
    }

    /** R's dev.resids(y, mu, 1) as R writes it: poisson(), Gamma(), statmod's tweedie(). */
    private static double rDeviance(LogLinkLoss loss, double y, double mu) {
        double p = loss.variancePower();
        if (p == 1) {
            return y > 0 ? 2 * (y * StrictMath.log(y / mu) - (y - mu)) : 2 * mu;
        }
        if (p == 2) {
            return -2 * (StrictMath.log(y / mu) - (y - mu) / mu);
        }
        double y1 = y + (y == 0 ? 0.1 : 0);
        double theta = (StrictMath.pow(y1, 1 - p) - StrictMath.pow(mu, 1 - p)) / (1 - p);
        double kappa = (StrictMath.pow(y, 2 - p) - StrictMath.pow(mu, 2 - p)) / (2 - p);
        return 2 * (y * theta - kappa);
    }

    private static double label(LogLinkLoss loss, SplittableRandom random) {
        if (loss instanceof PoissonLoss) {
            return random.nextInt(6);
        }
        if (loss instanceof GammaLoss) {
            return 0.05 + 4 * random.nextDouble();
        }
        return random.nextInt(3) == 0 ? 0.0 : 3 * random.nextDouble();
    }

    @Test
    void lossDerivativeAndCurvatureMatchTheFormulasAndFiniteDifferences() {
        SplittableRandom random = new SplittableRandom(3);
        for (LogLinkLoss loss : LOSSES) {
            int n = 40;
            double[] labels = new double[n + 3];
            double[] weights = new double[n + 3];
            double[] margins = new double[n];
            for (int i = 0; i < n + 3; i++) {
                labels[i] = label(loss, random);
                weights[i] = random.nextInt(5) == 0 ? 0.0 : 0.25 + 2 * random.nextDouble();
            }
            for (int i = 0; i < n; i++) {
                margins[i] = 4 * random.nextDouble() - 2;
            }
            double[] derivatives = new double[n];
            double[] curvatures = new double[n];
            double sum = loss.evaluate(labels, weights, 3, n, margins, derivatives);
            loss.curvatures(labels, weights, 3, n, margins, curvatures);
            double expected = 0;
            for (int i = 0; i < n; i++) {
                double y = labels[3 + i];
                double w = weights[3 + i];
                double m = margins[i];
                expected += w * formula(loss, y, m);
                double h = 1e-5;
                double slope = (formula(loss, y, m + h) - formula(loss, y, m - h)) / (2 * h);
                double bend = (formula(loss, y, m + h) - 2 * formula(loss, y, m) + formula(loss, y, m - h)) / (h * h);
                String what = loss.getClass().getSimpleName() + " p=" + loss.variancePower() + " row " + i;
                assertEquals(w * slope, derivatives[i], 1e-8 * (1 + Math.abs(slope)), what);
                assertEquals(w * bend, curvatures[i], 1e-4 * (1 + Math.abs(bend)), what);
                assertTrue(curvatures[i] >= 0, what + ": the loss is convex");
            }
            assertEquals(expected, sum, 1e-13 * Math.abs(expected));
            double[] direction = new double[n];
            double[] product = new double[n];
            for (int i = 0; i < n; i++) {
                direction[i] = random.nextGaussian();
            }
            loss.hessianTimes(labels, weights, 3, n, margins, direction, product);
            for (int i = 0; i < n; i++) {
                assertEquals(curvatures[i] * direction[i], product[i], 1e-15 * Math.abs(product[i]));
            }
        }
    }

    @Test
    void theDerivativeVanishesWhereTheMeanEqualsThePositiveLabel() {
        for (LogLinkLoss loss : LOSSES) {
            for (double y : new double[] {0.01, 0.7, 1, 3, 250}) {
                double[] d = new double[1];
                loss.evaluate(new double[] {y}, null, 0, 1, new double[] {StrictMath.log(y)}, d);
                assertEquals(0.0, d[0], 1e-14 * Math.max(1, y), loss + " y=" + y);
            }
        }
    }

    @Test
    void unitDevianceIsRsDevResidsAndTwiceTheLossAboveItsMinimum() {
        SplittableRandom random = new SplittableRandom(9);
        for (LogLinkLoss loss : LOSSES) {
            for (int t = 0; t < 200; t++) {
                double y = label(loss, random);
                double m = 6 * random.nextDouble() - 3;
                double mu = StrictMath.exp(m);
                double deviance = loss.unitDeviance(y, m);
                String what = loss.getClass().getSimpleName() + " p=" + loss.variancePower() + " y=" + y + " m=" + m;
                assertEquals(rDeviance(loss, y, mu), deviance, 1e-12 * (1 + Math.abs(deviance)), what);
                if (y > 0) {
                    // the saturated model's loss is the loss at m = ln y
                    double twice = 2 * (formula(loss, y, m) - formula(loss, y, StrictMath.log(y)));
                    assertEquals(twice, deviance, 1e-12 * (1 + Math.abs(deviance)), what);
                }
                assertTrue(deviance >= 0, what);
            }
            assertEquals(0.0, loss.unitDeviance(2.5, StrictMath.log(2.5)), 1e-15, loss.toString());
        }
    }

    @Test
    void extremeMarginsGiveInfinityNeverNaNAndZeroWeightsAddNothing() {
        double[] margins = {800, -800, 1e300, -1e300, 0};
        for (LogLinkLoss loss : LOSSES) {
            double y = loss instanceof GammaLoss ? 2.0 : 0.0;
            for (double m : margins) {
                double[] d = new double[1];
                double value = loss.evaluate(new double[] {y}, null, 0, 1, new double[] {m}, d);
                double[] h = new double[1];
                loss.curvatures(new double[] {y}, null, 0, 1, new double[] {m}, h);
                String what = loss.getClass().getSimpleName() + " y=" + y + " m=" + m;
                assertFalse(Double.isNaN(value) || Double.isNaN(d[0]) || Double.isNaN(h[0]), what);
                assertFalse(Double.isNaN(loss.unitDeviance(y, m)), what);
                // the mean overflows (Poisson, Tweedie) or y / mu does (Gamma): the loss is infinite, and finite
                // the other way (the margin itself for Gamma, 0 for a zero label)
                double exponent = loss instanceof GammaLoss ? -m : (2 - loss.variancePower()) * m;
                boolean overflows = exponent > 709.79;
                assertEquals(overflows, value == Double.POSITIVE_INFINITY, what + " gave " + value);
                double[] dz = {5};
                assertEquals(0.0, loss.evaluate(new double[] {y}, new double[] {0.0}, 0, 1, new double[] {m}, dz),
                        0.0, what + " weight 0");
                assertEquals(0.0, dz[0], 0.0, what + " weight 0");
            }
        }
    }

    @Test
    void lossKindsBuildTheFamiliesAndTheTweediePowerIsChecked() {
        assertTrue(LossKind.fromName("poisson").create(0, 1) instanceof PoissonLoss);
        assertTrue(LossKind.fromName("gamma").create(0, 1) instanceof GammaLoss);
        assertEquals(1.3, ((LogLinkLoss) LossKind.fromName("tweedie").create(0, 1, 1.3)).variancePower());
        for (double p : new double[] {1.0, 2.0, 0.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LossKind.TWEEDIE.create(0, 1, p));
            assertTrue(e.getMessage().contains("strictly between 1 and 2"), e.getMessage());
        }
        assertTrue(LossKind.POISSON.isLogLink() && LossKind.GAMMA.isLogLink() && LossKind.TWEEDIE.isLogLink());
        assertFalse(LossKind.LEAST_SQUARES.isLogLink() || LossKind.POISSON.isClassification());
        assertEquals("least-squares, logistic, softmax, huber, squared-hinge, poisson, gamma, tweedie",
                LossKind.names());
    }
}
