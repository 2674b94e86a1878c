package dev.fullbatch.bench;

import java.util.Locale;

/**
 * One result line.
 *
 * @param workload the workload name
 * @param system fullbatch, mllib, sparkml or floor
 * @param millis median milliseconds per gradient pass (for time-to-accuracy workloads: wall time to the target)
 * @param bytesPerValue cached bytes per stored feature value (labels included), or NaN when not measured
 * @param resultBytes bytes of task results sent to the driver per pass, or -1 when not measured
 * @param wallMillis when {@code millis} is a Spark job's duration and the whole pass was timed too (broadcast and
 *     the driver's share included), the median of that wall time; NaN otherwise
 */
public record Measurement(String workload, String system, double millis, double bytesPerValue, long resultBytes,
                          double wallMillis) {

    /** A measurement with no separate wall time. */
    public Measurement(String workload, String system, double millis, double bytesPerValue, long resultBytes) {
        this(workload, system, millis, bytesPerValue, resultBytes, Double.NaN);
    }

    /** The {@code BENCH} line {@code scripts/bench} prints ({@code wall_ms} only when measured). */
    public String line() {
        return String.format(Locale.ROOT, "BENCH workload=%s system=%s ms=%.1f bytes_per_value=%s%s", workload, system,
                millis, Double.isNaN(bytesPerValue) ? "NA" : String.format(Locale.ROOT, "%.2f", bytesPerValue),
                Double.isNaN(wallMillis) ? "" : String.format(Locale.ROOT, " wall_ms=%.1f", wallMillis));
    }
}
