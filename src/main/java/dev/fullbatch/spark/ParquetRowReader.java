package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.FeatureHashing;
import dev.fullbatch.data.HashedRow;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.RowWeighting;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Turns the rows Spark SQL reads (the label, the feature columns, the weight and offset columns, the kept columns,
 * then {@code _metadata.file_path} and {@code _metadata.row_index}) into rows of a {@link BlockBuilder}, as a line
 * parser does for text; for predictions, also gives every row's row index and kept values. A null, NaN or
 * infinite label or feature, or a vector wider than the declared width, is a problem named by file, row (counted
 * from 1 within its file) and column. Zeros are not stored, so a vector stored dense or sparse gives the same row.
 *
 * <p>The feature columns are a vector column, or the numeric columns, then the categorical ones, then the hashed
 * ones ({@link ParquetColumns}). A categorical value (a string, or an integer's decimal text; null is the missing
 * value) becomes its level's feature, value 1, after the numeric features ({@link CategoricalEncoding}); hashed
 * columns become the 2^bits features after those ({@link FeatureHashing}): a string column c's value v is the token
 * {@code c=v} (Spark's {@code FeatureHasher}), each element of an array of strings the token itself, once per
 * occurrence (Spark's {@code HashingTF}), each with value 1; nulls add nothing.
 *
 * <p>Its settings are immutable; the one instance a task deserializes is used by that task only, which owns its
 * scratch space.
 */
final class ParquetRowReader implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ParquetColumns columns;
    private final RowWeighting weighting;
    private final int declaredWidth;
    private final RowBlockLayout layout;
    private final InputFileIndex files;
    private final CategoricalEncoding categorical;
    private final FeatureHashing hashing;
    private final boolean rowIdentity;
    private final int keptColumns;
    /** The task's scratch space for categorical values and hashed tokens, made on first use. */
    private transient String[] categoryValues;
    private transient int[] levels;
    private transient HashedRow hashed;
    /** The label, weight and offset of the row being checked, set by {@link #head}. */
    private transient double label;
    private transient double weight;
    private transient double offset;

    /** A reader for training of numeric or vector columns: no encoded columns, no row identity, no kept columns. */
    ParquetRowReader(ParquetColumns columns, RowWeighting weighting, int declaredWidth, RowBlockLayout layout,
                     InputFileIndex files) {
        this(columns, weighting, declaredWidth, layout, files, null, null, false, 0);
    }

    /** A reader for training, of categorical and hashed columns too: no row identity, no kept columns. */
    ParquetRowReader(ParquetColumns columns, RowWeighting weighting, int declaredWidth, RowBlockLayout layout,
                     InputFileIndex files, CategoricalEncoding categorical, FeatureHashing hashing) {
        this(columns, weighting, declaredWidth, layout, files, categorical, hashing, false, 0);
    }

    /**
     * @param columns the resolved columns, in the order they are selected after the label
     * @param weighting the weight and offset columns, selected in that order after the features
     * @param declaredWidth the largest allowed vector size, or 0 for any
     * @param layout the row numbering
     * @param files the input files in path order
     * @param categorical the dictionaries of {@code columns.categoricalColumns()}, in that order; null for none
     * @param hashing how {@code columns.hashedColumns()} are hashed; null for none
     * @param rowIdentity whether rows are read with their row index and kept values (for predictions)
     * @param keptColumns the number of kept columns, selected after the weight and offset columns
     */
    ParquetRowReader(ParquetColumns columns, RowWeighting weighting, int declaredWidth, RowBlockLayout layout,
                     InputFileIndex files, CategoricalEncoding categorical, FeatureHashing hashing,
                     boolean rowIdentity, int keptColumns) {
        if (columns.categoricalColumns().size() != (categorical == null ? 0 : categorical.columns().size())
                || (columns.hashedColumns().isEmpty() != (hashing == null))) {
            throw new IllegalArgumentException("the encoded columns " + columns + " do not match the encoding");
        }
        this.columns = columns;
        this.weighting = weighting;
        this.declaredWidth = declaredWidth;
        this.layout = layout;
        this.files = files;
        this.categorical = categorical;
        this.hashing = hashing;
        this.rowIdentity = rowIdentity;
        this.keptColumns = keptColumns;
    }

    /** Features of the encoded columns: the categorical levels, then 2^bits hashed ones. */
    int encodedWidth() {
        return (categorical == null ? 0 : categorical.width()) + (hashing == null ? 0 : hashing.dimension());
    }

    /** Feature columns selected after the label. */
    private int featureColumns() {
        return columns.vectorColumn() != null ? 1 : columns.numericColumns().size()
                + columns.categoricalColumns().size() + columns.hashedColumns().size();
    }

    /** Whether rows are read with their row index and kept values. */
    boolean rowIdentity() {
        return rowIdentity;
    }

    /** The number of kept columns. */
    int keptColumns() {
        return keptColumns;
    }

    /** The 0-based index of a selected row within its file. */
    long rowIndex(Row row) {
        return row.getLong(row.length() - 1);
    }

    /** The kept values of a selected row, as Spark SQL gives them (null for a null). */
    Object[] kept(Row row) {
        int first = row.length() - 2 - keptColumns;
        Object[] out = new Object[keptColumns];
        for (int k = 0; k < keptColumns; k++) {
            out[k] = row.get(first + k);
        }
        return out;
    }

    /** The row numbering. */
    RowBlockLayout layout() {
        return layout;
    }

    /**
     * The global row number of a selected row.
     *
     * @param file the index of the row's file, from {@link #fileOf}
     * @throws BadInputException when the file has more rows than its footer said when loading started
     */
    long globalRow(Row row, int file) {
        long rowIndex = row.getLong(row.length() - 1);
        try {
            return layout.globalRow(file, rowIndex);
        } catch (IndexOutOfBoundsException e) {
            throw new BadInputException(files.path(file) + " changed while it was read (it has more than the "
                    + layout.rowsOf(file) + " rows counted first); rerun on input that is not being written to");
        }
    }

    /** The index of a selected row's file; pass the previous row's path and index to skip the lookup. */
    int fileOf(Row row, String previousPath, int previousFile) {
        String path = row.getString(row.length() - 2);
        return path.equals(previousPath) ? previousFile : files.indexOf(path);
    }

    /** The width a good row needs: its vector's size, or the number of numeric columns. */
    int sizeOf(Row row) {
        return columns.vectorColumn() != null ? ((Vector) row.get(1)).size()
                : columns.numericColumns().size() + encodedWidth();
    }

    /**
     * Appends a selected row to {@code out}.
     *
     * @param file the index of the row's file
     * @return null when the row was added; otherwise "file row N: column 'c' ..." (nothing is added)
     */
    String read(Row row, int file, BlockBuilder out) {
        String problem = check(row, out);
        if (problem != null) {
            out.abortRow();
            return files.path(file) + " row " + (row.getLong(row.length() - 1) + 1) + ": " + problem;
        }
        return null;
    }

    /**
     * The numbers of a selected row by position: the label at 0, then the feature columns, then the weight and the
     * offset, as {@link ParquetLoader} selects them. Lets a row read without Spark SQL's {@link Row}s
     * ({@link ParquetBlockScan}) be checked by the same code, with the same messages.
     */
    interface Cells {
        /** Whether the value at {@code at} is null. */
        boolean isNullAt(int at);

        /** The value at {@code at} (not null) as a double, as {@link Number#doubleValue()} gives it. */
        double number(int at);
    }

    /** A {@link Row}'s numbers. */
    private static Cells cells(Row row) {
        return new Cells() {
            @Override
            public boolean isNullAt(int at) {
                return row.isNullAt(at);
            }

            @Override
            public double number(int at) {
                return ((Number) row.get(at)).doubleValue();
            }
        };
    }

    /**
     * Appends a row of numeric feature columns only (no vector, categorical or hashed columns) to a dense builder
     * of their width: every value in column order, a negative zero as zero (the value a sparse row's absent entry
     * gets when laid out densely), so the block equals the dense layout of what {@link #read} builds.
     *
     * @param rowIndex the row's 0-based index within its file
     * @param file the index of the row's file
     * @return null when the row was added; otherwise "file row N: column 'c' ..." (nothing is added)
     */
    String readNumeric(Cells row, long rowIndex, int file, BlockBuilder dense) {
        String problem = head(row);
        if (problem == null) {
            problem = numeric(row, dense, true);
        }
        if (problem != null) {
            dense.abortRow();
            return files.path(file) + " row " + (rowIndex + 1) + ": " + problem;
        }
        dense.endRow(label, weight, offset);
        return null;
    }

    /** Checks a row's label, weight and offset into {@link #label}, {@link #weight}, {@link #offset}. */
    private String head(Cells row) {
        String labelName = columns.labelColumn();
        if (row.isNullAt(0)) {
            return "column '" + labelName + "' is null";
        }
        label = row.number(0);
        if (!Double.isFinite(label)) {
            return "column '" + labelName + "' is " + label;
        }
        int at = 1 + featureColumns();
        weight = 1.0;
        if (weighting.weightColumn() != null) {
            String name = weighting.weightColumn();
            if (row.isNullAt(at)) {
                return "column '" + name + "' (the instance weight) is null";
            }
            weight = row.number(at);
            if (!Double.isFinite(weight) || weight < 0) {
                return "column '" + name + "' (the instance weight) is " + weight + ": weights must be finite and "
                        + ">= 0";
            }
            at++;
        }
        offset = 0.0;
        if (weighting.offsetColumn() != null) {
            String name = weighting.offsetColumn();
            if (row.isNullAt(at)) {
                return "column '" + name + "' (the offset) is null";
            }
            offset = row.number(at);
            if (!Double.isFinite(offset)) {
                return "column '" + name + "' (the offset) is " + offset;
            }
        }
        return null;
    }

    private String check(Row row, BlockBuilder out) {
        Cells cells = cells(row);
        String problem = head(cells);
        if (problem != null) {
            return problem;
        }
        problem = columns.vectorColumn() != null ? vector(row, out) : numeric(cells, out, false);
        if (problem == null) {
            encoded(row, out);
            out.endRow(label, weight, offset);
        }
        return problem;
    }

    /** Appends the numeric columns' values: the nonzero ones at their columns, or (dense) every one in order. */
    private String numeric(Cells row, BlockBuilder out, boolean dense) {
        List<String> names = columns.numericColumns();
        for (int j = 0; j < names.size(); j++) {
            if (row.isNullAt(1 + j)) {
                return "column '" + names.get(j) + "' is null";
            }
            double v = row.number(1 + j);
            if (!Double.isFinite(v)) {
                return "column '" + names.get(j) + "' is " + v;
            }
            if (dense) {
                out.addValue(j, v == 0 ? 0.0 : v);
            } else if (v != 0) {
                out.addValue(j, v);
            }
        }
        return null;
    }

    /** Appends the categorical levels' and hashed tokens' features, which no value can make bad. */
    private void encoded(Row row, BlockBuilder out) {
        int at = 1 + columns.numericColumns().size();
        int offset = columns.numericColumns().size();
        if (categorical != null) {
            int n = categorical.columns().size();
            if (categoryValues == null) {
                categoryValues = new String[n];
                levels = new int[n];
            }
            for (int c = 0; c < n; c++) {
                categoryValues[c] = categoryValue(row, at + c);
            }
            categorical.encode(categoryValues, levels, null);
            for (int c = 0; c < n; c++) {
                out.addValue(offset + levels[c], 1.0);
            }
            at += n;
            offset += categorical.width();
        }
        if (hashing != null) {
            if (hashed == null) {
                hashed = new HashedRow(hashing);
            }
            List<String> names = columns.hashedColumns();
            for (int c = 0; c < names.size(); c++, at++) {
                if (row.isNullAt(at)) {
                    continue;
                }
                Object v = row.get(at);
                if (v instanceof String s) {
                    hashed.add(FeatureHashing.columnToken(names.get(c), s), 1.0);
                } else {
                    for (Object term : row.getList(at)) {
                        if (term != null) {
                            hashed.add((String) term, 1.0);
                        }
                    }
                }
            }
            hashed.finishInto(out, offset);
        }
    }

    /**
     * The raw value of a categorical column as the dictionary keys it: a string as it is, an integer in decimal,
     * null for null. Also the counting pass's ({@link ParquetCategories}), so both key values alike.
     */
    static String categoryValue(Row row, int at) {
        if (row.isNullAt(at)) {
            return null;
        }
        Object v = row.get(at);
        return v instanceof String s ? s : Long.toString(((Number) v).longValue());
    }

    private String vector(Row row, BlockBuilder out) {
        String name = columns.vectorColumn();
        if (row.isNullAt(1)) {
            return "column '" + name + "' is null";
        }
        Vector v = (Vector) row.get(1);
        if (declaredWidth > 0 && v.size() > declaredWidth) {
            return "column '" + name + "': vector size " + v.size() + " exceeds --num-features " + declaredWidth;
        }
        return addVector(v, name, out);
    }

    /**
     * Appends a vector's nonzero values to the current row of {@code out} (zeros are not stored, so a vector stored
     * dense or sparse gives the same row).
     *
     * @return null when added; otherwise the problem, naming column {@code name} (the row is then half-built: abort it)
     */
    static String addVector(Vector v, String name, BlockBuilder out) {
        int[] indices = v instanceof SparseVector s ? s.indices() : null;
        double[] values = v instanceof SparseVector s ? s.values() : ((DenseVector) v).values();
        for (int k = 0; k < values.length; k++) {
            int c = indices == null ? k : indices[k];
            double x = values[k];
            if (!Double.isFinite(x)) {
                return "column '" + name + "' holds " + x + " at index " + c;
            }
            if (x != 0) {
                out.addValue(c, x);
            }
        }
        return null;
    }
}
