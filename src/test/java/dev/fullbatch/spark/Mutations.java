package dev.fullbatch.spark;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Valid LIBSVM and CSV files and random mutations of them, for tests that check that no input makes the job fail
 * with anything but a clear answer. Reproducible from the seed of the {@link SplittableRandom} passed in.
 */
public final class Mutations {
    /**
     * Fragments a mutation may insert: the shapes of real mistakes (numbers in the wrong notation, stray
     * separators, line breaks, comment marks, absurd indices, control and non-ASCII bytes).
     */
    private static final String[] TOKENS = {
        "nan", "NaN", "inf", "-Infinity", "1e999", "-1e400", "0x1F", "1,5", "1.2.3", "--1", "+", "-", ".", "e", "E5",
        "0:1", "-3:2", "99999999999:1", "2147483646:1", "123456789:1", "1:", ":", "::", ":5", "qid:1", "3:1 2:1",
        "#", " # comment", "\r", "\n", "\r\n", "\n\n", "\t", "  ", ",", ",,", "\"1\"", "'2'", "x", "label",
        "\u0000", "\u001b[2J", "\u00e9", "\u00ff\u00fe", "1.5", "-1", "2", "7", "0", "1e5", "y,a,b", "1 1:1",
    };

    private Mutations() {
    }

    /** A valid LIBSVM file of {@code rows} rows over features 1..d with 0/1 labels (also valid for softmax). */
    public static byte[] libsvm(SplittableRandom rnd, int rows, int d) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            sb.append(i % 2);
            for (int j = 1; j <= d; j++) {
                if (rnd.nextInt(3) > 0) {
                    sb.append(' ').append(j).append(':').append(decimal(rnd));
                }
            }
            sb.append(i % 17 == 5 ? " # note\n" : i % 23 == 7 ? "\r\n" : "\n");
            if (i % 29 == 11) {
                sb.append('\n');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A valid CSV file with a header line: label first, then {@code d} features. */
    public static byte[] csv(SplittableRandom rnd, int rows, int d) {
        StringBuilder sb = new StringBuilder("y");
        for (int j = 1; j <= d; j++) {
            sb.append(",f").append(j);
        }
        sb.append('\n');
        for (int i = 0; i < rows; i++) {
            sb.append(i % 2);
            for (int j = 1; j <= d; j++) {
                sb.append(',').append(decimal(rnd));
            }
            sb.append(i % 19 == 3 ? "\r\n" : "\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String decimal(SplittableRandom rnd) {
        return String.format(Locale.ROOT, "%.4f", rnd.nextDouble() * 4 - 2);
    }

    /**
     * A copy of {@code base} with 1 to 4 random edits: a byte deleted, doubled, swapped with its neighbour or
     * replaced by a random byte, or a token inserted.
     */
    public static byte[] mutate(byte[] base, SplittableRandom rnd) {
        byte[] b = base.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 1; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(5)) {
                case 0 -> b = splice(b, at, 1, new byte[0]);
                case 1 -> b = splice(b, at, 0, new byte[] {b[at]});
                case 2 -> {
                    int next = Math.min(at + 1, b.length - 1);
                    byte t = b[at];
                    b[at] = b[next];
                    b[next] = t;
                }
                case 3 -> b[at] = (byte) rnd.nextInt(256);
                default -> b = splice(b, at, 0, TOKENS[rnd.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
        }
        return b;
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, at);
        out.write(insert, 0, insert.length);
        out.write(b, at + remove, b.length - at - remove);
        return out.toByteArray();
    }

    /** The bytes as a Java string literal body, to show a failing input in a test message. */
    public static String escaped(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            int c = x & 0xff;
            if (c == '\n') {
                sb.append("\\n");
            } else if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
                sb.append((char) c);
            } else {
                sb.append(String.format(Locale.ROOT, "\\x%02x", c));
            }
        }
        return sb.toString();
    }
}
