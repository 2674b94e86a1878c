package dev.fullbatch.data;

/**
 * Every row of the training data weighs zero (instance weights, times class weights), so the objective's mean
 * {@code sum_i w_i loss_i / sum_i w_i} is undefined. A user error (exit 2), detected on the first pass that sums the
 * weights; the job may catch it to name the input and the weight column.
 */
public final class ZeroTotalWeightException extends BadInputException {
    private static final long serialVersionUID = 1L;

    /** @param where names the data, e.g. "the training data" or "training data file:/x (weights from column 3)" */
    public ZeroTotalWeightException(String where) {
        super(where + " has no row with a positive weight: every instance weight is 0, so the weighted mean loss "
                + "is undefined; give at least one row a positive weight");
    }
}
