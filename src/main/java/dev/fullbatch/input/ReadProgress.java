package dev.fullbatch.input;

import java.util.Locale;
import java.util.Optional;

/**
 * What a running read has done, as one line at most every {@code intervalNanos}: blocks and bytes done, the rate so
 * far and the time left at that rate. A read that ends within the first interval says nothing. The caller feeds it
 * the totals done so far with the time they were seen; it keeps no clock of its own, so it is tested without one.
 * Not thread-safe: one caller at a time (Spark's listener bus is one thread).
 */
public final class ReadProgress {
    private final String what;
    private final long totalBlocks;
    private final long totalBytes;
    private final long startNanos;
    private final long intervalNanos;
    private long lastNanos;

    /**
     * @param what the input, as the user named it
     * @param totalBlocks blocks the read makes
     * @param totalBytes bytes the read reads
     * @param startNanos when the read started ({@link System#nanoTime()} scale)
     * @param intervalNanos the least time between two lines, and before the first
     */
    public ReadProgress(String what, long totalBlocks, long totalBytes, long startNanos, long intervalNanos) {
        this.what = what;
        this.totalBlocks = totalBlocks;
        this.totalBytes = totalBytes;
        this.startNanos = startNanos;
        this.intervalNanos = intervalNanos;
        this.lastNanos = startNanos;
    }

    /** The line to print now, if an interval has passed since the last one (or the start). */
    public Optional<String> update(long nowNanos, long blocksDone, long bytesDone) {
        if (nowNanos - lastNanos < intervalNanos) {
            return Optional.empty();
        }
        lastNanos = nowNanos;
        return Optional.of(line(nowNanos - startNanos, blocksDone, bytesDone));
    }

    /** "fullbatch: reading IN: 12/40 blocks, 480.0 MB of 1.6 GB, 96.0 MB/s, about 12 s left". */
    String line(long elapsedNanos, long blocksDone, long bytesDone) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? bytesDone / seconds : 0;
        String left;
        if (bytesDone >= totalBytes) {
            left = "caching the last blocks";
        } else if (rate > 0) {
            left = "about " + duration((totalBytes - bytesDone) / rate) + " left";
        } else {
            left = "time left unknown yet";
        }
        return String.format(Locale.ROOT, "fullbatch: reading %s: %,d/%,d blocks, %s of %s, %.1f MB/s, %s", what,
                blocksDone, totalBlocks, bytes(bytesDone), bytes(totalBytes), rate / 1e6, left);
    }

    /** Decimal units, as the rate is in MB/s: "512 B", "480.0 MB", "1.6 GB". */
    public static String bytes(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB", "PB"};
        double v = n;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String duration(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s + 59) / 60 + " min";
        }
        return String.format(Locale.ROOT, "%.1f h", s / 3600.0);
    }
}
