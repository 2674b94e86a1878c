package dev.fullbatch.report;

/**
 * One iteration of training as the plot shows it. Values may be anything a run produced: non-finite values, and
 * values a log axis cannot show (a zero gradient norm), are skipped when drawing rather than rejected here.
 *
 * @param iteration iteration number, 0 or more (0 may stand for the starting point)
 * @param objective the training objective after the iteration
 * @param gradNorm the gradient norm after the iteration
 * @param validationObjective the objective on held-out data, or null when there is none
 */
public record PlotPoint(int iteration, double objective, double gradNorm, Double validationObjective) {

    /** Checks that the iteration is not negative. */
    public PlotPoint {
        if (iteration < 0) {
            throw new IllegalArgumentException("iteration must be >= 0, got " + iteration);
        }
    }
}
