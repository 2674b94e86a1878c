package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The activations as the kernels apply them: values, special cases and slopes. */
class ActivationTest {
    private static final MathContext WIDE = new MathContext(60);

    private static double[] applied(Activation a, double... z) {
        double[] v = z.clone();
        a.applyInPlace(v, 0, v.length);
        return v;
    }

    /** 1 / (1 + e^-z) from a 60-digit e^-z (Taylor series of e^(-z/2^12), squared 12 times). */
    private static double exactSigmoid(double z) {
        BigDecimal y = new BigDecimal(-z).divide(BigDecimal.valueOf(4096), WIDE);
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        for (int n = 1; n < 40; n++) {
            term = term.multiply(y, WIDE).divide(BigDecimal.valueOf(n), WIDE);
            sum = sum.add(term, WIDE);
        }
        for (int i = 0; i < 12; i++) {
            sum = sum.multiply(sum, WIDE);
        }
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(sum), WIDE).doubleValue();
    }

    @Test
    void sigmoidIsWithinThreeUlpsOfTheExactValueOnBothSides() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < 2000; i++) {
            double z = 80 * rnd.nextDouble() - 40;
            double got = applied(Activation.SIGMOID, z)[0];
            double exact = exactSigmoid(z);
            assertTrue(Math.abs(got - exact) <= 3 * Math.ulp(exact), "sigmoid(" + z + ") = " + got + ", exact " + exact);
        }
    }

    @Test
    void saturatingInputsAndNaNBehave() {
        double[] s = applied(Activation.SIGMOID, 0.0, -0.0, 800, -800, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NaN);
        assertEquals(0.5, s[0]);
        assertEquals(0.5, s[1]);
        assertEquals(1.0, s[2]);
        assertEquals(0.0, s[3]);
        assertEquals(1.0, s[4]);
        assertEquals(0.0, s[5]);
        assertTrue(Double.isNaN(s[6]));
        double[] r = applied(Activation.RELU, -3, -0.0, 0.0, 2.5, Double.NaN);
        assertEquals(0.0, r[0]);
        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(r[1]), "relu(-0) is +0");
        assertEquals(2.5, r[3]);
        assertTrue(Double.isNaN(r[4]), "a diverged unit stays NaN");
        double[] t = applied(Activation.TANH, 30, -30, 0.5);
        assertEquals(1.0, t[0]);
        assertEquals(-1.0, t[1]);
        assertEquals(StrictMath.tanh(0.5), t[2], 2 * Math.ulp(t[2]));
    }

    @Test
    void vectorSigmoidGivesTheScalarBitsEverywhere() {
        assertTrue(DenseKernels.VECTOR, "run the tests with --add-modules=jdk.incubator.vector");
        double[] special = {0.0, -0.0, 700, -700, Math.nextUp(700.0), Math.nextDown(-700.0), 745, -745, 800, -800,
            1e300, -1e300, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, 1e-300, -1e-20,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -Double.NaN, 36.7, -36.7, 709.7, -709.7};
        SplittableRandom rnd = new SplittableRandom(17);
        for (int trial = 0; trial < 4000; trial++) {
            int from = rnd.nextInt(4);
            int n = rnd.nextInt(40);
            double[] v = new double[from + n + rnd.nextInt(3)];
            for (int q = 0; q < v.length; q++) {
                v[q] = switch (rnd.nextInt(6)) {
                    case 0 -> special[rnd.nextInt(special.length)];
                    case 1 -> (rnd.nextBoolean() ? 1 : -1) * 700 * rnd.nextDouble();
                    case 2 -> (rnd.nextBoolean() ? 1 : -1) * Math.scalb(rnd.nextDouble(), -rnd.nextInt(60));
                    default -> 16 * rnd.nextDouble() - 8;
                };
            }
            double[] expected = v.clone();
            for (int q = from; q < from + n; q++) {
                expected[q] = Activation.sigmoid(v[q]);
            }
            VectorActivation.sigmoidInPlace(v, from, n, new double[n]);
            for (int q = 0; q < v.length; q++) {
                assertEquals(Double.doubleToRawLongBits(expected[q]), Double.doubleToRawLongBits(v[q]),
                        "element " + q + " of " + from + "+" + n);
            }
        }
        // Every exponent table entry and the neighbourhood of each rounding boundary of n = round(32 z / ln 2).
        double[] grid = new double[4 * 32 * 40];
        for (int q = 0; q < grid.length; q++) {
            double z = -(q / 4) * Math.log(2) / 32;
            grid[q] = q % 4 == 0 ? z : q % 4 == 1 ? Math.nextUp(z + Math.log(2) / 64)
                    : q % 4 == 2 ? Math.nextDown(z + Math.log(2) / 64) : -z;
        }
        double[] expected = grid.clone();
        for (int q = 0; q < grid.length; q++) {
            expected[q] = Activation.sigmoid(grid[q]);
        }
        VectorActivation.sigmoidInPlace(grid, 0, grid.length, new double[grid.length]);
        for (int q = 0; q < grid.length; q++) {
            assertEquals(Double.doubleToRawLongBits(expected[q]), Double.doubleToRawLongBits(grid[q]), "grid " + q);
        }
    }

    @Test
    void slopesAreTakenFromTheOutputs() {
        double[] outputs = {0.0, 2.0, 0.25};
        double[] delta = {5, 5, 5};
        Activation.RELU.multiplyBySlope(delta, outputs, 0, 3);
        assertEquals(0.0, delta[0], "relu'(0) is 0");
        assertEquals(5.0, delta[1]);
        double[] d2 = {2, 2, 2};
        Activation.SIGMOID.multiplyBySlope(d2, outputs, 2, 1);
        assertEquals(2 * 0.25 * 0.75, d2[2]);
        assertEquals(2.0, d2[0], "outside the range nothing changes");
        double[] d3 = {3};
        Activation.TANH.multiplyBySlope(d3, new double[] {0.5}, 0, 1);
        assertEquals(3 * 0.75, d3[0]);
    }
}
