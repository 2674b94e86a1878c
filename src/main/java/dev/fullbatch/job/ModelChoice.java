package dev.fullbatch.job;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.ClassWeights;
import dev.fullbatch.optim.CoefficientBounds;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.loss.OutputLoss;
import dev.fullbatch.model.Activation;
import dev.fullbatch.model.BlockObjective;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.NetworkObjective;
import dev.fullbatch.model.NetworkShape;
import dev.fullbatch.train.LinearParametrization;
import dev.fullbatch.train.NetworkInitialization;
import dev.fullbatch.train.NetworkParametrization;
import dev.fullbatch.train.Parametrization;
import dev.fullbatch.train.Standardization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model a run fits ({@code --model}, {@code --hidden}, {@code --activation}) made concrete for its data, one case
 * per layout ({@link Linear}, {@link Network}): the objective the engine sums, the parametrization the optimizer works
 * in, the starting point, and how the parameters are written to and read back from model.json. Immutable.
 *
 * <p>Both layouts keep all weights then all intercepts (biases): model.json's {@code weights} holds the former (a
 * network's layer matrices in order, each row-major by unit) and {@code intercept} the latter (a network's bias
 * vectors in layer order). A network's {@code architecture} entry names its layer widths, activation and output
 * unit, which is all predict needs to rebuild it.
 */
sealed interface ModelChoice {
    /** {@code --model} values. */
    String LINEAR = "linear";
    String MLP = "mlp";

    /**
     * A linear model: one weight per feature and output, and an intercept per output when fitted.
     *
     * @param objective the data term
     * @param kind the objective's kind
     */
    record Linear(LinearObjective objective, LossKind kind) implements ModelChoice {
        @Override
        public String type() {
            return LINEAR;
        }

        @Override
        public Parametrization parametrization(Standardization standardization) {
            return new LinearParametrization(standardization, objective.outputs(), objective.hasIntercept());
        }

        /** Zero: the objective is convex, so any start reaches the optimum. */
        @Override
        public double[] initialPoint() {
            return new double[objective.dimension()];
        }

        @Override
        public int weightCount() {
            return objective.outputs() * objective.numFeatures();
        }

        /** Empty: the feature count and the objective say everything. */
        @Override
        public Map<String, Object> architecture() {
            return Map.of();
        }
    }

    /**
     * A fully connected network.
     *
     * @param objective the data term
     * @param shape its layers
     * @param kind the objective's kind
     * @param seed the seed of the initial weights
     */
    record Network(NetworkObjective objective, NetworkShape shape, LossKind kind, long seed) implements ModelChoice {
        @Override
        public String type() {
            return MLP;
        }

        /** The standardization folded into the first layer. */
        @Override
        public Parametrization parametrization(Standardization standardization) {
            return new NetworkParametrization(standardization, shape);
        }

        /** He or Glorot weights from {@code --seed}: at zero every hidden unit would stay identical. */
        @Override
        public double[] initialPoint() {
            return NetworkInitialization.draw(shape, seed);
        }

        @Override
        public int weightCount() {
            return shape.weightCount();
        }

        @Override
        public Map<String, Object> architecture() {
            Map<String, Object> m = new LinkedHashMap<>();
            List<Integer> widths = new ArrayList<>();
            for (int w : shape.widths()) {
                widths.add(w);
            }
            m.put("layers", widths);
            m.put("hidden", shape.hidden());
            m.put("activation", shape.activation().cliName());
            m.put("output", switch (kind) {
                case SOFTMAX -> "softmax";
                case LOGISTIC, SQUARED_HINGE -> "logistic";
                case LEAST_SQUARES, HUBER -> "linear";
                case POISSON, GAMMA, TWEEDIE -> "exp";
            });
            m.put("parameters", shape.dimension());
            return m;
        }
    }

    /**
     * The model {@code train} asked for, on data with {@code numFeatures} columns.
     *
     * @param classes the class count (softmax), as checked against the labels
     * @param dataUri the training data, for messages
     * @throws BadInputException when the data cannot feed a network (no feature columns)
     * @throws UsageException when the network would not fit in memory
     */
    static ModelChoice forTraining(ModelSpec spec, int numFeatures, int classes, String dataUri) {
        return forTraining(spec, GlmSettings.none(), null, numFeatures, classes, dataUri);
    }

    /**
     * As above with issue 16's options.
     *
     * @param glm the Tweedie power (read by tweedie only)
     * @param classWeights the class weights resolved against the training labels, or null for none
     */
    static ModelChoice forTraining(ModelSpec spec, GlmSettings glm, ClassWeights classWeights, int numFeatures,
                                   int classes, String dataUri) {
        OutputLoss outputLoss = spec.loss().create(classes, spec.huberDelta(), glm.tweediePower());
        ModelSpec.Layout layout = spec.layout();
        if (layout instanceof ModelSpec.Layout.Linear linear) {
            return new Linear(new LinearObjective(outputLoss, numFeatures, linear.intercept(), classWeights),
                    spec.loss());
        }
        ModelSpec.Layout.Network network = (ModelSpec.Layout.Network) layout;
        if (numFeatures < 1) {
            throw new BadInputException("training data " + dataUri + " has no feature columns; --model mlp needs "
                    + "at least one input");
        }
        NetworkShape shape;
        try {
            shape = new NetworkShape(numFeatures, network.hidden(), outputLoss.outputs(), network.activation());
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hidden " + joined(network.hidden()) + ": " + e.getMessage()
                    + "; use fewer or narrower hidden layers");
        }
        return new Network(new NetworkObjective(outputLoss, shape, classWeights), shape, spec.loss(), spec.seed());
    }

    /**
     * The model saved in {@code saved}, to score with.
     *
     * @param where the model.json path, for messages
     * @throws UsageException when the file does not describe a model this build can score
     */
    static ModelChoice forScoring(SavedModel saved, String where) {
        LossKind kind;
        try {
            kind = LossKind.fromName(saved.objective());
        } catch (IllegalArgumentException e) {
            throw new UsageException(where + ": " + e.getMessage());
        }
        int classes = Math.max(saved.numClasses(), 2);
        // scoring reads margins only; the recorded power matters to the deviance metrics
        OutputLoss outputLoss = kind.create(classes, 1.0, tweediePower(saved));
        int d = saved.numFeatures();
        ModelChoice choice;
        if (LINEAR.equals(saved.modelType())) {
            choice = new Linear(new LinearObjective(outputLoss, d, saved.intercept().length > 0), kind);
        } else if (MLP.equals(saved.modelType())) {
            Map<String, Object> arch = saved.architecture();
            NetworkShape shape;
            try {
                shape = new NetworkShape(d, saved.hiddenWidths(), outputLoss.outputs(),
                        Activation.fromName(String.valueOf(arch.get("activation"))));
            } catch (IllegalArgumentException e) {
                throw new UsageException(where + " has an unusable \"architecture\" (" + e.getMessage() + ")");
            }
            choice = new Network(new NetworkObjective(outputLoss, shape), shape, kind, 0);
        } else {
            throw new UsageException(where + " holds a '" + saved.modelType() + "' model, which this build cannot "
                    + "score (it knows " + LINEAR + " and " + MLP + ")");
        }
        int weights = choice.weightCount();
        int biases = choice.objective().dimension() - weights;
        if (saved.weights().length != weights || saved.intercept().length != biases) {
            throw new UsageException(where + " has " + saved.weights().length + " weights and "
                    + saved.intercept().length + " intercepts, but its " + saved.modelType() + " model with "
                    + d + " features needs " + weights + " and " + biases + "; the file is damaged or was edited");
        }
        return choice;
    }

    /** The Tweedie power a saved model records (the default for other models, whose losses do not read it). */
    static double tweediePower(SavedModel saved) {
        return saved.config().get("tweedie-power") instanceof Number p ? p.doubleValue()
                : GlmSettings.DEFAULT_TWEEDIE_POWER;
    }

    /**
     * The parametrization with bounds on a linear model's weights.
     *
     * @param bounds per-feature bounds, or null for none (a network is never bounded: train refuses it)
     */
    default Parametrization parametrization(Standardization standardization, CoefficientBounds bounds) {
        if (bounds == null) {
            return parametrization(standardization);
        }
        LinearObjective linear = (LinearObjective) objective();
        return new LinearParametrization(standardization, linear.outputs(), linear.hasIntercept(), bounds);
    }

    private static String joined(List<Integer> hidden) {
        return String.join(",", hidden.stream().map(String::valueOf).toList());
    }

    /** "linear" or "mlp", as model.json names it. */
    String type();

    /** The data term the engine sums. */
    BlockObjective objective();

    /** The objective's kind. */
    LossKind kind();

    /** The optimizer's coordinates through {@code standardization}. */
    Parametrization parametrization(Standardization standardization);

    /** Where the optimizer starts, in its coordinates. */
    double[] initialPoint();

    /** How many of the model parameters are weights (the rest are intercepts or biases). */
    int weightCount();

    /** model.json's {@code architecture}: empty for a linear model. */
    Map<String, Object> architecture();

    /** The loss on the model's outputs. */
    default OutputLoss loss() {
        return objective().loss();
    }

    /** model.json's {@code weights}: the leading weight part of model parameters. */
    default double[] weights(double[] params) {
        return Arrays.copyOf(params, weightCount());
    }

    /** model.json's {@code intercept}: the trailing intercepts or biases of model parameters. */
    default double[] intercept(double[] params) {
        return Arrays.copyOfRange(params, weightCount(), params.length);
    }

    /** Model parameters from model.json's two arrays (the inverse of {@link #weights} and {@link #intercept}). */
    default double[] parameters(SavedModel saved) {
        double[] w = saved.weights();
        double[] b = saved.intercept();
        double[] p = Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, p, w.length, b.length);
        return p;
    }
}
