package dev.fullbatch.job;

import java.util.Map;

/**
 * The penalties added to the data term ({@code --reg-l2}, {@code --reg-l1}). Immutable.
 *
 * @param l2 L2 strength, at least 0
 * @param l1 L1 strength, at least 0
 * @param path the regularization path and its cross-validation ({@code --reg-path}, {@code --cv}), or null for one
 *     fit at {@code l2} and {@code l1}
 */
record RegularizationSpec(double l2, double l1, PathOptions path) implements TrainSpec {

    /** Validates. */
    RegularizationSpec {
        TrainCommand.nonNegativeReal("--reg-l2", l2);
        TrainCommand.nonNegativeReal("--reg-l1", l1);
    }

    /** One fit at these penalties. */
    RegularizationSpec(double l2, double l1) {
        this(l2, l1, null);
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("reg-l2", l2);
        m.put("reg-l1", l1);
        if (path != null) {
            m.putAll(path.toMap());
        }
    }

    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        writeTo(m);
    }
}
