package dev.fullbatch.stats;

/**
 * Coefficient statistics cannot be given for this model or data; the message says why and what to change (a user
 * error: the command exits with code 2).
 */
public final class StatisticsRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message why, naming the option or column, and the fix */
    public StatisticsRefusedException(String message) {
        super(message);
    }
}
