package dev.fullbatch.data;

/**
 * Parses comma-separated numeric lines into dense rows: one column is the label, the others are the features in
 * their column order.
 *
 * <p>Rejected, with a sentence naming the column: a wrong number of columns, a cell that is not a plain decimal
 * number (surrounding blanks are allowed; quotes are not), an empty cell, NaN, infinite or out-of-range cells, a
 * label the objective does not accept ({@link LabelRule}). Blank lines are skipped; CRLF is accepted.
 */
public final class CsvLineParser implements LineParser {
    private final int columns;
    private final int labelColumn;
    private final String shapeOrigin;
    private final LabelRule labels;

    /**
     * @param columns the number of columns every line must have (features + 1), at least 1
     * @param labelColumn 0-based index of the label column
     */
    public CsvLineParser(int columns, int labelColumn) {
        this(columns, labelColumn, "", LabelRule.real("least-squares"));
    }

    /**
     * @param columns the number of columns every line must have (features + 1), at least 1
     * @param labelColumn 0-based index of the label column
     * @param shapeOrigin what fixed {@code columns}, for messages, e.g. "as on line 1 of file:/a.csv"; may be empty
     * @param labels the labels the objective accepts
     */
    public CsvLineParser(int columns, int labelColumn, String shapeOrigin, LabelRule labels) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        if (labelColumn < 0 || labelColumn >= columns) {
            throw new IllegalArgumentException("labelColumn must be in [0, " + (columns - 1) + "], got "
                    + labelColumn);
        }
        this.columns = columns;
        this.labelColumn = labelColumn;
        this.shapeOrigin = shapeOrigin == null || shapeOrigin.isEmpty() ? "" : " (" + shapeOrigin + ")";
        this.labels = java.util.Objects.requireNonNull(labels, "labels");
    }

    /** Counts the columns of a line (the number of commas plus one). */
    public static int countColumns(byte[] b, int from, int to) {
        int n = 1;
        for (int k = from; k < to; k++) {
            if (b[k] == ',') {
                n++;
            }
        }
        return n;
    }

    @Override
    public String parse(byte[] b, int from, int to, BlockBuilder out) {
        int end = to;
        while (end > from && LibsvmLineParser.isBlank(b[end - 1])) {
            end--;
        }
        int start = from;
        while (start < end && LibsvmLineParser.isBlank(b[start])) {
            start++;
        }
        if (start >= end) {
            return SKIPPED;
        }
        int found = countColumns(b, start, end);
        if (found != columns) {
            return "has " + found + " columns, expected " + columns + shapeOrigin;
        }
        double label = 0;
        int column = 0;
        int cell = start;
        while (column < columns) {
            int cellEnd = cell;
            while (cellEnd < end && b[cellEnd] != ',') {
                cellEnd++;
            }
            int a = cell;
            int z = cellEnd;
            while (a < z && LibsvmLineParser.isBlank(b[a])) {
                a++;
            }
            while (z > a && LibsvmLineParser.isBlank(b[z - 1])) {
                z--;
            }
            double v = DecimalParser.parse(b, a, z);
            String unusable = DecimalParser.whyUnusable(v, b, a, z);
            if (unusable != null) {
                out.abortRow();
                String quoted = z > a && (b[a] == '"' || b[a] == '\'') ? " (quoted cells are not supported)" : "";
                return "column " + (column + 1) + " ('" + LibsvmLineParser.token(b, a, z) + "') " + unusable
                        + quoted;
            }
            if (column == labelColumn) {
                label = v;
            } else {
                out.addValue(column < labelColumn ? column : column - 1, v);
            }
            column++;
            cell = cellEnd + 1;
        }
        String labelProblem = labels.check(label);
        if (labelProblem != null) {
            out.abortRow();
            return labelProblem + " in column " + (labelColumn + 1);
        }
        out.endRow(label, 1.0);
        return null;
    }
}
