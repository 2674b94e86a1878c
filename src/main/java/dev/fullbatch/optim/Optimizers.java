package dev.fullbatch.optim;

import java.util.List;

/**
 * Creates the {@link Optimizer} that {@link OptimizerSettings} describe, after checking that the options fit
 * together (a schedule needs a numeric step where a line search would otherwise choose it, L1 needs an optimizer
 * that supports it).
 */
public final class Optimizers {

    /** Every {@code --optimizer} value, in the order the usage lists them. */
    public static final List<String> METHODS = List.of("gd", "momentum", "nesterov", "bb", "lbfgs", "adam", "rmsprop",
            "newton");

    /** The methods that handle {@code --reg-l1} exactly (proximal steps, or OWL-QN for lbfgs). */
    public static final List<String> L1_METHODS = List.of("gd", "momentum", "nesterov", "bb", "lbfgs");

    /**
     * The methods that honour bounds exactly: every iterate is a proximal (clipped) point, or for lbfgs a point of
     * the projected search path. Adam and RMSprop scale each coordinate by its own running statistics, and a
     * projection after such a step is not the projection in the metric the step was taken in, so neither is offered.
     */
    public static final List<String> BOUNDS_METHODS = List.of("gd", "momentum", "nesterov", "bb", "lbfgs");

    private Optimizers() {
    }

    /**
     * The optimizer for these settings.
     *
     * @throws IllegalArgumentException when the options contradict each other, with a message naming them
     */
    public static Optimizer create(OptimizerSettings s) {
        StepSchedule schedule = s.stepSchedule();
        String method = s.method();
        if (!schedule.isConstant()) {
            if (method.equals("bb") || method.equals("lbfgs") || method.equals(Newton.NAME)) {
                throw new IllegalArgumentException("--schedule " + s.schedule() + " does not apply to --optimizer "
                        + method + ", which chooses its own steps; use --schedule constant, or one of gd, momentum, "
                        + "nesterov, adam, rmsprop with a numeric --step-size");
            }
            if (s.isAutoStep() && (method.equals("gd") || method.equals("momentum") || method.equals("nesterov"))) {
                throw new IllegalArgumentException("--schedule " + s.schedule() + " needs a numeric --step-size for"
                        + " --optimizer " + method + "; with --step-size auto every step is chosen by a line search");
            }
        }
        if (method.equals(Newton.NAME) && !s.isAutoStep()) {
            throw new IllegalArgumentException("--step-size " + s.stepSize() + " does not apply to --optimizer newton,"
                    + " whose steps are Newton steps (a line search or a trust region chooses their length); use"
                    + " --step-size auto");
        }
        Double step = s.isAutoStep() ? null : s.numericStepSize();
        return switch (method) {
            case "gd" -> step == null ? GradientDescent.auto() : GradientDescent.fixed(step, schedule);
            case "momentum" -> step == null ? HeavyBallMomentum.auto(s.momentum())
                    : HeavyBallMomentum.fixed(step, schedule, s.momentum());
            case "nesterov" -> step == null ? NesterovAcceleratedGradient.auto()
                    : NesterovAcceleratedGradient.fixed(step, schedule);
            case "bb" -> new BarzilaiBorwein(step == null ? BarzilaiBorwein.DEFAULT_FIRST_STEP : step);
            case "lbfgs" -> new Lbfgs(s.lbfgsMemory(), step == null ? Lbfgs.DEFAULT_FIRST_STEP : step);
            case "adam" -> new Adam(step == null ? OptimizerSettings.ADAPTIVE_DEFAULT_STEP : step, step == null,
                    schedule, s.beta1(), s.beta2(), s.epsilon());
            case "rmsprop" -> new RmsProp(step == null ? OptimizerSettings.ADAPTIVE_DEFAULT_STEP : step, step == null,
                    schedule, s.rho(), s.epsilon());
            case Newton.NAME -> new Newton(s.maxDenseHessian());
            default -> throw new IllegalArgumentException("unknown --optimizer '" + method + "'");
        };
    }

    /**
     * Checks up front that an L1 penalty can be used with these settings, so that a run fails before reading data.
     *
     * @throws IllegalArgumentException naming the optimizers that support {@code --reg-l1}
     */
    public static void requireL1Support(OptimizerSettings s) {
        if (!L1_METHODS.contains(s.method())) {
            throw new IllegalArgumentException(l1UnsupportedMessage(s.method()));
        }
    }

    /**
     * Checks up front that bounds can be used with these settings, so that a run fails before reading data.
     *
     * @throws IllegalArgumentException naming the optimizers that honour bounds
     */
    public static void requireBoundsSupport(OptimizerSettings s) {
        if (!BOUNDS_METHODS.contains(s.method())) {
            throw new IllegalArgumentException(boundsUnsupportedMessage(s.method()));
        }
    }

    static String boundsUnsupportedMessage(String method) {
        String why = method.equals("adam") || method.equals("rmsprop")
                ? "its per-coordinate adaptive steps are not projections"
                : method.equals(Newton.NAME) ? "its Newton steps are not projected onto them"
                : "its steps are not projected onto them";
        return "--optimizer " + method + " cannot honour coefficient bounds (--nonnegative, --lower-bound, "
                + "--upper-bound, --bounds): " + why + "; use one of " + String.join(", ", BOUNDS_METHODS);
    }

    static String l1UnsupportedMessage(String method) {
        if (method.equals(Newton.NAME)) {
            return Newton.l1Refusal();
        }
        return "--optimizer " + method + " does not support --reg-l1; use one of " + String.join(", ", L1_METHODS)
                + " (or --reg-l1 0)";
    }
}
