package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;

/**
 * Turns bytes from a data file into text that is safe to print in a message: at most a given number of bytes,
 * without a trailing carriage return, with control characters shown as {@code \xNN} (a stray {@code \r} or escape
 * sequence from a binary file must not garble the terminal that shows the error).
 */
public final class Excerpt {
    private Excerpt() {
    }

    /**
     * The bytes {@code [from, to)} as printable text, cut to {@code max} bytes with "..." marking the cut.
     *
     * @param max the most bytes kept, at least 1
     */
    public static String of(byte[] bytes, int from, int to, int max) {
        int end = to;
        while (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        int len = end - from;
        String s = printable(new String(bytes, from, Math.min(len, max), StandardCharsets.UTF_8));
        return len > max ? s + "..." : s;
    }

    /** {@code s} with control characters other than tab replaced by {@code \xNN}. */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0);
            if (control && sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (sb != null) {
                if (control) {
                    sb.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
