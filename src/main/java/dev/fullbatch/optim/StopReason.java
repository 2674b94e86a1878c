package dev.fullbatch.optim;

import java.util.Objects;

/**
 * Why training stopped, as {@code model.json} records it.
 *
 * @param code      a stable short name: "max-iter", "tol", "grad-tol", "time-limit", "stalled", "diverged", or one
 *                  the training loop adds (e.g. early stopping)
 * @param converged whether the stop means the optimum was reached to the requested accuracy
 * @param message   a sentence a person understands, e.g. "relative objective change 3.1e-10 fell below --tol 1e-9 at
 *                  iteration 57"
 */
public record StopReason(String code, boolean converged, String message) {

    public StopReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (code.isBlank()) {
            throw new IllegalArgumentException("a stop reason needs a code, got '" + code + "'");
        }
    }
}
