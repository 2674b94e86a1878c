package dev.fullbatch.generate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The kinds of synthetic data the generator writes, with the names the command line uses.
 *
 * <p>Linear tasks ({@link #REGRESSION}, {@link #BINARY}, {@link #MULTICLASS}) draw labels from a linear model with
 * known true weights; {@link #CIRCLES} and {@link #XOR} are two-feature problems that no linear model can solve,
 * meant for nonlinear models.
 */
public enum Task {
    /** Real labels: y = x.w* + b* + noise * N(0,1). */
    REGRESSION("regression"),
    /** Labels -1/+1 from a logistic model on the margin x.w* + b*. */
    BINARY("binary"),
    /** Labels 0..K-1 from a softmax model: argmax over classes of W* x + c* + noise * Gumbel. */
    MULTICLASS("multiclass"),
    /** Two concentric rings in the plane, labelled -1 (inner) and +1 (outer). */
    CIRCLES("circles"),
    /** Points in [-1,1]^2 labelled +1 when both coordinates have the same sign, else -1. */
    XOR("xor");

    private final String cliName;

    Task(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line, e.g. {@code regression}. */
    public String cliName() {
        return cliName;
    }

    /** Whether labels come from a linear model with exposed true weights. */
    public boolean isLinear() {
        return this == REGRESSION || this == BINARY || this == MULTICLASS;
    }

    /**
     * The task with the given command-line name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the valid tasks when there is none
     */
    public static Task fromName(String name) {
        if (name != null) {
            String wanted = name.strip().toLowerCase(Locale.ROOT);
            for (Task task : values()) {
                if (task.cliName.equals(wanted)) {
                    return task;
                }
            }
        }
        throw new IllegalArgumentException("--task must be one of " + validNames() + ", got '" + name + "'");
    }

    /** The valid command-line names, comma separated, in declaration order. */
    public static String validNames() {
        return Arrays.stream(values()).map(Task::cliName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return cliName;
    }
}
