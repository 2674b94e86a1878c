package dev.fullbatch.optim;

import java.util.Locale;

/**
 * How a numeric base step size changes over the iterations ({@code --schedule}): the step of iteration {@code k}
 * (counting from 1) is {@code base * factor(k)}.
 *
 * <ul>
 *   <li>{@code constant}: factor 1;</li>
 *   <li>{@code inv-sqrt}: {@code 1 / sqrt(k)}, as Spark MLlib's {@code GradientDescent} (stepSize / sqrt(t));</li>
 *   <li>{@code exp:GAMMA}: {@code GAMMA^(k-1)};</li>
 *   <li>{@code step:EVERY:GAMMA}: {@code GAMMA^floor((k-1)/EVERY)}, a drop by GAMMA every EVERY iterations.</li>
 * </ul>
 * GAMMA is in (0, 1]. Factors use {@link StrictMath} so they are the same bits everywhere.
 */
public sealed interface StepSchedule
        permits StepSchedule.Constant, StepSchedule.InverseSqrt, StepSchedule.Exponential, StepSchedule.Stepwise {

    /** The multiplier of the base step at iteration {@code k >= 1}. */
    double factor(int k);

    /** The schedule as written on the command line. */
    String text();

    /** Whether the factor is 1 at every iteration. */
    default boolean isConstant() {
        return this instanceof Constant;
    }

    /**
     * Parses {@code constant}, {@code inv-sqrt}, {@code exp:GAMMA} or {@code step:EVERY:GAMMA}.
     *
     * @throws IllegalArgumentException naming {@code --schedule} and the text when it is not one of those
     */
    static StepSchedule parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException(usage("null"));
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("constant")) {
            return new Constant();
        }
        if (t.equals("inv-sqrt")) {
            return new InverseSqrt();
        }
        String[] parts = t.split(":", -1);
        if (parts[0].equals("exp") && parts.length == 2) {
            return new Exponential(parseGamma(parts[1], text));
        }
        if (parts[0].equals("step") && parts.length == 3) {
            int every;
            try {
                every = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "--schedule step:EVERY:GAMMA needs EVERY to be a positive integer, got '" + text + "'");
            }
            return new Stepwise(every, parseGamma(parts[2], text));
        }
        throw new IllegalArgumentException(usage(text));
    }

    private static String usage(String text) {
        return "--schedule must be constant, inv-sqrt, exp:GAMMA or step:EVERY:GAMMA, got '" + text + "'";
    }

    private static double parseGamma(String gamma, String text) {
        try {
            return Double.parseDouble(gamma);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--schedule GAMMA must be a number in (0, 1], got '" + text + "'");
        }
    }

    private static void checkGamma(double gamma) {
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("--schedule GAMMA must be in (0, 1], got " + gamma);
        }
    }

    private static void checkIteration(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("schedule iterations count from 1, got " + k);
        }
    }

    /** Factor 1 at every iteration. */
    record Constant() implements StepSchedule {
        @Override
        public double factor(int k) {
            checkIteration(k);
            return 1.0;
        }

        @Override
        public String text() {
            return "constant";
        }
    }

    /** {@code 1 / sqrt(k)}. */
    record InverseSqrt() implements StepSchedule {
        @Override
        public double factor(int k) {
            checkIteration(k);
            return 1.0 / Math.sqrt(k);
        }

        @Override
        public String text() {
            return "inv-sqrt";
        }
    }

    /**
     * {@code gamma^(k-1)}.
     *
     * @param gamma the per-iteration decay, in (0, 1]
     */
    record Exponential(double gamma) implements StepSchedule {
        public Exponential {
            checkGamma(gamma);
        }

        @Override
        public double factor(int k) {
            checkIteration(k);
            return StrictMath.pow(gamma, k - 1);
        }

        @Override
        public String text() {
            return "exp:" + gamma;
        }
    }

    /**
     * {@code gamma^floor((k-1)/every)}.
     *
     * @param every the number of iterations between drops, at least 1
     * @param gamma the drop factor, in (0, 1]
     */
    record Stepwise(int every, double gamma) implements StepSchedule {
        public Stepwise {
            if (every < 1) {
                throw new IllegalArgumentException(
                        "--schedule step:EVERY:GAMMA needs EVERY >= 1, got " + every);
            }
            checkGamma(gamma);
        }

        @Override
        public double factor(int k) {
            checkIteration(k);
            return StrictMath.pow(gamma, (k - 1) / every);
        }

        @Override
        public String text() {
            return "step:" + every + ":" + gamma;
        }
    }
}
