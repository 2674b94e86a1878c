package dev.fullbatch.optim;

import java.util.Optional;

/**
 * Stops, converged, when {@code |f_prev - f| <= tolerance * max(|f|, |f_prev|, tiny)} ({@code --tol}), with tiny the
 * smallest normal double so that an objective of exactly 0 that stays 0 also stops.
 *
 * @param tolerance the relative tolerance, finite and {@code >= 0}
 */
public record RelativeObjectiveChange(double tolerance) implements ConvergenceCriterion {

    public RelativeObjectiveChange {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("--tol must be a finite number >= 0, got " + tolerance);
        }
    }

    /** The relative change between two states' objectives. */
    static double of(OptimizerState previous, OptimizerState current) {
        double scale = Math.max(Math.max(Math.abs(current.value()), Math.abs(previous.value())), Double.MIN_NORMAL);
        return Math.abs(previous.value() - current.value()) / scale;
    }

    @Override
    public Optional<StopReason> check(OptimizerState previous, OptimizerState current) {
        if (previous == null) {
            return Optional.empty();
        }
        double f = current.value();
        double fPrev = previous.value();
        double scale = Math.max(Math.max(Math.abs(f), Math.abs(fPrev)), Double.MIN_NORMAL);
        if (!(Math.abs(fPrev - f) <= tolerance * scale)) {
            return Optional.empty();
        }
        return Optional.of(new StopReason("tol", true, "relative objective change "
                + NumberText.rounded(of(previous, current), 2) + " fell below --tol " + NumberText.exact(tolerance)
                + " at iteration " + current.iteration()));
    }
}
