package dev.fullbatch.job;

import java.time.Duration;
import java.util.Map;

/**
 * When training stops ({@code --max-iter}, {@code --tol}, {@code --grad-tol}, {@code --time-limit},
 * {@code --patience}). Immutable.
 *
 * @param maxIter iteration budget, at least 1
 * @param tol relative objective change tolerance (0: off)
 * @param gradTol gradient norm tolerance (0: off)
 * @param timeLimitSeconds wall-clock budget in seconds (0: none)
 * @param patience early stopping on validation data after this many iterations without improvement (0: off)
 */
record StoppingSpec(int maxIter, double tol, double gradTol, double timeLimitSeconds, int patience)
        implements TrainSpec {

    /** Validates. */
    StoppingSpec {
        TrainCommand.positiveInt("--max-iter", maxIter, 1);
        TrainCommand.nonNegative("--patience", patience);
        TrainCommand.nonNegativeReal("--tol", tol);
        TrainCommand.nonNegativeReal("--grad-tol", gradTol);
        TrainCommand.nonNegativeReal("--time-limit", timeLimitSeconds);
    }

    /** The wall-clock budget, or null for none. */
    Duration timeLimit() {
        return timeLimitSeconds > 0 ? Duration.ofMillis((long) (timeLimitSeconds * 1000)) : null;
    }

    @Override
    public void writeTo(Map<String, Object> m) {
        m.put("max-iter", maxIter);
        m.put("tol", tol);
        m.put("grad-tol", gradTol);
        m.put("time-limit", timeLimitSeconds);
        m.put("patience", patience);
    }

    /** Without the budgets (iterations, time): a resumed run may be given more. */
    @Override
    public void writeFingerprintTo(Map<String, Object> m) {
        m.put("tol", tol);
        m.put("grad-tol", gradTol);
        m.put("patience", patience);
    }
}
