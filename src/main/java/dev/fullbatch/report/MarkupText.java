package dev.fullbatch.report;

/**
 * Accumulates SVG or HTML markup as pure ASCII text: attribute and content text is escaped, characters outside ASCII
 * become numeric character references (so the bytes do not depend on the charset the caller writes with), and
 * coordinates are written with at most two decimals by integer arithmetic, so output never depends on locale.
 * Mutable; one instance per document.
 */
final class MarkupText {
    private final StringBuilder out = new StringBuilder(64 * 1024);

    /** Appends markup as is; callers pass only constant ASCII markup here. */
    MarkupText raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends a coordinate or length rounded to two decimals, without trailing zeros. */
    MarkupText number(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("cannot place anything at a non-finite coordinate: " + value);
        }
        long hundredths = Math.round(value * 100);
        if (hundredths < 0) {
            out.append('-');
            hundredths = -hundredths;
        }
        out.append(hundredths / 100);
        long fraction = hundredths % 100;
        if (fraction != 0) {
            out.append('.');
            if (fraction % 10 == 0) {
                out.append(fraction / 10);
            } else {
                if (fraction < 10) {
                    out.append('0');
                }
                out.append(fraction);
            }
        }
        return this;
    }

    /** Appends text content or an attribute value, escaped. */
    MarkupText escaped(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 || (c >= 0xD800 && c <= 0xDFFF) || c == 0xFFFE || c == 0xFFFF) {
                        // Not allowed in XML 1.0 at all, even as a reference.
                        out.append(' ');
                    } else if (c < 0x7F) {
                        out.append((char) c);
                    } else {
                        out.append("&#").append(c).append(';');
                    }
                }
            }
        }
        return this;
    }

    /** A horizontal or any straight line. */
    MarkupText line(double x1, double y1, double x2, double y2, String style) {
        raw("<line x1=\"").number(x1).raw("\" y1=\"").number(y1).raw("\" x2=\"").number(x2).raw("\" y2=\"")
                .number(y2).raw("\" ").raw(style).raw("/>\n");
        return this;
    }

    /** A text element at (x, y) with the given extra attributes and escaped content. */
    MarkupText text(double x, double y, String attributes, String content) {
        raw("<text x=\"").number(x).raw("\" y=\"").number(y).raw("\" ").raw(attributes).raw(">").escaped(content)
                .raw("</text>\n");
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
