package dev.fullbatch.export;

import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.Activation;
import dev.fullbatch.model.NetworkShape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What {@code predict} computes for one row of {@code numFeatures} features, as a description every export format
 * renders: the hidden layers in order (none for a linear model), the output layer giving the margins, and the
 * {@link Response} turning margins into the prediction (and probabilities). Immutable.
 *
 * <p>model.json stores weights on the features' original scale (training's standardization is a change of
 * variables that {@code train} undoes before writing), so nothing here rescales: the exported function takes the
 * raw features, as predict does.
 *
 * @param model what the model is, for descriptions and messages (e.g. "linear logistic model /tmp/m")
 * @param objective the objective's name in model.json (e.g. "logistic")
 * @param modelType "linear" or "mlp", as model.json names it
 * @param numFeatures d, the input width
 * @param hidden the hidden layers, input to output (empty for a linear model)
 * @param output the affine layer giving the margins
 * @param response how margins become predictions
 * @param featureNames the features' names in feature order when the model has them (the {@code --feature-cols} a
 *     model was trained on), else null
 */
public record PredictionFunction(String model, String objective, String modelType, int numFeatures,
                                 List<HiddenLayer> hidden, Affine output, Response response,
                                 List<String> featureNames) {

    /** A function whose features have no names. */
    public PredictionFunction(String model, String objective, String modelType, int numFeatures,
                              List<HiddenLayer> hidden, Affine output, Response response) {
        this(model, objective, modelType, numFeatures, hidden, output, response, null);
    }

    /** Validates that the layers chain from {@code numFeatures} inputs to the response's margins. */
    public PredictionFunction {
        Objects.requireNonNull(response, "response");
        hidden = List.copyOf(hidden);
        if (featureNames != null) {
            featureNames = List.copyOf(featureNames);
            if (featureNames.size() != numFeatures) {
                throw new IllegalArgumentException(featureNames.size() + " feature names for " + numFeatures
                        + " features");
            }
        }
        int width = numFeatures;
        for (HiddenLayer h : hidden) {
            if (h.affine().inputs() != width) {
                throw new IllegalArgumentException("a hidden layer takes " + h.affine().inputs() + " inputs after "
                        + width + " values");
            }
            width = h.affine().outputs();
        }
        if (output.inputs() != width) {
            throw new IllegalArgumentException("the output layer takes " + output.inputs() + " inputs after " + width
                    + " values");
        }
        if (response != Response.SOFTMAX && output.outputs() != 1) {
            throw new IllegalArgumentException(response + " reads one margin, the output layer gives "
                    + output.outputs());
        }
        if (response == Response.SOFTMAX && output.outputs() < 2) {
            throw new IllegalArgumentException("softmax needs at least 2 margins, got " + output.outputs());
        }
    }

    /** The number of margins: K for softmax, else 1. */
    public int margins() {
        return output.outputs();
    }

    /** Whether the model is one affine map (no hidden layers). */
    public boolean isLinear() {
        return hidden.isEmpty();
    }

    /**
     * The prediction function of a saved model.
     *
     * @param saved the content of model.json
     * @param where the model directory, for messages
     * @throws UnsupportedModelException when model.json describes a model this build cannot export (an unknown
     *     objective or model type, an unusable architecture, or parameter counts that do not match it)
     */
    public static PredictionFunction of(SavedModel saved, String where) {
        LossKind loss;
        try {
            loss = LossKind.fromName(saved.objective());
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("model " + where + ": " + e.getMessage()
                    + "; this build cannot export it");
        }
        // Exhaustive on purpose: a new objective must decide here how its prediction is computed.
        Response response = switch (loss) {
            case LEAST_SQUARES, HUBER -> Response.IDENTITY;
            case LOGISTIC, SQUARED_HINGE -> Response.LOGISTIC;
            case SOFTMAX -> Response.SOFTMAX;
            case POISSON, GAMMA, TWEEDIE -> Response.EXP;
        };
        int margins = response == Response.SOFTMAX ? saved.numClasses() : 1;
        if (margins < 1 || (response == Response.SOFTMAX && margins < 2)) {
            throw new UnsupportedModelException("model " + where + " is a softmax model with numClasses "
                    + saved.numClasses() + "; model.json is damaged or was edited");
        }
        List<Integer> widths;
        Activation activation;
        String type = saved.modelType();
        if (type.equals("linear")) {
            widths = List.of();
            activation = Activation.RELU; // unused: no hidden layer
        } else if (type.equals("mlp")) {
            try {
                widths = saved.hiddenWidths();
                activation = Activation.fromName(String.valueOf(saved.architecture().get("activation")));
            } catch (IllegalArgumentException e) {
                throw new UnsupportedModelException("model " + where + " has an unusable \"architecture\" ("
                        + e.getMessage() + ")");
            }
        } else {
            throw new UnsupportedModelException("model " + where + " is a '" + type + "' model; this build exports "
                    + "linear and mlp models");
        }
        NetworkShape shape;
        try {
            shape = new NetworkShape(saved.numFeatures(), widths, margins, activation);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedModelException("model " + where + " cannot be exported: " + e.getMessage());
        }
        double[] w = saved.weights();
        double[] b = saved.intercept();
        boolean noIntercept = type.equals("linear") && b.length == 0;
        int biases = shape.dimension() - shape.weightCount();
        if (w.length != shape.weightCount() || (b.length != biases && !noIntercept)) {
            throw new UnsupportedModelException("model " + where + " has " + w.length + " weights and " + b.length
                    + " intercepts, but its " + type + " model with " + saved.numFeatures() + " features needs "
                    + shape.weightCount() + " and " + biases + "; the file is damaged or was edited");
        }
        // NetworkShape's layout: every layer's weights in order, then every layer's biases in order.
        double[] params = Arrays.copyOf(w, shape.dimension());
        System.arraycopy(b, 0, params, w.length, b.length);
        List<HiddenLayer> hidden = new ArrayList<>();
        for (int l = 0; l < shape.layers() - 1; l++) {
            hidden.add(new HiddenLayer(layer(shape, l, params), activation));
        }
        Affine output = layer(shape, shape.layers() - 1, params);
        String name = type + " " + loss.cliName() + " model " + where;
        return new PredictionFunction(name, loss.cliName(), type, saved.numFeatures(), hidden, output, response,
                featureNames(saved));
    }

    /** Names no feature may take: the other fields and outputs of an exported model. */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("label", "offset", "prediction",
            "probability", "probabilities", "features");

    /**
     * The feature names a model was trained with: the {@code feature-cols} of its configuration (Parquet numeric
     * columns, in feature order) when there is one distinct, non-reserved name per feature; otherwise null.
     */
    static List<String> featureNames(SavedModel saved) {
        Object cols = saved.config().get("feature-cols");
        if (!(cols instanceof List<?> list) || list.size() != saved.numFeatures() || list.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String name) || name.isBlank() || RESERVED.contains(name)
                    || name.startsWith("probability_") || names.contains(name)) {
                return null;
            }
            names.add(name);
        }
        return names;
    }

    /** The name of feature {@code j} (0-based): its own, or {@code x1 .. xd}. */
    public String featureName(int j) {
        return featureNames != null ? featureNames.get(j) : "x" + (j + 1);
    }

    private static Affine layer(NetworkShape shape, int l, double[] params) {
        int in = shape.inputs(l);
        int out = shape.outputs(l);
        int w = shape.weightOffset(l);
        int b = shape.biasOffset(l);
        return new Affine(in, out, Arrays.copyOfRange(params, w, w + in * out),
                Arrays.copyOfRange(params, b, b + out));
    }
}
