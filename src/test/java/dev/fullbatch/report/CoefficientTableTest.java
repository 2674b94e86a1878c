package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** coefficients.csv and the largest-coefficients lines. */
class CoefficientTableTest {

    @Test
    void csvListsTheInterceptThenEveryFeatureWithRoundTripNumbersAndQuotedNames() {
        CoefficientTable t = new CoefficientTable(List.of("age", "color=red", "a,b", "say \"hi\"", " pad"), 1,
                new double[] {0.1, -2.5, 0, 1e-300, Double.NaN}, new double[] {0.75},
                new double[] {0.01, 0.2, 0.3, 0.4, 0.5}, new double[] {0.05});
        assertEquals("name,index,coefficient,std_error\n"
                + "(Intercept),,0.75,0.05\n"
                + "age,0,0.1,0.01\n"
                + "color=red,1,-2.5,0.2\n"
                + "\"a,b\",2,0.0,0.3\n"
                + "\"say \"\"hi\"\"\",3,1.0E-300,0.4\n"
                + "\" pad\",4,NaN,0.5\n", t.csv());
    }

    @Test
    void softmaxHasOneColumnPerClass() {
        CoefficientTable t = new CoefficientTable(List.of("x0", "x1"), 3, new double[] {1, 2, 3, 4, 5, 6},
                new double[] {7, 8, 9});
        assertEquals("name,index,coefficient_0,coefficient_1,coefficient_2\n"
                + "(Intercept),,7.0,8.0,9.0\n"
                + "x0,0,1.0,3.0,5.0\n"
                + "x1,1,2.0,4.0,6.0\n", t.csv());
        assertEquals(List.of("x0", "x1"), CoefficientTable.indexNames(2));
        CoefficientTable noIntercept = new CoefficientTable(List.of("a"), 1, new double[] {1}, new double[0]);
        assertEquals("name,index,coefficient\na,0,1.0\n", noIntercept.csv());
        assertThrows(IllegalArgumentException.class, () -> new CoefficientTable(List.of("a"), 2, new double[] {1},
                new double[0]));
    }

    @Test
    void largestOrdersByMagnitudeThenIndexWithNaNLast() {
        CoefficientTable t = new CoefficientTable(List.of("a", "b", "c", "d", "e", "f"), 1,
                new double[] {0.5, -3, Double.NaN, 3, -0.5, 0}, new double[0]);
        assertArrayEquals(new int[] {1, 3, 0, 4, 5, 2}, t.largest(10));
        assertArrayEquals(new int[] {1, 3}, t.largest(2));
        CoefficientTable softmax = new CoefficientTable(List.of("a", "b"), 2, new double[] {1, -2, -5, 0},
                new double[] {0, 0});
        assertArrayEquals(new int[] {0, 1}, softmax.largest(2), "a's largest class coefficient is |-5|");
        // a random wide table: the same as sorting everything
        SplittableRandom random = new SplittableRandom(3);
        double[] w = new double[5000];
        for (int j = 0; j < w.length; j++) {
            w[j] = random.nextInt(100) - 50;
        }
        int[] top = new CoefficientTable(CoefficientTable.indexNames(w.length), 1, w, new double[0]).largest(100);
        Integer[] all = new Integer[w.length];
        for (int j = 0; j < w.length; j++) {
            all[j] = j;
        }
        java.util.Arrays.sort(all, (x, y) -> Math.abs(w[x]) != Math.abs(w[y])
                ? Double.compare(Math.abs(w[y]), Math.abs(w[x])) : Integer.compare(x, y));
        for (int i = 0; i < 100; i++) {
            assertEquals(all[i], top[i], "rank " + i);
        }
    }

    @Test
    void largestTextPrintsNamesInAColumnWithTheirCoefficients() {
        CoefficientTable t = new CoefficientTable(List.of("age", "color=red", "x"), 1,
                new double[] {-0.01234, 1.2345678, 0.5}, new double[] {1});
        assertEquals("largest coefficients by magnitude (2 of 3):\n"
                + "  color=red       1.23457\n"
                + "  x              0.500000\n", t.largestText(2));
        CoefficientTable softmax = new CoefficientTable(List.of("\u00e9t\u00e9", "b"), 2,
                new double[] {1, -2, -5, 0}, new double[] {0, 0});
        assertEquals("largest coefficients by magnitude (2 of 2, the largest over 2 classes):\n"
                + "  \u00e9t\u00e9       1.00000      -5.00000\n"
                + "  b        -2.00000       0.00000\n", softmax.largestText(10));
    }
}
