package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.model.Activation;
import dev.fullbatch.model.NetworkShape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkParametrizationTest {
    private static final NetworkShape SHAPE = new NetworkShape(3, List.of(4, 2), 2, Activation.TANH);
    private static final Standardization STANDARDIZATION = new Standardization(new double[] {5, -1, 0.5},
            new double[] {10, 0.1, 2});

    private static double[] random(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = rnd.nextDouble() * 2 - 1;
        }
        return v;
    }

    /** The first layer's pre-activations of one row, {@code W_0 x + b_0}, under model parameters p. */
    private static double[] firstLayer(double[] p, double[] x) {
        int h = SHAPE.outputs(0);
        double[] z = new double[h];
        for (int o = 0; o < h; o++) {
            z[o] = p[SHAPE.biasOffset(0) + o];
            for (int j = 0; j < x.length; j++) {
                z[o] += p[o * x.length + j] * x[j];
            }
        }
        return z;
    }

    @Test
    void firstLayerSeesStandardizedInputsAndDeeperLayersAreUntouched() {
        NetworkParametrization map = new NetworkParametrization(STANDARDIZATION, SHAPE);
        double[] x = random(SHAPE.dimension(), 1);
        double[] p = map.toModel(x);
        double[] row = {7, -1.3, 0.1};
        double[] standardized = new double[3];
        for (int j = 0; j < 3; j++) {
            standardized[j] = (row[j] - STANDARDIZATION.mean()[j]) / STANDARDIZATION.scale()[j];
        }
        double[] viaModel = firstLayer(p, row);
        double[] viaOptimizer = firstLayer(x, standardized);
        for (int o = 0; o < viaModel.length; o++) {
            assertEquals(viaOptimizer[o], viaModel[o], 1e-12);
        }
        for (int k = SHAPE.weightOffset(1); k < SHAPE.biasOffset(0); k++) {
            assertEquals(x[k], p[k]);
        }
        for (int k = SHAPE.biasOffset(1); k < SHAPE.dimension(); k++) {
            assertEquals(x[k], p[k]);
        }
        double[] back = map.toOptimizer(p);
        for (int k = 0; k < x.length; k++) {
            assertEquals(x[k], back[k], 1e-12);
        }
    }

    @Test
    void gradientTransformIsTheChainRuleOfToModel() {
        NetworkParametrization map = new NetworkParametrization(STANDARDIZATION, SHAPE);
        double[] x = random(SHAPE.dimension(), 2);
        double[] modelGradient = random(SHAPE.dimension(), 3);
        double[] g = map.gradientToOptimizer(modelGradient);
        // f(x) = modelGradient . toModel(x) is linear, so its gradient is exactly J^T modelGradient.
        for (int k = 0; k < x.length; k++) {
            double[] e = new double[x.length];
            e[k] = 1;
            double[] column = map.toModel(e);
            double expected = 0;
            for (int i = 0; i < column.length; i++) {
                expected += modelGradient[i] * column[i];
            }
            assertEquals(expected, g[k], 1e-12, "coordinate " + k);
        }
    }

    @Test
    void everyWeightIsPenalizedAndNoBias() {
        double[] c = new NetworkParametrization(STANDARDIZATION, SHAPE).penaltyScale();
        for (int k = 0; k < SHAPE.dimension(); k++) {
            if (k < 12) {
                assertEquals(1.0 / STANDARDIZATION.scale()[k % 3], c[k], "first-layer weight " + k);
            } else if (k < SHAPE.weightCount()) {
                assertEquals(1.0, c[k], "weight " + k);
            } else {
                assertEquals(0.0, c[k], "bias " + k);
            }
        }
    }

    @Test
    void initializationIsAFunctionOfSeedAndShapeWithTheRangesOfHeAndGlorot() {
        NetworkShape relu = new NetworkShape(50, List.of(40, 30), 3, Activation.RELU);
        double[] a = NetworkInitialization.draw(relu, 7);
        double[] b = NetworkInitialization.draw(relu, 7);
        double[] c = NetworkInitialization.draw(relu, 8);
        for (int k = 0; k < a.length; k++) {
            assertEquals(Double.doubleToRawLongBits(a[k]), Double.doubleToRawLongBits(b[k]));
        }
        assertNotEquals(a[0], c[0]);
        double[] expectedRange = {Math.sqrt(6.0 / 50), Math.sqrt(6.0 / 40), Math.sqrt(6.0 / 33)};
        for (int l = 0; l < relu.layers(); l++) {
            int from = relu.weightOffset(l);
            int n = relu.inputs(l) * relu.outputs(l);
            double max = 0;
            double sumSquares = 0;
            for (int k = from; k < from + n; k++) {
                max = Math.max(max, Math.abs(a[k]));
                sumSquares += a[k] * a[k];
            }
            double r = expectedRange[l];
            assertTrue(max <= r && max > 0.95 * r, "layer " + l + " spans its range: " + max + " vs " + r);
            // Uniform on [-r, r] has variance r^2 / 3; the mean of n squares has standard error r^2 sqrt(4/45/n).
            assertEquals(r * r / 3, sumSquares / n, 4 * r * r * Math.sqrt(4.0 / 45 / n), "layer " + l + " variance");
        }
        for (int k = relu.weightCount(); k < a.length; k++) {
            assertEquals(0.0, a[k], "biases start at 0");
        }
        NetworkShape tanh = new NetworkShape(50, List.of(40), 3, Activation.TANH);
        assertEquals(Math.sqrt(6.0 / 90), NetworkInitialization.range(tanh, 0));
    }
}
