package dev.fullbatch.job;

/**
 * The command line or configuration is wrong: a missing or unknown option, a bad value, options that conflict,
 * an output directory that exists. The message names the option and the fix; the job exits with code 2.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and how to fix it */
    public UsageException(String message) {
        super(message);
    }
}
