package dev.fullbatch.data;

/**
 * The input cannot be used as given: a missing path, an empty input, malformed records, labels that do not fit
 * the objective. The message is written for the user (it names the file, line and fix); the job exits with code 2
 * and prints no stack trace.
 */
public class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, where, and how to fix it */
    public BadInputException(String message) {
        super(message);
    }

    /** @param message what is wrong, where, and how to fix it; @param cause the underlying failure */
    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
