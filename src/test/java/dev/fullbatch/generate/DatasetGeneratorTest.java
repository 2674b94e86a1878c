package dev.fullbatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static GeneratorSpec spec(Task task, long rows, int features, double density, int classes, double noise) {
        return new GeneratorSpec(task, rows, features, density, classes, noise, 20240611L, 1);
    }

    private static List<LibsvmRow> rows(DatasetGenerator generator) {
        List<LibsvmRow> parsed = new ArrayList<>();
        for (long i = 0; i < generator.spec().rows(); i++) {
            parsed.add(LibsvmRow.parse(generator.row(i), generator.spec().featureCount()));
        }
        return parsed;
    }

    private static Set<Double> labels(List<LibsvmRow> rows) {
        Set<Double> labels = new TreeSet<>();
        rows.forEach(r -> labels.add(r.label()));
        return labels;
    }

    @Test
    void rowDependsOnlyOnSpecWithoutPartitionsAndIndex() {
        GeneratorSpec one = spec(Task.BINARY, 500, 30, 0.3, 2, 0.5);
        DatasetGenerator a = new DatasetGenerator(one);
        DatasetGenerator b = new DatasetGenerator(one.withPartitions(7));
        for (long i = 499; i >= 0; i -= 3) {
            assertEquals(a.row(i), b.row(i));
            assertEquals(a.row(i), a.row(i), "a second call gives the same line");
        }
    }

    @Test
    void seedChangesRowsAndTruth() {
        GeneratorSpec base = spec(Task.REGRESSION, 10, 5, 1, 2, 0.1);
        GeneratorSpec other = new GeneratorSpec(Task.REGRESSION, 10, 5, 1, 2, 0.1, base.seed() + 1, 1);
        assertNotEquals(new DatasetGenerator(base).row(0), new DatasetGenerator(other).row(0));
        assertNotEquals(new DatasetGenerator(base).trueWeights()[0], new DatasetGenerator(other).trueWeights()[0]);
    }

    @Test
    void everyTaskWritesValidLibsvmWithItsLabelSet() {
        assertEquals(Set.of(-1.0, 1.0), labels(rows(new DatasetGenerator(spec(Task.BINARY, 2000, 10, 0.5, 0, 0.3)))));
        assertEquals(Set.of(0.0, 1.0, 2.0, 3.0),
                labels(rows(new DatasetGenerator(spec(Task.MULTICLASS, 2000, 10, 1, 4, 0.3)))));
        assertEquals(Set.of(-1.0, 1.0), labels(rows(new DatasetGenerator(spec(Task.CIRCLES, 2000, 10, 0.1, 0, 0.1)))));
        assertEquals(Set.of(-1.0, 1.0), labels(rows(new DatasetGenerator(spec(Task.XOR, 2000, 10, 0.1, 0, 0.1)))));
        List<LibsvmRow> regression = rows(new DatasetGenerator(spec(Task.REGRESSION, 2000, 10, 1, 0, 0.3)));
        assertTrue(labels(regression).size() > 1900, "regression labels are real numbers");
    }

    @Test
    void nonlinearTasksAlwaysWriteTwoFeatures() {
        for (Task task : List.of(Task.CIRCLES, Task.XOR)) {
            for (LibsvmRow row : rows(new DatasetGenerator(spec(task, 300, 50, 0.1, 0, 0.2)))) {
                assertEquals(2, row.indices().length, task + " " + row);
            }
        }
    }

    @Test
    void denseRowsHoldEveryIndex() {
        for (LibsvmRow row : rows(new DatasetGenerator(spec(Task.REGRESSION, 200, 17, 1, 0, 0.1)))) {
            assertEquals(17, row.indices().length);
            assertEquals(17, row.indices()[16]);
        }
    }

    @Test
    void sparseRowsHoldAboutDensityTimesFeaturesAtEveryPosition() {
        int features = 200;
        double density = 0.1;
        int rowCount = 3000;
        List<LibsvmRow> rows = rows(new DatasetGenerator(spec(Task.BINARY, rowCount, features, density, 0, 0.1)));
        long nonzeros = 0;
        int[] perIndex = new int[features + 1];
        for (LibsvmRow row : rows) {
            nonzeros += row.indices().length;
            for (int index : row.indices()) {
                perIndex[index]++;
            }
        }
        double mean = (double) nonzeros / rowCount;
        // Binomial(200, 0.1) per row: the mean over 3000 rows has standard deviation 0.08.
        assertEquals(features * density, mean, 0.5);
        assertTrue(perIndex[1] > 200 && perIndex[features] > 200,
                "first and last index appear about 300 times: " + perIndex[1] + ", " + perIndex[features]);
    }

    @Test
    void veryLowDensityStillWritesValidRows() {
        List<LibsvmRow> rows = rows(new DatasetGenerator(spec(Task.REGRESSION, 2000, 1_000_000, 2e-6, 0, 0.1)));
        long nonzeros = rows.stream().mapToLong(r -> r.indices().length).sum();
        assertTrue(nonzeros > 3000 && nonzeros < 5000, "about 2 per row: " + nonzeros);
    }

    @Test
    void noiselessRegressionLabelsEqualTheTrueLinearModelOfTheWrittenFeatures() {
        DatasetGenerator generator = new DatasetGenerator(spec(Task.REGRESSION, 1000, 40, 0.5, 0, 0));
        double[] w = generator.trueWeights();
        double b = generator.trueIntercept();
        assertEquals(40, w.length);
        double labelSquares = 0;
        for (LibsvmRow row : rows(generator)) {
            assertEquals(row.dot(w, 0) + b, row.label(), 5.1e-7, row.toString());
            labelSquares += row.label() * row.label();
        }
        assertTrue(labelSquares / 1000 > 0.5 && labelSquares / 1000 < 2.5,
                "the true score has about unit variance: " + labelSquares / 1000);
    }

    @Test
    void regressionNoiseIsGaussianWithTheGivenStandardDeviation() {
        DatasetGenerator generator = new DatasetGenerator(spec(Task.REGRESSION, 4000, 20, 1, 0, 0.3));
        double[] w = generator.trueWeights();
        double b = generator.trueIntercept();
        double sum = 0;
        double squares = 0;
        for (LibsvmRow row : rows(generator)) {
            double residual = row.label() - row.dot(w, 0) - b;
            sum += residual;
            squares += residual * residual;
        }
        assertEquals(0, sum / 4000, 0.03);
        assertEquals(0.3, Math.sqrt(squares / 4000), 0.02);
    }

    @Test
    void noiselessBinaryLabelsAreTheSignOfTheTrueMargin() {
        DatasetGenerator generator = new DatasetGenerator(spec(Task.BINARY, 2000, 25, 0.6, 0, 0));
        double[] w = generator.trueWeights();
        double b = generator.trueIntercept();
        for (LibsvmRow row : rows(generator)) {
            double margin = row.dot(w, 0) + b;
            if (Math.abs(margin) > 1e-9) {
                assertEquals(margin > 0 ? 1.0 : -1.0, row.label(), row.toString());
            }
        }
    }

    @Test
    void binaryNoiseOfOneFollowsTheLogisticModel() {
        DatasetGenerator generator = new DatasetGenerator(spec(Task.BINARY, 4000, 25, 1, 0, 1));
        double[] w = generator.trueWeights();
        double b = generator.trueIntercept();
        double expectedPositives = 0;
        int positives = 0;
        int disagreements = 0;
        for (LibsvmRow row : rows(generator)) {
            double margin = row.dot(w, 0) + b;
            expectedPositives += 1 / (1 + StrictMath.exp(-margin));
            positives += row.label() > 0 ? 1 : 0;
            disagreements += (margin > 0) != (row.label() > 0) ? 1 : 0;
        }
        assertEquals(expectedPositives, positives, 4 * Math.sqrt(4000 * 0.25));
        assertTrue(disagreements > 400, "noise 1 flips many labels: " + disagreements);
    }

    @Test
    void noiselessMulticlassLabelsAreTheArgmaxOfTheTrueScores() {
        int classes = 5;
        int features = 12;
        DatasetGenerator generator = new DatasetGenerator(spec(Task.MULTICLASS, 1500, features, 0.8, classes, 0));
        double[] w = generator.trueWeights();
        double[] c = generator.trueIntercepts();
        assertEquals(classes * features, w.length);
        assertEquals(classes, c.length);
        assertThrows(IllegalStateException.class, generator::trueIntercept);
        for (LibsvmRow row : rows(generator)) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            double secondScore = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double s = row.dot(w, k * features) + c[k];
                if (s > bestScore) {
                    secondScore = bestScore;
                    bestScore = s;
                    best = k;
                } else if (s > secondScore) {
                    secondScore = s;
                }
            }
            if (bestScore - secondScore > 1e-9) {
                assertEquals(best, (int) row.label(), row.toString());
            }
        }
    }

    @Test
    void noiselessCirclesLieOnTheirRing() {
        for (LibsvmRow row : rows(new DatasetGenerator(spec(Task.CIRCLES, 1000, 2, 1, 0, 0)))) {
            double radius = StrictMath.hypot(row.values()[0], row.values()[1]);
            assertEquals(row.label() > 0 ? 1.0 : 0.5, radius, 2e-6, row.toString());
        }
    }

    @Test
    void xorLabelsFollowTheProductSignFlippedAtTheNoiseRate() {
        int flipped = 0;
        int rowCount = 4000;
        for (LibsvmRow row : rows(new DatasetGenerator(spec(Task.XOR, rowCount, 2, 1, 0, 0.2)))) {
            assertTrue(Math.abs(row.values()[0]) <= 1 && Math.abs(row.values()[1]) <= 1, row.toString());
            boolean positive = row.values()[0] * row.values()[1] > 0;
            flipped += positive != (row.label() > 0) ? 1 : 0;
        }
        assertEquals(0.2 * rowCount, flipped, 4 * Math.sqrt(rowCount * 0.2 * 0.8));
        for (LibsvmRow row : rows(new DatasetGenerator(spec(Task.XOR, 500, 2, 1, 0, 0)))) {
            assertEquals(row.values()[0] * row.values()[1] > 0 ? 1.0 : -1.0, row.label(), row.toString());
        }
    }

    @Test
    void nonlinearTasksHaveNoTruthAndRowsOutsideTheSetAreRejected() {
        DatasetGenerator circles = new DatasetGenerator(spec(Task.CIRCLES, 10, 2, 1, 0, 0));
        assertThrows(IllegalStateException.class, circles::trueWeights);
        assertThrows(IllegalStateException.class, circles::trueIntercepts);
        assertThrows(IllegalArgumentException.class, () -> circles.row(10));
        assertThrows(IllegalArgumentException.class, () -> circles.row(-1));
        assertThrows(IllegalArgumentException.class, () -> new DatasetGenerator(null));
    }

    @Test
    void trueWeightsAreAFreshCopy() {
        DatasetGenerator generator = new DatasetGenerator(spec(Task.REGRESSION, 10, 3, 1, 0, 0));
        double[] w = generator.trueWeights();
        w[0] = 1234;
        assertNotEquals(1234, generator.trueWeights()[0]);
    }
}
