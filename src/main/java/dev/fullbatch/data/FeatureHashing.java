package dev.fullbatch.data;

import java.nio.charset.StandardCharsets;

/**
 * The hashing trick for unbounded vocabularies: a string token becomes one of 2^bits feature indices, exactly as
 * Spark ML computes it, so a model trained here reads the same vectors as a Spark pipeline with
 * {@code FeatureHasher} or {@code HashingTF} of the same width.
 *
 * <h2>The function</h2>
 * The hash of a token is MurmurHash3 x86_32 with seed 42 over the token's UTF-8 bytes, a signed 32-bit integer
 * (Spark's {@code FeatureHasher.murmur3Hash}, which {@code HashingTF} also uses since Spark 3); the index is that
 * hash modulo 2^bits, made non-negative ({@code Utils.nonNegativeMod}), i.e. its low {@code bits} bits. Tokens are:
 * <ul>
 * <li>a string column's value v in column c: {@code c=v} ({@link #columnToken}), value 1 (Spark's
 * {@code FeatureHasher} for string and boolean columns);</li>
 * <li>each element of an array-of-strings column, and each name of a hashed text line: the term itself, its value
 * (1 for a bare term) added per occurrence (Spark's {@code HashingTF}, whose term frequencies this is);</li>
 * <li>a numeric column c with value x: token {@code c}, value x ({@code FeatureHasher}'s numeric columns).</li>
 * </ul>
 * Values that land on one index in one row are added, in token order (so the row's bits are a function of the
 * line).
 *
 * <h2>Sign</h2>
 * Spark applies no sign: by default every value keeps its sign, which reproduces Spark's vectors exactly. With
 * {@code alternateSign}, a token's value is multiplied by -1 when its hash is negative (the sign bit, which the index
 * never uses since bits is at most 30), as scikit-learn's {@code FeatureHasher(alternate_sign=True)} does, so that
 * colliding tokens cancel in expectation instead of adding up; the indices stay Spark's.
 *
 * <h2>Collisions</h2>
 * Distinct tokens can share an index. Nothing is hidden: within a row, a collision (two different tokens on one
 * index) is counted where the row is built ({@link HashedRow#collisions()}); across the data, with V distinct
 * tokens in m = 2^bits slots, about V (1 - (1 - 1/m)^(V-1)) of them share their slot with another
 * ({@link #expectedSharedTokens}), which docs/features.md tabulates.
 *
 * @param bits the width is 2^bits, bits in [1, 30]
 * @param alternateSign whether to multiply a token's value by the sign of its hash
 */
public record FeatureHashing(int bits, boolean alternateSign) implements java.io.Serializable {
    /** Spark's seed ({@code mllib.feature.HashingTF.seed}). */
    public static final int SEED = 42;
    /** The largest supported bits: 2^30 features. */
    public static final int MAX_BITS = 30;

    private static final int C1 = 0xcc9e2d51;
    private static final int C2 = 0x1b873593;

    /** Checks the width. */
    public FeatureHashing {
        if (bits < 1 || bits > MAX_BITS) {
            throw new IllegalArgumentException("hashing bits must be in [1, " + MAX_BITS + "], got " + bits);
        }
    }

    /** The number of features, 2^bits. */
    public int dimension() {
        return 1 << bits;
    }

    /** The token of value {@code value} of string column {@code column}: {@code column=value}. */
    public static String columnToken(String column, String value) {
        return column + "=" + value;
    }

    /** MurmurHash3 x86_32, seed {@value #SEED}, of the token's UTF-8 bytes: Spark's signed hash. */
    public static int hash(String token) {
        byte[] utf8 = token.getBytes(StandardCharsets.UTF_8);
        return hash(utf8, 0, utf8.length);
    }

    /** MurmurHash3 x86_32, seed {@value #SEED}, of {@code bytes[from, to)}. */
    public static int hash(byte[] bytes, int from, int to) {
        int length = to - from;
        int h1 = SEED;
        int aligned = from + (length & ~3);
        for (int i = from; i < aligned; i += 4) {
            int k1 = (bytes[i] & 0xFF) | (bytes[i + 1] & 0xFF) << 8 | (bytes[i + 2] & 0xFF) << 16
                    | (bytes[i + 3] & 0xFF) << 24;
            h1 ^= mixK1(k1);
            h1 = Integer.rotateLeft(h1, 13) * 5 + 0xe6546b64;
        }
        int k1 = 0;
        for (int i = aligned, shift = 0; i < to; i++, shift += 8) {
            k1 ^= (bytes[i] & 0xFF) << shift;
        }
        h1 ^= mixK1(k1);
        h1 ^= length;
        h1 ^= h1 >>> 16;
        h1 *= 0x85ebca6b;
        h1 ^= h1 >>> 13;
        h1 *= 0xc2b2ae35;
        h1 ^= h1 >>> 16;
        return h1;
    }

    private static int mixK1(int k1) {
        return Integer.rotateLeft(k1 * C1, 15) * C2;
    }

    /** The feature index of a hash: its low {@code bits} bits (Spark's non-negative modulo 2^bits). */
    public int indexOf(int hash) {
        return hash & (dimension() - 1);
    }

    /** The feature index of a token. */
    public int index(String token) {
        return indexOf(hash(token));
    }

    /** The factor a token's value is multiplied by: 1, or with {@code alternateSign} -1 for a negative hash. */
    public double signOf(int hash) {
        return alternateSign && hash < 0 ? -1.0 : 1.0;
    }

    /** The factor of a token (see {@link #signOf}). */
    public double sign(String token) {
        return signOf(hash(token));
    }

    /**
     * The expected number of distinct tokens that share their index with at least one other, for {@code distinct}
     * tokens hashed uniformly into m = 2^bits slots: V (1 - (1 - 1/m)^(V-1)) with V = distinct (a token is alone
     * when each of the V - 1 others misses its slot).
     */
    public double expectedSharedTokens(long distinct) {
        if (distinct < 2) {
            return 0;
        }
        return -distinct * Math.expm1((distinct - 1) * Math.log1p(-1.0 / dimension()));
    }
}
