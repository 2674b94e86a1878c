package dev.fullbatch.export;

/**
 * A saved model that an export format cannot express (or that this build cannot read). The message names the model
 * and what is unsupported, and suggests the format that can hold it where there is one; the job reports it as a
 * usage error (exit 2).
 */
public final class UnsupportedModelException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the model, what is unsupported, and the way out */
    public UnsupportedModelException(String message) {
        super(message);
    }
}
