package dev.fullbatch.data;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The counts of every value of some categorical columns, from one pass over the training rows: what
 * {@link #encoding} turns into the one-hot dictionaries. Counts are integers, merged by adding, so the result
 * depends only on the rows, never on how they were split into blocks and tasks or in which order partials merged;
 * the dictionary is then sorted ({@link CategoricalColumn}), so its order does not depend on hash order either.
 *
 * <p>A column holding more than {@code maxDistinct} distinct values is <em>overflowed</em>: its counts are dropped
 * and only the flag remains, in every merge it enters. A part of the data never has more distinct values than the
 * whole, so a merged result is overflowed exactly when the whole data has too many values, whatever the grouping.
 * Such a column is for feature hashing, not a dictionary. Mutable, not thread-safe, serializable: one per task.
 */
public final class CategoryCounts implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The default bound on a column's distinct values. */
    public static final int DEFAULT_MAX_DISTINCT = 1_000_000;

    private final List<String> columns;
    private final int maxDistinct;
    /** Per column: value to its count (a one-element array, so counting does not box); null once overflowed. */
    private final List<HashMap<String, long[]>> counts;
    private final long[] nulls;
    private long rows;

    /**
     * @param columns the categorical columns' names, in the order values are given
     * @param maxDistinct the most distinct values a column may have (nulls not counted), at least 1
     */
    public CategoryCounts(List<String> columns, int maxDistinct) {
        if (maxDistinct < 1) {
            throw new IllegalArgumentException("maxDistinct must be at least 1, got " + maxDistinct);
        }
        this.columns = List.copyOf(columns);
        this.maxDistinct = maxDistinct;
        this.counts = new ArrayList<>(this.columns.size());
        for (int c = 0; c < this.columns.size(); c++) {
            counts.add(new HashMap<>());
        }
        this.nulls = new long[this.columns.size()];
    }

    /** The columns' names. */
    public List<String> columns() {
        return columns;
    }

    /**
     * Counts one row's values.
     *
     * @param values one per column, in column order; null for a missing value
     */
    public void addRow(String[] values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " values, got " + values.length);
        }
        for (int c = 0; c < values.length; c++) {
            add(c, values[c]);
        }
        rows++;
    }

    private void add(int column, String value) {
        if (value == null) {
            nulls[column]++;
            return;
        }
        HashMap<String, long[]> map = counts.get(column);
        if (map == null) {
            return;
        }
        long[] count = map.get(value);
        if (count == null) {
            if (map.size() == maxDistinct) {
                counts.set(column, null);
                return;
            }
            map.put(value, new long[] {1});
        } else {
            count[0]++;
        }
    }

    /**
     * Adds every count of {@code other} (same columns and bound); {@code other} must not be used afterwards.
     *
     * @return this
     */
    public CategoryCounts merge(CategoryCounts other) {
        if (!other.columns.equals(columns) || other.maxDistinct != maxDistinct) {
            throw new IllegalArgumentException("cannot merge counts of columns " + other.columns + " (bound "
                    + other.maxDistinct + ") into counts of " + columns + " (bound " + maxDistinct + ")");
        }
        for (int c = 0; c < columns.size(); c++) {
            nulls[c] += other.nulls[c];
            HashMap<String, long[]> mine = counts.get(c);
            HashMap<String, long[]> theirs = other.counts.get(c);
            if (mine == null || theirs == null) {
                counts.set(c, null);
                continue;
            }
            for (Map.Entry<String, long[]> e : theirs.entrySet()) {
                long[] count = mine.get(e.getKey());
                if (count == null) {
                    mine.put(e.getKey(), e.getValue());
                } else {
                    count[0] += e.getValue()[0];
                }
            }
            if (mine.size() > maxDistinct) {
                counts.set(c, null);
            }
        }
        rows += other.rows;
        return this;
    }

    /** Rows counted. */
    public long rows() {
        return rows;
    }

    /** Whether column {@code column} had more than the bound's distinct values. */
    public boolean overflowed(int column) {
        return counts.get(column) == null;
    }

    /**
     * The dictionaries: per column, the values of at least {@code minCount} rows (null included) in
     * {@link CategoricalColumn}'s order, the rest counted into the other level.
     *
     * @param minCount the fewest rows a kept value needs, at least 1
     * @throws IllegalStateException if a column overflowed (the message names it)
     */
    public CategoricalEncoding encoding(long minCount) {
        if (minCount < 1) {
            throw new IllegalArgumentException("minCount must be at least 1, got " + minCount);
        }
        List<CategoricalColumn> out = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            HashMap<String, long[]> map = counts.get(c);
            if (map == null) {
                throw new IllegalStateException("column " + columns.get(c) + " has more than " + maxDistinct
                        + " distinct values");
            }
            List<String> values = new ArrayList<>(map.keySet());
            values.sort(String::compareTo);
            List<CategoryLevel> levels = new ArrayList<>();
            long otherRows = 0;
            long otherValues = 0;
            if (nulls[c] >= minCount) {
                levels.add(new CategoryLevel(null, nulls[c]));
            } else if (nulls[c] > 0) {
                otherRows += nulls[c];
                otherValues++;
            }
            for (String v : values) {
                long n = map.get(v)[0];
                if (n >= minCount) {
                    levels.add(new CategoryLevel(v, n));
                } else {
                    otherRows += n;
                    otherValues++;
                }
            }
            out.add(new CategoricalColumn(columns.get(c), levels, otherRows, otherValues));
        }
        return new CategoricalEncoding(out, minCount);
    }

    @Override
    public String toString() {
        return "CategoryCounts" + Objects.toString(columns) + " of " + rows + " rows";
    }
}
