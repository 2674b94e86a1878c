package dev.fullbatch.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The user's class weights as given ({@code --class-weight}), checked for form before any data is read and resolved
 * against the training labels by {@link #resolve}. Two forms:
 * <ul>
 *   <li>{@code balanced}: scikit-learn's {@code w_k = n / (K n_k)}, with {@code n} the training rows, {@code K} the
 *       classes present and {@code n_k} the rows of class {@code k} (row counts, whatever the instance weights), so
 *       every class carries the same total weight before instance weights;</li>
 *   <li>explicit, {@code LABEL=WEIGHT,LABEL=WEIGHT...}, e.g. {@code 0=1,1=5}: labels written in the data's own
 *       convention ({@code -1}/{@code +1} or {@code 0}/{@code 1} for two classes, {@code 0..K-1} for softmax), each
 *       weight finite and positive; a class not listed weighs 1.</li>
 * </ul>
 * A row's weight in the objective is its instance weight times its class's weight. Immutable.
 *
 * @param balanced whether the form is {@code balanced}
 * @param explicit the explicit weights by label, in the order given (empty when balanced)
 * @param text the option's value as given, for messages
 */
public record ClassWeightSpec(boolean balanced, Map<Double, Double> explicit, String text) implements Serializable {

    /** The option's name, for messages. */
    public static final String OPTION = "--class-weight";

    /** Copies. */
    public ClassWeightSpec {
        Objects.requireNonNull(text, "text");
        explicit = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(explicit));
    }

    /**
     * Reads the option's value.
     *
     * @throws IllegalArgumentException naming the option, the offending part and the expected form
     */
    public static ClassWeightSpec parse(String value) {
        String text = value == null ? "" : value.trim();
        if (text.equalsIgnoreCase("balanced")) {
            return new ClassWeightSpec(true, Map.of(), text);
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException(OPTION + " is empty; give 'balanced' or LABEL=WEIGHT pairs such as "
                    + "0=1,1=5");
        }
        Map<Double, Double> weights = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            String pair = part.trim();
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(OPTION + " " + text + ": '" + pair + "' is not LABEL=WEIGHT; give "
                        + "'balanced' or pairs such as 0=1,1=5");
            }
            double label = number(pair.substring(0, eq), "label", pair, text);
            double weight = number(pair.substring(eq + 1), "weight", pair, text);
            if (!(weight > 0)) {
                throw new IllegalArgumentException(OPTION + " " + text + ": the weight of class "
                        + LabelRule.text(label) + " is " + LabelRule.text(weight) + "; class weights must be positive");
            }
            // -0 and 0 name the same class
            if (weights.put(label == 0 ? 0.0 : label, weight) != null) {
                throw new IllegalArgumentException(OPTION + " " + text + ": class " + LabelRule.text(label)
                        + " is given twice");
            }
        }
        return new ClassWeightSpec(false, weights, text);
    }

    private static double number(String s, String what, String pair, String text) {
        String t = s.trim();
        double v;
        try {
            v = Double.parseDouble(t);
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!Double.isFinite(v) || t.isEmpty()) {
            throw new IllegalArgumentException(OPTION + " " + text + ": the " + what + " '" + t + "' in '" + pair
                    + "' is not a finite number");
        }
        return v;
    }

    /**
     * The multipliers for a training input.
     *
     * @param rule the objective's labels: two classes or class numbers (regression objectives have no classes)
     * @param classes the model's class count (2 for two classes, K for softmax)
     * @param stats the training labels, with their counts
     * @param where names the training input, e.g. "training data file:/x"
     * @throws IllegalArgumentException for an objective without classes (a usage error)
     * @throws BadInputException naming a class the data does not have, or labels too many to count
     */
    public ClassWeights resolve(LabelRule rule, int classes, LabelStats stats, String where) {
        boolean binary = rule.kind() == LabelRule.Kind.BINARY;
        if (!binary && rule.kind() != LabelRule.Kind.CLASSES) {
            throw new IllegalArgumentException(OPTION + " applies to classification objectives (logistic, "
                    + "squared-hinge, softmax), not to --objective " + rule.objective());
        }
        double[] labels = stats.distinct();
        if (labels == null) {
            throw new BadInputException(where + " has more than " + LabelStats.MAX_DISTINCT + " distinct labels; "
                    + OPTION + " needs the classes counted");
        }
        double[] multipliers = new double[binary ? 2 : classes];
        java.util.Arrays.fill(multipliers, 1.0);
        if (balanced) {
            long n = stats.count();
            int present = labels.length;
            for (double label : labels) {
                // n / (K n_k), as scikit-learn's compute_class_weight('balanced') divides it
                multipliers[index(binary, label)] = n / ((double) present * stats.countOf(label));
            }
        } else {
            for (Map.Entry<Double, Double> e : explicit.entrySet()) {
                double label = e.getKey();
                boolean known = false;
                for (double l : labels) {
                    known |= l == label;
                }
                if (!known) {
                    throw new BadInputException(OPTION + " " + text + " names class " + LabelRule.text(label)
                            + ", which is not a label of " + where + " (its labels are " + list(labels)
                            + "); name the classes as the data writes them");
                }
                multipliers[index(binary, label)] = e.getValue();
            }
        }
        return new ClassWeights(binary, multipliers);
    }

    private static int index(boolean binary, double label) {
        return binary ? (label > 0 ? 1 : 0) : (int) label;
    }

    private static String list(double[] labels) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < labels.length && i < 10; i++) {
            out.add(LabelRule.text(labels[i]));
        }
        return String.join(", ", out) + (labels.length > 10 ? ", ..." : "");
    }
}
