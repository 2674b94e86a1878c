package dev.fullbatch.generate;

/**
 * The true linear model behind the regression, binary and multiclass tasks, a pure function of the spec.
 *
 * <p>Weight (k, j) is uniform on [-sqrt(3), sqrt(3)] / sqrt(max(1, D * density)): unit variance before the scale, so
 * that with standard normal features the true score x.w* has about unit variance whatever D and the density are,
 * which keeps {@code --noise} meaningful on one scale. Intercepts are uniform on [-0.5, 0.5]. Weights are hashed
 * from (seed, k * D + j) rather than stored, so a data set with millions of features needs no weight table on the
 * executors; {@link #weightMatrix()} materializes them when asked.
 */
final class GroundTruth {
    private static final long WEIGHT_PURPOSE = 0x5745494748545321L;
    private static final long INTERCEPT_PURPOSE = 0x494E544552434550L;
    private static final double INTERCEPT_HALF_WIDTH = 0.5;

    private final int features;
    private final long weightKey;
    private final double weightHalfWidth;
    private final double[] intercepts;

    GroundTruth(GeneratorSpec spec) {
        this.features = spec.features();
        this.weightKey = CounterRandom.key(spec.seed(), WEIGHT_PURPOSE);
        double expectedNonzeros = Math.max(1.0, spec.features() * spec.density());
        this.weightHalfWidth = StrictMath.sqrt(3.0 / expectedNonzeros);
        long interceptKey = CounterRandom.key(spec.seed(), INTERCEPT_PURPOSE);
        this.intercepts = new double[spec.outputCount()];
        for (int k = 0; k < intercepts.length; k++) {
            double u = CounterRandom.unitFromHash(CounterRandom.mix(interceptKey + k * CounterRandom.GOLDEN_GAMMA));
            intercepts[k] = INTERCEPT_HALF_WIDTH * (2 * u - 1);
        }
    }

    /** The true weight of output {@code output} (0-based class, 0 for single-output tasks) on 0-based feature. */
    double weight(int output, int feature) {
        long counter = (long) output * features + feature;
        double u = CounterRandom.unitFromHash(CounterRandom.mix(weightKey + counter * CounterRandom.GOLDEN_GAMMA));
        return weightHalfWidth * (2 * u - 1);
    }

    double intercept(int output) {
        return intercepts[output];
    }

    int outputCount() {
        return intercepts.length;
    }

    /** All weights, row-major by output (K x D); a fresh array. */
    double[] weightMatrix() {
        long size = (long) intercepts.length * features;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the true weights have " + size + " entries, too many for one array");
        }
        double[] all = new double[(int) size];
        for (int k = 0; k < intercepts.length; k++) {
            for (int j = 0; j < features; j++) {
                all[k * features + j] = weight(k, j);
            }
        }
        return all;
    }

    double[] interceptVector() {
        return intercepts.clone();
    }
}
