package dev.fullbatch.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture of a fully connected network: {@code numFeatures} inputs, hidden layers of the given widths with
 * one {@link Activation}, and {@code outputs} linear output units (the margins an
 * {@link dev.fullbatch.loss.OutputLoss} reads). Layer {@code l} ({@code 0 <= l < layers()}) is affine, from
 * {@link #inputs(int)} to {@link #outputs(int)} units.
 *
 * <p>Parameter layout (one flat vector): every layer's weight matrix in layer order, each {@code outputs(l) x
 * inputs(l)} row-major (one row per unit), then every layer's bias vector in layer order. Without hidden layers this
 * is exactly {@link LinearObjective}'s layout (K x d weights, then K intercepts). Immutable.
 *
 * @param numFeatures d, the input width, at least 1
 * @param hidden the hidden layer widths, each at least 1 (may be empty)
 * @param outputs the output width, at least 1
 * @param activation the hidden units' nonlinearity
 */
public record NetworkShape(int numFeatures, List<Integer> hidden, int outputs, Activation activation)
        implements Serializable {

    /** Validates and copies; the parameter count must fit a Java array. */
    public NetworkShape {
        if (numFeatures < 1) {
            throw new IllegalArgumentException("a network needs at least 1 input feature, got " + numFeatures);
        }
        if (outputs < 1) {
            throw new IllegalArgumentException("a network needs at least 1 output, got " + outputs);
        }
        if (activation == null) {
            throw new IllegalArgumentException("activation must not be null");
        }
        hidden = List.copyOf(hidden);
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden layer widths must be at least 1, got " + hidden);
            }
        }
        long count = parameterCount(numFeatures, hidden, outputs);
        if (count > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("a network of " + numFeatures + " inputs, hidden layers " + hidden
                    + " and " + outputs + " outputs has " + count + " parameters; at most " + (Integer.MAX_VALUE - 16)
                    + " fit in memory");
        }
    }

    /** The parameter count of a shape, as a long so that callers can check it before building anything. */
    public static long parameterCount(int numFeatures, List<Integer> hidden, int outputs) {
        long count = 0;
        long in = numFeatures;
        List<Integer> widths = new ArrayList<>(hidden);
        widths.add(outputs);
        for (int out : widths) {
            count += (in + 1) * out;
            in = out;
        }
        return count;
    }

    /** Number of affine layers: hidden layers plus the output layer. */
    public int layers() {
        return hidden.size() + 1;
    }

    /** The widths from input to output: {@code [d, h_1, ..., h_L, K]}. */
    public int[] widths() {
        int[] w = new int[hidden.size() + 2];
        w[0] = numFeatures;
        for (int l = 0; l < hidden.size(); l++) {
            w[l + 1] = hidden.get(l);
        }
        w[w.length - 1] = outputs;
        return w;
    }

    /** Input width of layer l. */
    public int inputs(int layer) {
        return layer == 0 ? numFeatures : hidden.get(layer - 1);
    }

    /** Output width of layer l. */
    public int outputs(int layer) {
        return layer == hidden.size() ? outputs : hidden.get(layer);
    }

    /** Where layer l's weight matrix starts in the parameter vector. */
    public int weightOffset(int layer) {
        int offset = 0;
        for (int l = 0; l < layer; l++) {
            offset += inputs(l) * outputs(l);
        }
        return offset;
    }

    /** The number of weights (all layers); the biases follow them. */
    public int weightCount() {
        return weightOffset(layers());
    }

    /** Where layer l's bias vector starts in the parameter vector. */
    public int biasOffset(int layer) {
        int offset = weightCount();
        for (int l = 0; l < layer; l++) {
            offset += outputs(l);
        }
        return offset;
    }

    /** The number of parameters. */
    public int dimension() {
        return biasOffset(layers());
    }
}
