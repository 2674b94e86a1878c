package dev.fullbatch.data;

import java.util.List;
import java.util.Objects;

/**
 * The one-hot dictionary of one categorical column: its kept levels in a fixed order, then one "other" level.
 *
 * <h2>Levels and their order</h2>
 * The kept levels are the values that at least {@code --min-category-count} training rows had: first the missing
 * value (null) if it is kept, then the values sorted by {@link String#compareTo} of their raw text (UTF-16 code
 * unit order, the same on every machine). The last level, <em>other</em>, is always present: it takes the values
 * that were too rare in training and, when the model is applied, every value it never saw, so a model can score any
 * row. A row's column becomes the one feature of its level, with value 1. Every level is kept, none is dropped as a
 * reference (scikit-learn's default, not Spark's {@code dropLast}); with an intercept the levels are collinear with
 * it, which an L2 penalty resolves and predictions never notice.
 *
 * <h2>Names</h2>
 * Level features are named {@code column=value}; the missing value is {@code column=(null)} and the other level
 * {@code column=(other)}. A real value that starts with {@code (} or {@code \} is written with a {@code \} before
 * it ({@code column=\(other)} is the real value "(other)"), so the two reserved names can never be a value's.
 *
 * @param name the column's name
 * @param levels the kept levels, in order (the null level first, if any, then values ascending), no duplicates
 * @param otherRows training rows that went to the other level
 * @param otherValues distinct training values (null counting as one) that went to the other level
 */
public record CategoricalColumn(String name, List<CategoryLevel> levels, long otherRows, long otherValues)
        implements java.io.Serializable {
    /** The value text of the missing-value level's name. */
    public static final String NULL_NAME = "(null)";
    /** The value text of the other level's name. */
    public static final String OTHER_NAME = "(other)";

    /** Copies and checks the levels' order. */
    public CategoricalColumn {
        Objects.requireNonNull(name, "name");
        levels = List.copyOf(levels);
        for (int i = 0; i < levels.size(); i++) {
            String v = levels.get(i).value();
            if (v == null && i > 0) {
                throw new IllegalArgumentException("the null level of column " + name + " must come first");
            }
            if (i > 0 && v != null && levels.get(i - 1).value() != null
                    && levels.get(i - 1).value().compareTo(v) >= 0) {
                throw new IllegalArgumentException("levels of column " + name + " must ascend without duplicates: '"
                        + v + "' after '" + levels.get(i - 1).value() + "'");
            }
        }
        if (otherRows < 0 || otherValues < 0) {
            throw new IllegalArgumentException("other counts must be >= 0");
        }
    }

    /** Features of this column: the kept levels and the other level. */
    public int width() {
        return levels.size() + 1;
    }

    /** The position of the other level, the last. */
    public int otherLevel() {
        return levels.size();
    }

    /**
     * The level of a value: its kept level, or {@link #otherLevel()} for a value that is not kept (too rare in
     * training, or never seen).
     *
     * @param value the raw value, or null for a missing value
     */
    public int levelOf(String value) {
        boolean nullKept = !levels.isEmpty() && levels.get(0).value() == null;
        if (value == null) {
            return nullKept ? 0 : otherLevel();
        }
        int low = nullKept ? 1 : 0;
        int high = levels.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = levels.get(mid).value().compareTo(value);
            if (order == 0) {
                return mid;
            }
            if (order < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return otherLevel();
    }

    /** The feature name of a level ({@code column=value}, {@code column=(null)}, {@code column=(other)}). */
    public String featureName(int level) {
        Objects.checkIndex(level, width());
        if (level == otherLevel()) {
            return name + "=" + OTHER_NAME;
        }
        String v = levels.get(level).value();
        if (v == null) {
            return name + "=" + NULL_NAME;
        }
        return name + "=" + (v.startsWith("(") || v.startsWith("\\") ? "\\" + v : v);
    }
}
