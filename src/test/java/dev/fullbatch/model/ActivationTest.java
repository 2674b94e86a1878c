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
