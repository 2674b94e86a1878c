package dev.fullbatch.job;

import org.apache.spark.network.util.JavaUtils;
import picocli.CommandLine;

/**
 * Reads a byte-count option the way Spark reads its own sizes ({@code spark.executor.memory} and the like): a
 * whole number of bytes, or one with a suffix {@code k}, {@code m}, {@code g}, {@code t} or {@code p} (also
 * {@code kb}, {@code mb}..., any case) in powers of 1024, so {@code 4m} is 4,194,304 bytes. Spark's own parser does
 * the reading, so the two never disagree; a value it refuses becomes one line naming the value and the fix (picocli
 * adds the option's name).
 */
final class ByteSize implements CommandLine.ITypeConverter<Long> {

    @Override
    public Long convert(String value) {
        return parse(value);
    }

    /**
     * The number of bytes a value gives.
     *
     * @throws CommandLine.TypeConversionException for anything but a whole, non-negative count with an optional
     *     suffix, or a count beyond {@code Long.MAX_VALUE} bytes
     */
    static long parse(String value) {
        try {
            return JavaUtils.byteStringAsBytes(value.trim());
        } catch (IllegalArgumentException e) {
            // NumberFormatException is one: Spark's message spans lines and names Spark's units, not ours.
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size in bytes: give a whole "
                    + "number of bytes, or one with a suffix k, m or g (powers of 1024), e.g. 4m or 65536");
        }
    }

    /** A byte count as the shortest exact suffixed form: 4194304 is "4m", 1536 is "1536". */
    static String format(long bytes) {
        String[] suffixes = {"", "k", "m", "g", "t", "p"};
        int i = 0;
        long n = bytes;
        while (n != 0 && n % 1024 == 0 && i < suffixes.length - 1) {
            n /= 1024;
            i++;
        }
        return n + suffixes[i];
    }
}
