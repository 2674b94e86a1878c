package dev.fullbatch.job;

import dev.fullbatch.data.BadInputException;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model a run fits ({@code --model}, {@code --hidden}, {@code --activation}) made concrete for its data: the
 * objective the engine sums, the parametrization the optimizer works in, the starting point, and how the
 * parameters are written to and read back from model.json. Immutable.
 *
 * <p>Both models keep one layout, all weights then all intercepts (biases): model.json's {@code weights} holds the
 * former (a network's layer matrices in order, each row-major by unit) and {@code intercept} the latter (a
 * network's bias vectors in layer order). A network's {@code architecture} entry names its layer widths,
 * activation and output unit, which is all predict needs to rebuild it.
 */
final class ModelChoice {
    /** {@code --model} values. */
    static final String LINEAR = "linear";
    static final String MLP = "mlp";

    private final String type;
    private final BlockObjective objective;
    private final NetworkShape shape;
    private final LossKind loss;
    private final boolean intercept;
    private final long seed;

    private ModelChoice(String type, BlockObjective objective, NetworkShape shape, LossKind loss, boolean intercept,
                        long seed) {
        this.type = type;
        this.objective = objective;
        this.shape = shape;
        this.loss = loss;
        this.intercept = intercept;
        this.seed = seed;
    }

    /**
     * The model {@code train} asked for, on data with {@code numFeatures} columns.
     *
     * @param classes the class count (softmax), as checked against the labels
     * @throws BadInputException when the data cannot feed a network (no feature columns)
     * @throws UsageException when the network would not fit in memory
     */
    static ModelChoice forTraining(TrainSettings s, int numFeatures, int classes) {
        OutputLoss outputLoss = s.loss().create(classes, s.huberDelta());
        if (!MLP.equals(s.model())) {
            return new ModelChoice(LINEAR, new LinearObjective(outputLoss, numFeatures, s.intercept()), null,
                    s.loss(), s.intercept(), s.seed());
        }
        if (numFeatures < 1) {
            throw new BadInputException("training data " + s.data() + " has no feature columns; --model mlp needs "
                    + "at least one input");
        }
        NetworkShape shape;
        try {
            shape = new NetworkShape(numFeatures, s.hidden(), outputLoss.outputs(),
                    Activation.fromName(s.activation()));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--hidden " + joined(s.hidden()) + ": " + e.getMessage()
                    + "; use fewer or narrower hidden layers");
        }
        return new ModelChoice(MLP, new NetworkObjective(outputLoss, shape), shape, s.loss(), true, s.seed());
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
        OutputLoss outputLoss = kind.create(classes, 1.0);
        int d = saved.numFeatures();
        ModelChoice choice;
        if (LINEAR.equals(saved.modelType())) {
            choice = new ModelChoice(LINEAR, new LinearObjective(outputLoss, d, saved.intercept().length > 0), null,
                    kind, saved.intercept().length > 0, 0);
        } else if (MLP.equals(saved.modelType())) {
            Map<String, Object> arch = saved.architecture();
            NetworkShape shape;
            try {
                shape = new NetworkShape(d, saved.hiddenWidths(), outputLoss.outputs(),
                        Activation.fromName(String.valueOf(arch.get("activation"))));
            } catch (IllegalArgumentException e) {
                throw new UsageException(where + " has an unusable \"architecture\" (" + e.getMessage() + ")");
            }
            choice = new ModelChoice(MLP, new NetworkObjective(outputLoss, shape), shape, kind, true, 0);
        } else {
            throw new UsageException(where + " holds a '" + saved.modelType() + "' model, which this build cannot "
                    + "score (it knows " + LINEAR + " and " + MLP + ")");
        }
        int weights = choice.weightCount();
        int biases = choice.objective.dimension() - weights;
        if (saved.weights().length != weights || saved.intercept().length != biases) {
            throw new UsageException(where + " has " + saved.weights().length + " weights and "
                    + saved.intercept().length + " intercepts, but its " + saved.modelType() + " model with "
                    + d + " features needs " + weights + " and " + biases + "; the file is damaged or was edited");
        }
        return choice;
    }

    private static String joined(List<Integer> hidden) {
        return String.join(",", hidden.stream().map(String::valueOf).toList());
    }

    /** "linear" or "mlp", as model.json names it. */
    String type() {
        return type;
    }

    /** The loss on the model's outputs. */
    OutputLoss loss() {
        return objective instanceof NetworkObjective n ? n.loss() : ((LinearObjective) objective).loss();
    }

    /** The data term the engine sums. */
    BlockObjective objective() {
        return objective;
    }

    /** The optimizer's coordinates through {@code standardization}, folded into the first layer of a network. */
    Parametrization parametrization(Standardization standardization) {
        return shape == null ? new LinearParametrization(standardization, objective.outputs(), intercept)
                : new NetworkParametrization(standardization, shape);
    }

    /**
     * Where the optimizer starts, in its coordinates: zero for a linear model (its objective is convex), He or
     * Glorot weights from {@code --seed} for a network (at zero every hidden unit would stay identical).
     */
    double[] initialPoint() {
        return shape == null ? new double[objective.dimension()] : NetworkInitialization.draw(shape, seed);
    }

    private int weightCount() {
        return shape == null ? objective.outputs() * ((LinearObjective) objective).numFeatures()
                : shape.weightCount();
    }

    /** model.json's {@code weights}: the leading weight part of model parameters. */
    double[] weights(double[] params) {
        return java.util.Arrays.copyOf(params, weightCount());
    }

    /** model.json's {@code intercept}: the trailing intercepts or biases of model parameters. */
    double[] intercept(double[] params) {
        return java.util.Arrays.copyOfRange(params, weightCount(), params.length);
    }

    /** Model parameters from model.json's two arrays (the inverse of {@link #weights} and {@link #intercept}). */
    double[] parameters(SavedModel saved) {
        double[] w = saved.weights();
        double[] b = saved.intercept();
        double[] p = java.util.Arrays.copyOf(w, w.length + b.length);
        System.arraycopy(b, 0, p, w.length, b.length);
        return p;
    }

    /** model.json's {@code architecture}: empty for a linear model. */
    Map<String, Object> architecture() {
        if (shape == null) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        List<Integer> widths = new ArrayList<>();
        for (int w : shape.widths()) {
            widths.add(w);
        }
        m.put("layers", widths);
        m.put("hidden", shape.hidden());
        m.put("activation", shape.activation().cliName());
        m.put("output", switch (loss) {
            case SOFTMAX -> "softmax";
            case LOGISTIC, SQUARED_HINGE -> "logistic";
            case LEAST_SQUARES, HUBER -> "linear";
            case POISSON, GAMMA, TWEEDIE -> "exp";
        });
        m.put("parameters", shape.dimension());
        return m;
    }
}
