package dev.fullbatch.export;

/**
 * One affine map {@code y = W x + b} from {@code inputs} to {@code outputs} values, on the features as given (a
 * model's standardization is already folded into its saved weights). Immutable.
 *
 * @param inputs the input width, at least 1
 * @param outputs the output width, at least 1
 * @param weights {@code outputs x inputs}, row-major (one row per output unit)
 * @param bias {@code outputs} values (zeros for a model trained without intercept)
 */
public record Affine(int inputs, int outputs, double[] weights, double[] bias) {

    /** Validates the sizes and copies the arrays. */
    public Affine {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("an affine layer needs at least 1 input and 1 output, got " + inputs
                    + " x " + outputs);
        }
        if ((long) inputs * outputs != weights.length || bias.length != outputs) {
            throw new IllegalArgumentException("a " + outputs + " x " + inputs + " affine layer needs "
                    + (long) inputs * outputs + " weights and " + outputs + " biases, got " + weights.length + " and "
                    + bias.length);
        }
        weights = weights.clone();
        bias = bias.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] bias() {
        return bias.clone();
    }

    /** The weight of output {@code unit} on input {@code input}. */
    public double weight(int unit, int input) {
        return weights[unit * inputs + input];
    }

    /** The bias of output {@code unit}. */
    public double bias(int unit) {
        return bias[unit];
    }
}
