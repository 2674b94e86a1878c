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
 */
public record Measurement(String workload, String system, double millis, double bytesPerValue, long resultBytes) {

    /** The {@code BENCH} line {@code scripts/bench} prints. */
    public String line() {
        return String.format(Locale.ROOT, "BENCH workload=%s system=%s ms=%.1f bytes_per_value=%s", workload, system,
                millis, Double.isNaN(bytesPerValue) ? "NA" : String.format(Locale.ROOT, "%.2f", bytesPerValue));
    }
}
