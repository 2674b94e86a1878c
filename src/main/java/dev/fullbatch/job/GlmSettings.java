package dev.fullbatch.job;

import dev.fullbatch.data.ClassWeightSpec;
import java.util.Map;

/**
 * The options of issue 16's generalized linear models besides the weight and offset columns (which belong to
 * reading, {@link dev.fullbatch.input.RowWeighting}): the Tweedie power, class weights, coefficient bounds and
 * per-feature penalty factors, validated by {@link TrainCommand}. Immutable; each written to model.json's config and
 * the resume fingerprint (the files' content by SHA-256, in the data fingerprint: {@link DataFingerprint}).
 *
 * @param tweediePower the Tweedie variance power, strictly between 1 and 2, or NaN for another objective
 * @param classWeight {@code --class-weight} as given, or null for none
 * @param lowerBound the lower bound of every coefficient (0 with {@code --nonnegative}; -inf: none)
 * @param upperBound the upper bound of every coefficient (+inf: none)
 * @param boundsFile {@code --bounds}: per-feature bounds overriding the uniform ones, or null
 * @param penaltyFactorsFile {@code --penalty-factors}: per-feature penalty factors, or null
 */
record GlmSettings(double tweediePower, ClassWeightSpec classWeight, double lowerBound, double upperBound,
                   String boundsFile, String penaltyFactorsFile) implements TrainSpec {

    /** The default Tweedie power (compound Poisson-Gamma halfway between the two). */
    static final double DEFAULT_TWEEDIE_POWER = 1.5;

    /** None of the options: what every run did before issue 16. */
    static GlmSettings none() {
        return new GlmSettings(Double.NaN, null, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, null, null);
    }

    /** Whether any coefficient is bounded. */
    boolean bounded() {
        return lowerBound > Double.NEGATIVE_INFINITY || upperBound < Double.POSITIVE_INFINITY || boundsFile != null;
    }

    /** The entries (infinite bounds are written as null: JSON has no infinity; the power only for tweedie). */
    @Override
    public void writeTo(Map<String, Object> m) {
        if (!Double.isNaN(tweediePower)) {
            m.put("tweedie-power", tweediePower);
        }
        m.put("class-weight", classWeight == null ? null : classWeight.text());
        m.put("lower-bound", Double.isInfinite(lowerBound) ? null : lowerBound);
        m.put("upper-bound", Double.isInfinite(upperBound) ? null : upperBound);
        m.put("bounds", boundsFile);
        m.put("penalty-factors", penaltyFactorsFile);
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
    }
}
