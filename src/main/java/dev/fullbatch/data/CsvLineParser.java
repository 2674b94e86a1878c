package dev.fullbatch.data;

/**
 * Parses comma-separated numeric lines into dense rows: one column is the label, optionally one holds the instance
 * weight and one the offset, and all others are the features in their column order.
 *
 * <p>Cells are split as RFC 4180 quotes them ({@link CsvCells}): a quoted number ({@code "1.5"}) is the number.
 * Rejected, with a sentence naming the column: a quote the line does not close, text after a closing quote, a wrong
 * number of columns, a cell that is not a plain decimal number (surrounding blanks are allowed), an empty cell, NaN,
 * infinite or out-of-range cells, a label the objective does not accept ({@link LabelRule}), a negative weight.
 * Blank lines are skipped; CRLF is accepted.
 */
public final class CsvLineParser implements LineParser {
    private final int columns;
    private final int labelColumn;
    private final int weightColumn;
    private final int offsetColumn;
    private final String shapeOrigin;
    private final LabelRule labels;
    /** Per column: its position among the categorical columns, or -1 for a numeric column; null without any. */
    private final int[] categoricalSlot;
    private final CategoricalEncoding categorical;
    private final String[] categoryValues;
    private final int[] levelFeatures;
    /** Per column: whether its cell is not read at all (a column kept only for predictions); null without any. */
    private final boolean[] ignored;
    /** Scratch for the cells of the line being parsed. */
    private final CsvCells cells = new CsvCells();

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
        this(columns, labelColumn, -1, -1, shapeOrigin, labels);
    }

    /**
     * @param columns the number of columns every line must have (features + label + weight and offset columns)
     * @param labelColumn 0-based index of the label column
     * @param weightColumn 0-based index of the instance weight column, or -1 for none (every row weighs 1)
     * @param offsetColumn 0-based index of the offset column, or -1 for none
     * @param shapeOrigin what fixed {@code columns}, for messages; may be empty
     * @param labels the labels the objective accepts
     */
    public CsvLineParser(int columns, int labelColumn, int weightColumn, int offsetColumn, String shapeOrigin,
                         LabelRule labels) {
        this(columns, labelColumn, weightColumn, offsetColumn, shapeOrigin, labels, null, null);
    }

    /**
     * A parser that one-hot encodes some columns ({@code --categorical-cols}): their text (blank-trimmed, unquoted;
     * an empty cell is the missing value) selects a level of {@code categorical}, whose features follow the numeric
     * ones, every level's feature written (1 for the row's level, 0 for the others) since rows are dense.
     *
     * @param categoricalColumns the 0-based columns of {@code categorical}'s columns, in its order; null for none
     * @param categorical the encoding, or null for none
     */
    public CsvLineParser(int columns, int labelColumn, int weightColumn, int offsetColumn, String shapeOrigin,
                         LabelRule labels, int[] categoricalColumns, CategoricalEncoding categorical) {
        this(columns, labelColumn, weightColumn, offsetColumn, shapeOrigin, labels, categoricalColumns, categorical,
                null);
    }

    /**
     * A parser that also leaves some columns unread: columns predictions only pass through ({@code --id-col},
     * {@code --keep-cols}), which are neither features nor any other role; their cells may hold any text.
     *
     * @param ignoredColumns the 0-based columns not to read; null or empty for none
     */
    public CsvLineParser(int columns, int labelColumn, int weightColumn, int offsetColumn, String shapeOrigin,
                         LabelRule labels, int[] categoricalColumns, CategoricalEncoding categorical,
                         int[] ignoredColumns) {
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be >= 1, got " + columns);
        }
        requireColumn("labelColumn", labelColumn, columns);
        if (weightColumn != -1) {
            requireColumn("weightColumn", weightColumn, columns);
        }
        if (offsetColumn != -1) {
            requireColumn("offsetColumn", offsetColumn, columns);
        }
        if (weightColumn == labelColumn || offsetColumn == labelColumn
                || (weightColumn != -1 && weightColumn == offsetColumn)) {
            throw new IllegalArgumentException("the label, weight and offset columns must differ, got " + labelColumn
                    + ", " + weightColumn + ", " + offsetColumn);
        }
        this.columns = columns;
        this.labelColumn = labelColumn;
        this.weightColumn = weightColumn;
        this.offsetColumn = offsetColumn;
        this.shapeOrigin = shapeOrigin == null || shapeOrigin.isEmpty() ? "" : " (" + shapeOrigin + ")";
        this.labels = java.util.Objects.requireNonNull(labels, "labels");
        this.categorical = categorical;
        if (categorical == null) {
            this.categoricalSlot = null;
            this.categoryValues = null;
            this.levelFeatures = null;
        } else {
            if (categoricalColumns.length != categorical.columns().size()) {
                throw new IllegalArgumentException("expected " + categorical.columns().size()
                        + " categorical columns, got " + categoricalColumns.length);
            }
            this.categoricalSlot = new int[columns];
            java.util.Arrays.fill(categoricalSlot, -1);
            for (int c = 0; c < categoricalColumns.length; c++) {
                int column = categoricalColumns[c];
                requireColumn("categorical column", column, columns);
                if (column == labelColumn || column == weightColumn || column == offsetColumn
                        || categoricalSlot[column] != -1) {
                    throw new IllegalArgumentException("categorical column " + column + " is also another role");
                }
                categoricalSlot[column] = c;
            }
            this.categoryValues = new String[categoricalColumns.length];
            this.levelFeatures = new int[categoricalColumns.length];
        }
        if (ignoredColumns == null || ignoredColumns.length == 0) {
            this.ignored = null;
        } else {
            this.ignored = new boolean[columns];
            for (int column : ignoredColumns) {
                requireColumn("ignored column", column, columns);
                if (column == labelColumn || column == weightColumn || column == offsetColumn
                        || categoricalSlot != null && categoricalSlot[column] >= 0 || ignored[column]) {
                    throw new IllegalArgumentException("ignored column " + column + " is also another role");
                }
                ignored[column] = true;
            }
        }
    }

    private static void requireColumn(String name, int column, int columns) {
        if (column < 0 || column >= columns) {
            throw new IllegalArgumentException(name + " must be in [0, " + (columns - 1) + "], got " + column);
        }
    }

    /** The number of feature columns: all but the label, weight and offset columns. */
    public int features() {
        int numeric = columns - 1 - (weightColumn >= 0 ? 1 : 0) - (offsetColumn >= 0 ? 1 : 0) - ignoredCount();
        return categorical == null ? numeric
                : numeric - categorical.columns().size() + categorical.width();
    }

    private int ignoredCount() {
        int n = 0;
        for (int c = 0; ignored != null && c < ignored.length; c++) {
            n += ignored[c] ? 1 : 0;
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
        String malformed = cells.split(b, start, end);
        if (malformed != null) {
            return malformed;
        }
        int found = cells.count();
        if (found != columns) {
            return "has " + found + " columns, expected " + columns + shapeOrigin;
        }
        double label = 0;
        double weight = 1.0;
        double offset = 0.0;
        int feature = 0;
        for (int column = 0; column < columns; column++) {
            if (ignored != null && ignored[column]) {
                continue;
            }
            if (categoricalSlot != null && categoricalSlot[column] >= 0) {
                categoryValues[categoricalSlot[column]] = cells.text(b, column);
                continue;
            }
            int a = cells.start(column);
            int z = cells.end(column);
            if (cells.quoted(column)) {
                // A quoted number: blanks inside the quotes mean nothing either.
                while (a < z && LibsvmLineParser.isBlank(b[a])) {
                    a++;
                }
                while (z > a && LibsvmLineParser.isBlank(b[z - 1])) {
                    z--;
                }
            }
            double v = DecimalParser.parse(b, a, z);
            if (column == weightColumn) {
                String problem = InstanceWeight.check(v, b, a, z);
                if (problem != null) {
                    out.abortRow();
                    return problem + " in column " + (column + 1);
                }
                weight = v;
            } else {
                String unusable = DecimalParser.whyUnusable(v, b, a, z);
                if (unusable != null) {
                    out.abortRow();
                    String role = column == offsetColumn ? "offset in " : "";
                    return role + "column " + (column + 1) + " ('" + LibsvmLineParser.token(b, a, z) + "') "
                            + unusable;
                }
                if (column == labelColumn) {
                    label = v;
                } else if (column == offsetColumn) {
                    offset = v;
                } else {
                    out.addValue(feature++, v);
                }
            }
        }
        String labelProblem = labels.check(label);
        if (labelProblem != null) {
            out.abortRow();
            return labelProblem + " in column " + (labelColumn + 1);
        }
        if (categorical != null) {
            categorical.encode(categoryValues, levelFeatures, null);
            int width = categorical.width();
            int next = 0;
            for (int level : levelFeatures) {
                for (; next < level; next++) {
                    out.addValue(feature + next, 0.0);
                }
                out.addValue(feature + next++, 1.0);
            }
            for (; next < width; next++) {
                out.addValue(feature + next, 0.0);
            }
        }
        out.endRow(label, weight, offset);
        return null;
    }
}
