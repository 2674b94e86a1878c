package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerStateTest {

    private static OptimizerState state(double[] x, Map<String, double[]> vectors, Map<String, Double> scalars) {
        return new OptimizerState("gd", 3, x, 1.5, new double[] {0.1, 0.2}, 0.2236, 0.5, 4, 2, vectors, scalars);
    }

    @Test
    void isImmutableAgainstChangesToInputsAndOutputs() {
        double[] x = {1, 2};
        double[] velocity = {3, 4};
        Map<String, double[]> vectors = new HashMap<>(Map.of("velocity", velocity));
        OptimizerState s = state(x, vectors, Map.of("t", 1.0));
        x[0] = 99;
        velocity[0] = 99;
        vectors.put("other", new double[] {0});
        s.x()[1] = 99;
        s.vectors().get("velocity")[1] = 99;
        assertEquals(1.0, s.x()[0]);
        assertEquals(2.0, s.x()[1]);
        assertEquals(List.of("velocity"), List.copyOf(s.vectors().keySet()));
        assertEquals(3.0, s.vector("velocity")[0]);
        assertEquals(4.0, s.vector("velocity")[1]);
        assertThrows(UnsupportedOperationException.class, () -> s.scalars().put("x", 1.0));
    }

    @Test
    void namesAreSortedAndEqualityComparesBits() {
        Map<String, Double> scalars = new HashMap<>();
        scalars.put("zeta", 1.0);
        scalars.put("alpha", 2.0);
        OptimizerState a = state(new double[] {1, 2}, Map.of("s1", new double[] {1}, "s0", new double[] {2}), scalars);
        OptimizerState b = state(new double[] {1, 2}, Map.of("s0", new double[] {2}, "s1", new double[] {1}), scalars);
        assertEquals(List.of("alpha", "zeta"), List.copyOf(a.scalars().keySet()));
        assertEquals(List.of("s0", "s1"), List.copyOf(a.vectors().keySet()));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        OptimizerState c = state(new double[] {1, Math.nextUp(2.0)}, Map.of(), scalars);
        assertNotEquals(a, c);
        OptimizerState d = state(new double[] {1, 2}, Map.of("s0", new double[] {2}, "s1", new double[] {-0.0}),
                scalars);
        OptimizerState e = state(new double[] {1, 2}, Map.of("s0", new double[] {2}, "s1", new double[] {0.0}),
                scalars);
        assertNotEquals(d, e, "-0.0 and 0.0 differ in bits");
    }

    @Test
    void rejectsInconsistentComponentsAndMissingNames() {
        assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState("gd", 0, new double[2], 0, new double[3], 0, 0, 1, 0, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new OptimizerState("gd", -1, new double[2], 0, new double[2], 0, 0, 1, 0, null, null));
        OptimizerState s = state(new double[2], null, null);
        assertTrue(s.vectors().isEmpty());
        assertEquals(7.0, s.scalarOr("missing", 7.0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.scalar("trialStep")).getMessage()
                .contains("trialStep"));
    }

    @Test
    void nonFiniteNumbersAreKeptAndReported() {
        OptimizerState s = new OptimizerState("gd", 1, new double[] {Double.NaN}, Double.POSITIVE_INFINITY,
                new double[] {1}, 1, 1, 2, 0, null, null);
        assertFalse(s.isFinite());
        assertTrue(Double.isNaN(s.x()[0]));
        assertTrue(state(new double[2], null, null).isFinite());
    }
}
