package dev.fullbatch.select;

/**
 * Which of K cross-validation folds each row belongs to: a hash of the seed and the row's global index (its position
 * in the input's row order: files sorted by path, rows in file order), never of a partition or a random generator's
 * state, so every row lands in the same fold on any cluster, partitioning or resume.
 *
 * <p>The hash (issue 18): {@code mix} is SplitMix64's finalizer, {@code key = mix(mix(seed) ^ 0x666F6C64)} ("fold"),
 * and row {@code i} (0-based) is in fold {@code mix(key + (i + 1) * 0x9E3779B97F4A7C15) mod K}, all in unsigned
 * 64-bit arithmetic. Folds are 0-based; glmnet's {@code foldid} is fold + 1. Immutable.
 *
 * @param seed  {@code --seed}
 * @param folds K, at least 2
 */
public record FoldAssignment(long seed, int folds) implements java.io.Serializable {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long FOLD_SALT = 0x666F6C64L;

    public FoldAssignment {
        if (folds < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
        }
    }

    /** SplitMix64's finalizer (Stafford's variant 13): a bijection of 64-bit words that mixes every bit. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The per-seed key the row hashes start from. */
    public long key() {
        return mix(mix(seed) ^ FOLD_SALT);
    }

    /** The fold of the row at global index {@code row} (0-based), in {@code [0, folds)}. */
    public int foldOf(long row) {
        return foldOf(key(), row);
    }

    /** As {@link #foldOf(long)} with the key computed once by the caller (per block, not per row). */
    public int foldOf(long key, long row) {
        return (int) Long.remainderUnsigned(mix(key + (row + 1) * GOLDEN_GAMMA), folds);
    }
}
