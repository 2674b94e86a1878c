package dev.fullbatch.train;

import dev.fullbatch.model.NetworkShape;

/**
 * The parametrization of a network ({@link NetworkShape}'s layout) with a {@link Standardization} folded into its
 * first layer, the way {@link LinearParametrization} folds it into a linear model: the optimizer's first-layer
 * weights are the model's times the feature scales, and its first-layer biases absorb the centring, so the first
 * hidden units see centred, unit-variance inputs while the data stays as it is. Deeper layers are the identity map.
 *
 * <p>This matters more for networks than for linear models: the initial weights (He or Glorot) assume unit-scale
 * inputs, and every unit of the first layer would otherwise inherit the features' scales. Penalties cover every
 * weight of every layer, never a bias. Immutable.
 */
public final class NetworkParametrization implements Parametrization {
    private final Standardization standardization;
    private final NetworkShape shape;

    /**
     * @param standardization per-feature centre and scale, for the shape's inputs
     * @param shape the architecture
     */
    public NetworkParametrization(Standardization standardization, NetworkShape shape) {
        if (standardization.numFeatures() != shape.numFeatures()) {
            throw new IllegalArgumentException("standardization covers " + standardization.numFeatures()
                    + " features, the network has " + shape.numFeatures() + " inputs");
        }
        this.standardization = standardization;
        this.shape = shape;
    }

    /** The standardization. */
    public Standardization standardization() {
        return standardization;
    }

    /** The architecture. */
    public NetworkShape shape() {
        return shape;
    }

    @Override
    public int dimension() {
        return shape.dimension();
    }

    @Override
    public double[] toModel(double[] x) {
        return mapFirstLayer(x, standardization::toModel);
    }

    @Override
    public double[] toOptimizer(double[] p) {
        return mapFirstLayer(p, standardization::toOptimizer);
    }

    @Override
    public double[] gradientToOptimizer(double[] modelGradient) {
        return mapFirstLayer(modelGradient, standardization::gradientToOptimizer);
    }

    @Override
    public double[] penaltyScale() {
        double[] c = new double[dimension()];
        int d = shape.numFeatures();
        double[] s = standardization.scale();
        int first = shape.outputs(0) * d;
        for (int k = 0; k < first; k++) {
            c[k] = 1.0 / s[k % d];
        }
        for (int k = first; k < shape.weightCount(); k++) {
            c[k] = 1.0;
        }
        return c;
    }

    /** One of Standardization's linear-model maps, applied to (W_0, b_0) and nothing else. */
    private interface FirstLayerMap {
        double[] apply(double[] weightsThenBiases, int outputs, boolean intercept);
    }

    private double[] mapFirstLayer(double[] v, FirstLayerMap map) {
        if (v.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " values, got " + v.length);
        }
        int h = shape.outputs(0);
        int weights = h * shape.numFeatures();
        int bias = shape.biasOffset(0);
        double[] first = new double[weights + h];
        System.arraycopy(v, 0, first, 0, weights);
        System.arraycopy(v, bias, first, weights, h);
        double[] mapped = map.apply(first, h, true);
        double[] result = v.clone();
        System.arraycopy(mapped, 0, result, 0, weights);
        System.arraycopy(mapped, weights, result, bias, h);
        return result;
    }
}
