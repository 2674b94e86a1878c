package dev.fullbatch.train;

import dev.fullbatch.model.Activation;
import dev.fullbatch.model.NetworkShape;

/**
 * The starting point of a network from {@code --seed}: every weight uniform on {@code [-r, r]}, every bias 0.
 *
 * <p>Hidden layers feeding ReLU units use He's range {@code r = sqrt(6 / fan_in)} (variance {@code 2 / fan_in}, which
 * keeps the activations' scale through ReLUs); hidden layers feeding tanh or sigmoid units, and the output layer
 * (which feeds the loss, not a ReLU), use Glorot's {@code r = sqrt(6 / (fan_in + fan_out))}. The values are meant
 * for optimizer coordinates, where the inputs look standardized (see {@link NetworkParametrization}).
 *
 * <p>Weight {@code k} of the flat parameter vector is a hash of {@code (seed, k)} (SplitMix64's finalizer on a
 * counter), so the start depends on the seed and the shape only: never on partitioning, threads or the order in
 * which anything is drawn, and no shared random generator is involved. Only {@code +, *, sqrt} are used, which IEEE
 * 754 fixes to the bit. Stateless.
 */
public final class NetworkInitialization {
    /** Names this use of the seed, so the same seed elsewhere (data generation) gives unrelated numbers. */
    private static final long PURPOSE = 0x4E4554494E495431L;
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final double TO_UNIT = 0x1.0p-53;

    private NetworkInitialization() {
    }

    /** The initial parameters (optimizer coordinates) of {@code shape} for {@code seed}. */
    public static double[] draw(NetworkShape shape, long seed) {
        double[] x = new double[shape.dimension()];
        long key = mix(mix(seed) ^ PURPOSE);
        for (int l = 0; l < shape.layers(); l++) {
            double range = range(shape, l);
            int from = shape.weightOffset(l);
            int to = from + shape.inputs(l) * shape.outputs(l);
            for (int k = from; k < to; k++) {
                double u = (mix(key + (k + 1L) * GOLDEN_GAMMA) >>> 11) * TO_UNIT;
                x[k] = (2.0 * u - 1.0) * range;
            }
        }
        return x;
    }

    /** The half-width of layer l's uniform range. */
    static double range(NetworkShape shape, int layer) {
        double fanIn = shape.inputs(layer);
        double fanOut = shape.outputs(layer);
        boolean feedsRelu = layer < shape.layers() - 1 && shape.activation() == Activation.RELU;
        return Math.sqrt(6.0 / (feedsRelu ? fanIn : fanIn + fanOut));
    }

    /** SplitMix64's finalizer (Stafford's variant 13): a bijection spreading every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
