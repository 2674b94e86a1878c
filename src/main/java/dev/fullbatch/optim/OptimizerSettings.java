package dev.fullbatch.optim;

import java.util.Objects;

/**
 * The user's choice of optimizer and its options, validated field by field; {@link Optimizers#create} checks that
 * the fields fit together. Every message names the command-line option and the offending value. Immutable.
 *
 * @param method       {@code --optimizer}: gd, momentum, nesterov, bb, lbfgs, adam, rmsprop or newton
 * @param stepSize     {@code --step-size}: "auto" or a positive number. For gd, momentum and nesterov "auto" means a
 *                     line search or curvature estimate (no tuning); for adam and rmsprop a learning rate starting at
 *                     {@link #ADAPTIVE_DEFAULT_STEP} and adapted by the bold-driver rule; for bb and lbfgs a number
 *                     only sets the first trial step
 * @param schedule     {@code --schedule}: constant, inv-sqrt, exp:GAMMA or step:EVERY:GAMMA (see {@link StepSchedule})
 * @param lbfgsMemory  {@code --lbfgs-memory}: the number of L-BFGS correction pairs kept, 1 to 1000 (default 10)
 * @param momentum     {@code --momentum}: the heavy-ball coefficient of {@code momentum}, in [0, 1) (default 0.9)
 * @param beta1        {@code --beta1}: Adam's first-moment decay, in [0, 1) (default 0.9)
 * @param beta2        {@code --beta2}: Adam's second-moment decay, in [0, 1) (default 0.999)
 * @param rho          {@code --rho}: RMSprop's mean-square decay, in [0, 1) (default 0.9)
 * @param epsilon      {@code --epsilon}: the denominator guard of adam and rmsprop, positive (default 1e-8)
 * @param maxDenseHessian {@code --max-dense-hessian}: newton solves models of up to this many parameters with the
 *                     dense Hessian and a Cholesky factorization, larger ones by the trust region (TRON); at least 0
 *                     (default {@link #DEFAULT_MAX_DENSE_HESSIAN})
 */
public record OptimizerSettings(String method, String stepSize, String schedule, int lbfgsMemory, double momentum,
        double beta1, double beta2, double rho, double epsilon, int maxDenseHessian) {

    /** The {@code --step-size auto} starting learning rate of adam and rmsprop (then adapted, see {@link Adam}). */
    public static final double ADAPTIVE_DEFAULT_STEP = 0.01;

    /**
     * The default {@code --max-dense-hessian}: a dense Hessian of 2,048 parameters is 2.1 million summed entries per
     * pass and a Cholesky factorization of a fraction of a second on the driver; beyond that the matrix grows with
     * the square of the width while the trust region's products stay linear.
     */
    public static final int DEFAULT_MAX_DENSE_HESSIAN = 2048;

    /** The largest {@code --max-dense-hessian}: a packed triangle of this size still fits in one Java array. */
    public static final int MAX_DENSE_HESSIAN_LIMIT = 46_000;

    public OptimizerSettings {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(stepSize, "stepSize");
        Objects.requireNonNull(schedule, "schedule");
        method = method.trim();
        if (!Optimizers.METHODS.contains(method)) {
            throw new IllegalArgumentException("--optimizer must be one of " + String.join(", ", Optimizers.METHODS)
                    + ", got '" + method + "'");
        }
        stepSize = stepSize.trim();
        parseStep(stepSize);
        StepSchedule.parse(schedule);
        schedule = schedule.trim();
        if (lbfgsMemory < 1 || lbfgsMemory > 1000) {
            throw new IllegalArgumentException("--lbfgs-memory must be an integer from 1 to 1000, got " + lbfgsMemory);
        }
        requireUnitInterval("--momentum", momentum);
        requireUnitInterval("--beta1", beta1);
        requireUnitInterval("--beta2", beta2);
        requireUnitInterval("--rho", rho);
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("--epsilon must be a positive number, got " + epsilon);
        }
        if (maxDenseHessian < 0 || maxDenseHessian > MAX_DENSE_HESSIAN_LIMIT) {
            throw new IllegalArgumentException("--max-dense-hessian must be an integer from 0 to "
                    + MAX_DENSE_HESSIAN_LIMIT + " (the dense Hessian's triangle must fit in one array), got "
                    + maxDenseHessian);
        }
    }

    /** The defaults: gd, step auto, constant schedule, memory 10, momentum 0.9, the usual Adam/RMSprop constants. */
    public static OptimizerSettings defaults() {
        return new OptimizerSettings("gd", "auto", "constant", 10, 0.9, 0.9, 0.999, 0.9, 1e-8,
                DEFAULT_MAX_DENSE_HESSIAN);
    }

    /** The defaults with another method. */
    public static OptimizerSettings of(String method) {
        return defaults().withMethod(method);
    }

    public OptimizerSettings withMethod(String value) {
        return new OptimizerSettings(value, stepSize, schedule, lbfgsMemory, momentum, beta1, beta2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withStepSize(String value) {
        return new OptimizerSettings(method, value, schedule, lbfgsMemory, momentum, beta1, beta2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withSchedule(String value) {
        return new OptimizerSettings(method, stepSize, value, lbfgsMemory, momentum, beta1, beta2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withLbfgsMemory(int value) {
        return new OptimizerSettings(method, stepSize, schedule, value, momentum, beta1, beta2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withMomentum(double value) {
        return new OptimizerSettings(method, stepSize, schedule, lbfgsMemory, value, beta1, beta2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withAdam(double b1, double b2) {
        return new OptimizerSettings(method, stepSize, schedule, lbfgsMemory, momentum, b1, b2, rho, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withRho(double value) {
        return new OptimizerSettings(method, stepSize, schedule, lbfgsMemory, momentum, beta1, beta2, value, epsilon,
                maxDenseHessian);
    }

    public OptimizerSettings withEpsilon(double value) {
        return new OptimizerSettings(method, stepSize, schedule, lbfgsMemory, momentum, beta1, beta2, rho, value,
                maxDenseHessian);
    }

    public OptimizerSettings withMaxDenseHessian(int value) {
        return new OptimizerSettings(method, stepSize, schedule, lbfgsMemory, momentum, beta1, beta2, rho, epsilon,
                value);
    }

    /** Whether {@code --step-size auto} was given. */
    public boolean isAutoStep() {
        return stepSize.equals("auto");
    }

    /**
     * The numeric step size.
     *
     * @throws IllegalStateException when the step size is "auto"
     */
    public double numericStepSize() {
        if (isAutoStep()) {
            throw new IllegalStateException("--step-size is 'auto', not a number");
        }
        return parseStep(stepSize);
    }

    /** The parsed {@code --schedule}. */
    public StepSchedule stepSchedule() {
        return StepSchedule.parse(schedule);
    }

    private static double parseStep(String text) {
        if (text.equals("auto")) {
            return Double.NaN;
        }
        double value;
        try {
            value = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            value = Double.NaN;
        }
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("--step-size must be a positive number or 'auto', got " + text);
        }
        return value;
    }

    private static void requireUnitInterval(String option, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(option + " must be in [0, 1), got " + value);
        }
    }
}
