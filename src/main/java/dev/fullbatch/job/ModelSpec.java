package dev.fullbatch.job;

import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.Activation;
import java.util.List;
import java.util.Map;

/**
 * The model {@code train} fits: the objective ({@code --objective}, {@code --classes}, {@code --huber-delta}) and
 * the layout ({@code --model}, {@code --intercept}, {@code --hidden}, {@code --activation}, {@code --seed}).
 * Immutable.
 *
 * @param loss the objective
 * @param classes softmax classes, or 0 to infer
 * @param huberDelta Huber threshold
 * @param intercept fit intercepts (linear)
 * @param type {@code --model}: "linear" or "mlp"
 * @param hidden hidden layer sizes (mlp; as given otherwise)
 * @param activation hidden activation name (mlp; as given otherwise)
 * @param seed seed for anything random
 */
record ModelSpec(LossKind loss, int classes, double huberDelta, boolean intercept, String type,
                 List<Integer> hidden, String activation, long seed) implements TrainSpec {

    /** The layouts a model can have. */
    sealed interface Layout {
        /** A linear model, with or without intercepts. */
        record Linear(boolean intercept) implements Layout {
        }

        /** A fully connected network (every unit has a bias). */
        record Network(List<Integer> hidden, Activation activation) implements Layout {
        }
    }

    /** Validates. */
    ModelSpec {
        TrainCommand.nonNegative("--classes", classes);
        if (!(huberDelta > 0) || Double.isInfinite(huberDelta)) {
            throw new UsageException("--huber-delta must be a positive number, got " + huberDelta);
        }
        if (classes == 1) {
            throw new UsageException("--classes must be at least 2 (or 0 to infer), got 1");
        }
        if (classes > 0 && loss != LossKind.SOFTMAX) {
            throw new UsageException("--classes only applies to --objective softmax (got --objective "
                    + loss.cliName() + ")");
        }
        if (!type.equals(ModelChoice.LINEAR) && !type.equals(ModelChoice.MLP)) {
            throw new UsageException("--model must be linear or mlp, got '" + type + "'");
        }
        hidden = List.copyOf(hidden);
        if (type.equals(ModelChoice.MLP)) {
            checkNetwork(hidden, activation, intercept);
        }
    }

    private static void checkNetwork(List<Integer> hidden, String activation, boolean intercept) {
        if (hidden.isEmpty()) {
            throw new UsageException("--model mlp needs --hidden: the hidden layer widths, e.g. --hidden 64,32");
        }
        for (int width : hidden) {
            if (width < 1) {
                throw new UsageException("--hidden widths must be at least 1, got " + width + " in --hidden "
                        + String.join(",", hidden.stream().map(String::valueOf).toList()));
            }
        }
        try {
            Activation.fromName(activation);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--activation: " + e.getMessage());
        }
        if (!intercept) {
            throw new UsageException("--intercept false does not apply to --model mlp: every unit of a network has a "
                    + "bias (without them a ReLU network could only fit functions through the origin)");
        }
    }

    /** The layout asked for. */
    Layout layout() {
        return type.equals(ModelChoice.MLP) ? new Layout.Network(hidden, Activation.fromName(activation))
                : new Layout.Linear(intercept);
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("objective", loss.cliName());
        m.put("classes", classes);
        m.put("huber-delta", huberDelta);
        m.put("intercept", intercept);
        m.put("model", type);
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("seed", seed);
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
    }
}
