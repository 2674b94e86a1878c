package dev.fullbatch.job;

/** The process exit codes of the contract, which Airflow and shell scripts read. */
public final class ExitCode {
    /** Success. */
    public static final int OK = 0;
    /** An unexpected internal failure (a bug). */
    public static final int INTERNAL = 1;
    /** Bad usage, configuration or input data. */
    public static final int USAGE = 2;
    /** Training diverged. */
    public static final int DIVERGED = 3;

    private ExitCode() {
    }
}
