package dev.fullbatch.select;

/**
 * What cross-validation scores a fold model by on its held-out fold ({@code --cv-metric}).
 */
public enum CvMetric {
    /**
     * Twice the weighted mean loss: the mean squared error for least squares (cv.glmnet's {@code mse}), the
     * binomial deviance for logistic (cv.glmnet's {@code deviance}, without clamping probabilities).
     */
    DEVIANCE("deviance", false),
    /** The root of the weighted mean squared error of the prediction (the margin), for regression. */
    RMSE("rmse", false),
    /** The weighted share of rows classified correctly (positive iff the margin is above 0), for binary models. */
    ACCURACY("accuracy", true);

    private final String cliName;
    private final boolean biggerIsBetter;

    CvMetric(String cliName, boolean biggerIsBetter) {
        this.cliName = cliName;
        this.biggerIsBetter = biggerIsBetter;
    }

    /** The name {@code --cv-metric} takes and path.csv's columns carry. */
    public String cliName() {
        return cliName;
    }

    /** Whether larger values are better (lambda.min maximizes them). */
    public boolean biggerIsBetter() {
        return biggerIsBetter;
    }

    /** The metric of a fold model's step on its held-out fold. */
    double of(PathRun.Step s) {
        return switch (this) {
            case DEVIANCE -> 2 * s.heldOutLoss() / s.heldOutWeight();
            case RMSE -> Math.sqrt(s.heldOutSquaredError() / s.heldOutWeight());
            case ACCURACY -> s.heldOutCorrect() / s.heldOutWeight();
        };
    }

    /** The metric called {@code name}. @throws IllegalArgumentException naming the choices */
    public static CvMetric fromName(String name) {
        for (CvMetric m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("--cv-metric must be deviance, rmse or accuracy, got '" + name + "'");
    }
}
