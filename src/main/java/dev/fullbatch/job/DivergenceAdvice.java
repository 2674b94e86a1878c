package dev.fullbatch.job;

import dev.fullbatch.data.LabelStats;
import dev.fullbatch.train.DivergenceException;
import java.util.Locale;

/**
 * What to change after training diverged, from what was asked and what the data holds: never "use --step-size
 * auto" when it was already in use, and, for regression, the largest absolute label when labels that large can
 * overflow the loss (their squares pass the double range from about 1e154).
 */
final class DivergenceAdvice {
    /** Labels at least this large (in absolute value) are named as a likely cause. */
    static final double LARGE_LABEL = 1e6;

    private DivergenceAdvice() {
    }

    /** The divergence's message with advice that fits the run. */
    static String explain(DivergenceException e, TrainSettings s, LabelStats labels) {
        String message = e.getMessage();
        int advice = message.indexOf(". Use --step-size auto");
        String fact = advice >= 0 ? message.substring(0, advice) : message;
        boolean auto = s.optimizer().settings().isAutoStep();
        StringBuilder sb = new StringBuilder(fact);
        if (auto) {
            sb.append(", although --step-size auto chose every step");
        }
        double largest = Math.max(Math.abs(labels.min()), Math.abs(labels.max()));
        boolean regression = !s.model().loss().isClassification();
        if (regression && labels.count() > 0 && largest >= LARGE_LABEL) {
            double scale = Math.pow(10, Math.floor(Math.log10(largest)));
            sb.append(String.format(Locale.ROOT, ". The largest absolute label is %s (labels from %s to %s): "
                    + "scale the labels down (e.g. divide them by %s, and multiply predictions back) so that the loss "
                    + "stays in range, or use --objective huber, which grows linearly", Double.toString(largest),
                    Double.toString(labels.min()), Double.toString(labels.max()), Double.toString(scale)));
            if (!auto) {
                sb.append("; a smaller --step-size or --step-size auto may also help");
            }
            return sb.toString();
        }
        if (auto) {
            sb.append(". Check the data for extreme feature values or labels");
            if (!s.optimizer().standardize()) {
                sb.append(", or pass --standardize true");
            }
            return sb.toString();
        }
        sb.append(". Use --step-size auto (the default), a smaller --step-size");
        sb.append(s.optimizer().standardize() ? "; check the data for extreme values"
                : ", or --standardize true; check the data "
                + "for extreme values");
        return sb.toString();
    }
}
