package dev.fullbatch.metrics;

import dev.fullbatch.math.ExactSums;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct scores of a binary model on some rows, ascending, each with the exact total weight of the negative
 * and of the positive rows that have it: everything the ranking metrics (ROC AUC, average precision, the best-F1
 * threshold) need, and mergeable exactly.
 *
 * <h2>Exactness and order</h2>
 * Scores are compared as doubles ({@code -0.0} counts as {@code 0.0}; NaN is refused). Each score's class weights
 * are {@link ExactSums} components, moved between runs with {@link ExactSums#addComponent}, so a ranking
 * depends only on the multiset of (score, class, weight) rows added, never on how they were split into blocks, tasks
 * or merges. Rows of weight zero are left out (they change no metric, as in scikit-learn).
 *
 * <h2>The driver budget</h2>
 * A ranking holds at most {@code budget} distinct scores. One that would hold more becomes <em>overflowed</em>: it
 * drops its entries (only the flag remains), and so does every merge that involves it. Since a part of the data
 * never has more distinct scores than the whole, the merged result is overflowed exactly when the whole data has
 * more than {@code budget} distinct scores, whatever the grouping: the flag is as deterministic as the entries. An
 * overflowed result tells the caller to take the distributed route: build unbounded rankings per task,
 * {@link #split} them by score ranges, merge each range where it lands, and {@link RankingScan scan} the ranges with
 * the exact totals of the ranges above them; that gives the same bits as one scan of the whole ranking.
 *
 * <h2>Cost and lifecycle</h2>
 * Rows are buffered and sorted in when the buffer reaches the size of the sorted run (at least 65,536 rows), so
 * adding n rows costs O(n log n) and at most about twice the budget's memory; an entry costs 24 bytes (its key and
 * two running sums), plus the exact part of a sum whose adds rounded (weights that are not small multiples of a
 * common power of two). Mutable and not thread-safe: one per task. Java serialization sorts the buffer in first.
 */
public final class ScoreRanking implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** The default number of distinct scores a ranking may hold: 25 MB on the driver without weights. */
    public static final int DEFAULT_BUDGET = 1 << 20;
    /** The budget of a ranking that is never overflowed (the distributed route). */
    public static final int UNBOUNDED = Integer.MAX_VALUE / 2;

    private static final int MIN_BUFFER = 1 << 16;
    private static final int NEGATIVE = 0;
    private static final int POSITIVE = 1;

    private final int budget;
    private boolean overflowed;
    /** Distinct sortable keys ({@link #key}), ascending. */
    private long[] keys = new long[0];
    /** Component 2i: the negative weight of keys[i]; 2i+1: the positive weight. */
    private ExactSums weights = new ExactSums(0);
    private long[] pendingKeys = new long[0];
    private double[] pendingWeights = new double[0];
    private boolean[] pendingPositive = new boolean[0];
    private int pending;

    /**
     * An empty ranking.
     *
     * @param budget the most distinct scores it may hold, at least 1 ({@link #DEFAULT_BUDGET}, or
     *     {@link #UNBOUNDED})
     */
    public ScoreRanking(int budget) {
        if (budget < 1 || budget > UNBOUNDED) {
            throw new IllegalArgumentException("budget must be in [1, " + UNBOUNDED + "], got " + budget);
        }
        this.budget = budget;
    }

    /**
     * The sortable key of a score: signed-long order is the order of the doubles, and {@code -0.0} and {@code 0.0}
     * share a key.
     *
     * @throws IllegalArgumentException for NaN
     */
    public static long key(double score) {
        if (score != score) {
            throw new IllegalArgumentException("a score must not be NaN");
        }
        long bits = Double.doubleToLongBits(score + 0.0); // -0.0 + 0.0 is 0.0
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /** The score whose {@link #key} this is. */
    public static double score(long key) {
        return Double.longBitsToDouble(key ^ ((key >> 63) & Long.MAX_VALUE));
    }

    /** The budget given at construction. */
    public int budget() {
        return budget;
    }

    /**
     * Adds one row.
     *
     * @param score the model's score, higher meaning more likely positive; not NaN
     * @param positive the row's class
     * @param weight the row's weight, finite and at least 0 (0 adds nothing)
     * @throws IllegalArgumentException for a NaN score or a negative or non-finite weight
     */
    public void add(double score, boolean positive, double weight) {
        if (!(weight >= 0 && weight <= Double.MAX_VALUE)) {
            throw new IllegalArgumentException("a weight must be finite and at least 0, got " + weight);
        }
        long key = key(score);
        if (weight == 0 || overflowed) {
            return;
        }
        if (pending == pendingKeys.length) {
            int capacity = Math.max(16, Math.min(2 * pending, Math.max(keys.length, MIN_BUFFER)));
            pendingKeys = Arrays.copyOf(pendingKeys, capacity);
            pendingWeights = Arrays.copyOf(pendingWeights, capacity);
            pendingPositive = Arrays.copyOf(pendingPositive, capacity);
        }
        pendingKeys[pending] = key;
        pendingWeights[pending] = weight;
        pendingPositive[pending] = positive;
        pending++;
        if (pending >= Math.max(keys.length, MIN_BUFFER)) {
            sortIn();
        }
    }

    /**
     * Adds every row of {@code other} into this ranking, exactly; {@code other} must not be used afterwards.
     *
     * @return this ranking
     * @throws IllegalArgumentException if the budgets differ or {@code other} is this ranking
     */
    public ScoreRanking merge(ScoreRanking other) {
        if (other == this || other.budget != budget) {
            throw new IllegalArgumentException("can only merge another ranking of the same budget (" + budget
                    + "), got " + (other == this ? "this one" : "budget " + other.budget));
        }
        sortIn();
        other.sortIn();
        if (overflowed || other.overflowed) {
            overflow();
            return this;
        }
        long[] union = union(keys, keys.length, other.keys, other.keys.length);
        if (union.length > budget) {
            overflow();
            return this;
        }
        ExactSums merged = new ExactSums(2 * union.length);
        moveInto(merged, union, keys, weights);
        moveInto(merged, union, other.keys, other.weights);
        keys = union;
        weights = merged;
        return this;
    }

    /** Whether the rows added (and merged) hold more distinct scores than the budget; then no entries are kept. */
    public boolean overflowed() {
        sortIn();
        return overflowed;
    }

    /** Number of distinct scores held (0 when overflowed). */
    public int size() {
        sortIn();
        return keys.length;
    }

    /** The sortable key of entry {@code i}, in [0, size()), ascending in i. */
    public long keyAt(int i) {
        sortIn();
        return keys[i];
    }

    /** The score of entry {@code i}. */
    public double scoreAt(int i) {
        return score(keyAt(i));
    }

    /** The weights of entry {@code i}: component {@code 2i} negative, {@code 2i + 1} positive (read only). */
    ExactSums weights() {
        sortIn();
        return weights;
    }

    /**
     * The exact total weights of the entries held: component 0 negative, 1 positive. (For the distributed route,
     * where the totals of the ranges above a range start its scan.)
     *
     * @throws IllegalStateException if overflowed
     */
    public ExactSums totals() {
        requireEntries();
        ExactSums totals = new ExactSums(2);
        for (int i = 0; i < keys.length; i++) {
            totals.addComponent(NEGATIVE, weights, 2 * i);
            totals.addComponent(POSITIVE, weights, 2 * i + 1);
        }
        return totals;
    }

    /**
     * The exact weights of the rows scoring at least {@code threshold}: component 0 negative, 1 positive.
     *
     * @throws IllegalStateException if overflowed
     */
    public ExactSums atLeast(double threshold) {
        requireEntries();
        int from = Arrays.binarySearch(keys, key(threshold));
        ExactSums sums = new ExactSums(2);
        for (int i = from >= 0 ? from : -from - 1; i < keys.length; i++) {
            sums.addComponent(NEGATIVE, weights, 2 * i);
            sums.addComponent(POSITIVE, weights, 2 * i + 1);
        }
        return sums;
    }

    /**
     * Cuts the ranking into consecutive score ranges: piece r holds the keys in [boundaries[r-1], boundaries[r])
     * (the first from the lowest key, the last to the highest), each an unbounded ranking of its own.
     *
     * @param boundaries ascending sortable keys ({@link #key})
     * @return boundaries.length + 1 pieces
     * @throws IllegalStateException if overflowed
     * @throws IllegalArgumentException if the boundaries do not ascend
     */
    public List<ScoreRanking> split(long[] boundaries) {
        requireEntries();
        for (int r = 1; r < boundaries.length; r++) {
            if (boundaries[r] < boundaries[r - 1]) {
                throw new IllegalArgumentException("boundaries must ascend, got " + boundaries[r] + " after "
                        + boundaries[r - 1]);
            }
        }
        List<ScoreRanking> pieces = new ArrayList<>(boundaries.length + 1);
        int from = 0;
        for (int r = 0; r <= boundaries.length; r++) {
            int to = keys.length;
            if (r < boundaries.length) {
                int at = Arrays.binarySearch(keys, from, keys.length, boundaries[r]);
                to = Math.max(from, at >= 0 ? at : -at - 1);
            }
            ScoreRanking piece = new ScoreRanking(UNBOUNDED);
            piece.keys = Arrays.copyOfRange(keys, from, to);
            piece.weights = new ExactSums(2 * (to - from));
            for (int i = from; i < to; i++) {
                piece.weights.addComponent(2 * (i - from), weights, 2 * i);
                piece.weights.addComponent(2 * (i - from) + 1, weights, 2 * i + 1);
            }
            pieces.add(piece);
            from = to;
        }
        return pieces;
    }

    private void requireEntries() {
        if (overflowed()) {
            throw new IllegalStateException("this ranking overflowed its budget of " + budget
                    + " distinct scores and holds no entries");
        }
    }

    private void overflow() {
        overflowed = true;
        keys = new long[0];
        weights = new ExactSums(0);
        pendingKeys = new long[0];
        pendingWeights = new double[0];
        pendingPositive = new boolean[0];
        pending = 0;
    }

    /** Sorts the buffered rows into the run. */
    private void sortIn() {
        if (pending == 0) {
            return;
        }
        long[] sorted = Arrays.copyOf(pendingKeys, pending);
        Arrays.sort(sorted);
        int distinct = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[distinct - 1]) {
                sorted[distinct++] = sorted[i];
            }
        }
        long[] union = union(keys, keys.length, sorted, distinct);
        if (union.length > budget) {
            overflow();
            return;
        }
        ExactSums merged = new ExactSums(2 * union.length);
        moveInto(merged, union, keys, weights);
        for (int i = 0; i < pending; i++) {
            int at = Arrays.binarySearch(union, pendingKeys[i]);
            merged.add(2 * at + (pendingPositive[i] ? POSITIVE : NEGATIVE), pendingWeights[i]);
        }
        keys = union;
        weights = merged;
        pending = 0;
        if (pendingKeys.length > MIN_BUFFER) {
            pendingKeys = new long[0];
            pendingWeights = new double[0];
            pendingPositive = new boolean[0];
        }
    }

    /** The sorted union of two ascending runs of distinct keys. */
    private static long[] union(long[] a, int na, long[] b, int nb) {
        long[] out = new long[na + nb];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < na || j < nb) {
            if (j == nb || (i < na && a[i] < b[j])) {
                out[n++] = a[i++];
            } else if (i == na || b[j] < a[i]) {
                out[n++] = b[j++];
            } else {
                out[n++] = a[i++];
                j++;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** Adds the entries (runKeys, runWeights) into target, whose keys are {@code union} (a superset). */
    private static void moveInto(ExactSums target, long[] union, long[] runKeys, ExactSums runWeights) {
        int at = 0;
        for (int i = 0; i < runKeys.length; i++) {
            while (union[at] != runKeys[i]) {
                at++;
            }
            target.addComponent(2 * at, runWeights, 2 * i);
            target.addComponent(2 * at + 1, runWeights, 2 * i + 1);
        }
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        sortIn();
        out.defaultWriteObject();
    }
}
