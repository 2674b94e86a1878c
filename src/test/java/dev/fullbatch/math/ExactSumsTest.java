package dev.fullbatch.math;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ExactSums rounds the exact sum correctly, as ExactVector does, on its fast and its exact paths. */
class ExactSumsTest {

    private static void sameAsExactVector(ExactSums sums, ExactVector exact, String what) {
        for (int j = 0; j < exact.dimension(); j++) {
            assertEquals(Double.doubleToLongBits(exact.get(j)), Double.doubleToLongBits(sums.get(j)),
                    what + ", component " + j + ": " + exact.get(j) + " vs " + sums.get(j));
        }
    }

    @Test
    void getIsTheCorrectlyRoundedExactSumForValuesOfAnySpread() {
        SplittableRandom random = new SplittableRandom(1);
        for (int spread : new int[] {0, 4, 30, 60, 200}) {
            ExactSums sums = new ExactSums(8);
            ExactVector exact = new ExactVector(8);
            for (int i = 0; i < 20_000; i++) {
                int j = random.nextInt(8);
                double x = (random.nextInt(4) == 0 ? -1 : 1) * random.nextDouble()
                        * Math.scalb(1.0, spread == 0 ? 0 : random.nextInt(-spread, spread + 1));
                if (spread == 0) {
                    x = random.nextInt(1, 5); // integers: the fast path never rounds
                }
                sums.add(j, x);
                exact.add(j, x);
                if (i % 997 == 0) {
                    sameAsExactVector(sums, exact, "spread " + spread + " after " + i);
                }
            }
            sameAsExactVector(sums, exact, "spread " + spread);
        }
    }

    @Test
    void nearTiesAreRoundedFromTheExactSum() {
        // 1 + 2^-53 is a tie; a tiny rest on either side decides it, and the fast path must notice.
        double[][] cases = {
            {1.0, 0x1p-53, 0x1p-300}, {1.0, 0x1p-53, -0x1p-300}, {1.0, -0x1p-54, -0x1p-300},
            {1.0, -0x1p-54, 0x1p-300}, {0x1p52, 0.5, 0x1p-60}, {0x1p52, 0.5, -0x1p-60}, {1.0, 0x1p-53, 0x1p-53},
            {3.0, 0x1p-52, 0x1p-106}, {-1.0, -0x1p-53, -0x1p-200}, {Double.MAX_VALUE, Double.MAX_VALUE, -1e308},
        };
        for (double[] values : cases) {
            for (int rotation = 0; rotation < values.length; rotation++) {
                ExactSums sums = new ExactSums(1);
                ExactVector exact = new ExactVector(1);
                for (int k = 0; k < values.length; k++) {
                    double v = values[(k + rotation) % values.length];
                    sums.add(0, v);
                    exact.add(0, v);
                }
                sameAsExactVector(sums, exact, java.util.Arrays.toString(values) + " rotated " + rotation);
            }
        }
    }

    @Test
    void componentsMoveAndProductsAddExactly() {
        SplittableRandom random = new SplittableRandom(2);
        ExactSums source = new ExactSums(50);
        ExactSums target = new ExactSums(50);
        ExactVector exact = new ExactVector(50);
        BigDecimal product = BigDecimal.ZERO;
        for (int i = 0; i < 5000; i++) {
            int j = random.nextInt(50);
            double x = random.nextDouble() * Math.scalb(1.0, random.nextInt(-40, 40));
            source.add(j, x);
            if (random.nextBoolean()) {
                exact.add(49 - j, x);
            } else {
                exact.add(49 - j, -x);
            }
            double a = random.nextGaussian();
            double b = random.nextGaussian();
            target.addProduct(0, a, b);
            product = product.add(new BigDecimal(a).multiply(new BigDecimal(b)));
        }
        assertEquals(0, product.compareTo(target.exactValue(0)));
        // rebuild source's components with random signs, moved to mirrored indices
        SplittableRandom replay = new SplittableRandom(2);
        ExactSums moved = new ExactSums(50);
        ExactSums[] parts = new ExactSums[50];
        for (int j = 0; j < 50; j++) {
            parts[j] = new ExactSums(2); // component 0 added, 1 subtracted
        }
        for (int i = 0; i < 5000; i++) {
            int j = replay.nextInt(50);
            double x = replay.nextDouble() * Math.scalb(1.0, replay.nextInt(-40, 40));
            parts[j].add(replay.nextBoolean() ? 0 : 1, x);
            replay.nextGaussian();
            replay.nextGaussian();
        }
        for (int j = 0; j < 50; j++) {
            moved.addComponent(49 - j, parts[j], 0);
            moved.subtractComponent(49 - j, parts[j], 1);
        }
        sameAsExactVector(moved, exact, "moved");
    }
}
