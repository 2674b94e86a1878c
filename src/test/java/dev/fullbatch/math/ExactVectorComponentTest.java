package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The per-component operations: moving one component's sum into another, the unrounded sum. */
class ExactVectorComponentTest {

    private static double wide(SplittableRandom random) {
        // magnitudes over many binades, both signs, so windows rise and spill
        return (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Math.scalb(1.0, random.nextInt(-80, 80));
    }

    @Test
    void exactValueIsTheUnroundedSumOfEveryValueAdded() {
        SplittableRandom random = new SplittableRandom(17);
        ExactVector v = new ExactVector(3);
        BigDecimal[] expected = {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
        for (int i = 0; i < 5000; i++) {
            int j = random.nextInt(3);
            double x = j == 2 ? Math.scalb(wide(random), random.nextInt(-1000, 900)) : wide(random);
            v.add(j, x);
            expected[j] = expected[j].add(new BigDecimal(x));
        }
        v.add(1, Double.MIN_VALUE);
        expected[1] = expected[1].add(new BigDecimal(Double.MIN_VALUE));
        for (int j = 0; j < 3; j++) {
            assertEquals(0, expected[j].compareTo(v.exactValue(j)), "component " + j);
        }
        assertEquals(0, BigDecimal.ZERO.compareTo(new ExactVector(1).exactValue(0)));
    }

    @Test
    void exactValueRefusesANonFiniteSum() {
        ExactVector v = new ExactVector(1);
        v.add(0, Double.POSITIVE_INFINITY);
        assertThrows(ArithmeticException.class, () -> v.exactValue(0));
    }

    @Test
    void mergeComponentMovesASumToAnotherIndexInTheStateDirectAddsWouldGive() {
        SplittableRandom random = new SplittableRandom(5);
        ExactVector source = new ExactVector(200);
        ExactVector target = new ExactVector(300);
        ExactVector direct = new ExactVector(300);
        for (int i = 0; i < 20_000; i++) {
            int j = random.nextInt(200);
            double x = random.nextInt(10) == 0 ? Math.scalb(wide(random), random.nextInt(-1000, 900))
                    : wide(random);
            source.add(j, x);
            direct.add(299 - j, x);
        }
        for (int i = 0; i < 3000; i++) {
            int j = random.nextInt(300);
            double x = wide(random);
            target.add(j, x);
            direct.add(j, x);
        }
        source.add(7, Double.NaN);
        direct.add(292, Double.NaN);
        for (int j = 0; j < 200; j++) {
            target.mergeComponent(299 - j, source, j);
        }
        for (int j = 0; j < 300; j++) {
            assertEquals(Double.doubleToLongBits(direct.get(j)), Double.doubleToLongBits(target.get(j)),
                    "component " + j);
        }
    }

    @Test
    void mergeComponentOfEqualIndicesIsMerge() {
        SplittableRandom random = new SplittableRandom(11);
        ExactVector a = new ExactVector(130);
        ExactVector b = new ExactVector(130);
        for (int i = 0; i < 10_000; i++) {
            (random.nextBoolean() ? a : b).add(random.nextInt(130), Math.scalb(wide(random), random.nextInt(-900,
                    900)));
        }
        ExactVector merged = new ExactVector(130);
        merged.merge(a);
        merged.merge(b);
        ExactVector byComponent = new ExactVector(130);
        for (int j = 0; j < 130; j++) {
            byComponent.mergeComponent(j, a, j);
            byComponent.mergeComponent(j, b, j);
        }
        assertEquals(merged, byComponent);
    }
    @Test
    void subtractComponentGivesTheStateOfAddingTheNegatedValues() {
        SplittableRandom random = new SplittableRandom(13);
        ExactVector source = new ExactVector(70);
        ExactVector target = new ExactVector(70);
        ExactVector direct = new ExactVector(70);
        for (int i = 0; i < 10_000; i++) {
            int j = random.nextInt(70);
            double x = Math.scalb(wide(random), random.nextInt(-900, 900));
            if (random.nextBoolean()) {
                source.add(j, x);
                direct.add(69 - j, -x);
            } else {
                target.add(j, x);
                direct.add(j, x);
            }
        }
        source.add(3, Double.NEGATIVE_INFINITY);
        direct.add(66, Double.POSITIVE_INFINITY);
        for (int j = 0; j < 70; j++) {
            target.subtractComponent(69 - j, source, j);
        }
        assertEquals(direct, target);
        ExactVector self = new ExactVector(1);
        self.add(0, 0.1);
        self.add(0, Math.scalb(1.0, -1000));
        self.subtractComponent(0, self, 0);
        assertEquals(0.0, self.get(0));
    }
}
