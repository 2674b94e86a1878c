package dev.fullbatch.train;

/**
 * Training produced a non-finite objective or gradient. The message names the iteration and what to change; the
 * job exits with code 3.
 */
public final class DivergenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int iteration;

    /**
     * @param iteration the iteration whose objective or gradient was not finite
     * @param message what happened and what to change
     */
    public DivergenceException(int iteration, String message) {
        super(message);
        this.iteration = iteration;
    }

    /** The iteration that diverged. */
    public int iteration() {
        return iteration;
    }
}
