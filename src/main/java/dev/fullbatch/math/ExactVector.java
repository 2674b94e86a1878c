package dev.fullbatch.math;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A vector of sums whose state depends only on the multiset of values added to each component, never on their
 * order or on how partial vectors were grouped and {@linkplain #merge merged}: merging partials in any order or tree
 * shape gives the same bits.
 *
 * <h2>Representation</h2>
 * A finite double x = s * M * 2^E (M an integer below 2^53, E at least -1074) is an integer multiple of 2^-1074. Let
 * p = E + 1074. The integer M * 2^(p mod 32) is cut into three 32-bit digits, carrying the sign s, at limb indices
 * {@code p/32}, {@code p/32 + 1} and {@code p/32 + 2}; limb k weighs 2^(32k - 1074). Component j keeps a window of
 * four limbs [T_j - 3, T_j] as {@code long}s, where T_j is the largest limb index holding a nonzero digit of any
 * value ever added to j (but at least 3). Digits below the window are dropped. Limbs are never carried into one
 * another while accumulating and T_j only grows, so each stored limb is exactly the sum of the added values' digits
 * at that index: a function of the multiset alone. {@link #merge} aligns two windows to the larger top and adds limb
 * by limb, which is exact, commutative and associative.
 *
 * <h2>Accuracy</h2>
 * With n values added to component j (counting both parts of {@link #addCompensated}):
 * <pre>|get(j) - exact sum| &lt;= 0.5 ulp(get(j)) + n * 2^(32 (T_j - 3) - 1074)</pre>
 * The second term is at most n * 2^-96 times the largest magnitude added, so it only shows when the sum cancels by
 * more than about 90 bits; in particular the result is the correctly rounded exact sum whenever all the values added
 * to the component lie within a factor 2^64 of each other. Infinities and NaNs are kept apart per component as their
 * IEEE sum (NaN if both infinities or any NaN was added), which {@link #get} then returns.
 *
 * <h2>Limits and lifecycle</h2>
 * Each limb is a sum of digits below 2^32, so fewer than 2^31 values per component are supported; {@link #merge}
 * throws {@link ArithmeticException} rather than overflow silently. Storage is one {@code long[4 * dimension]} and
 * one {@code byte[dimension]}, with no per-component objects. Instances are mutable and not thread-safe: one per
 * task, as Spark's aggregate uses them. Java serialization writes only the components that differ from a fresh
 * vector (index, top and window), so sparse partials travel small.
 */
public final class ExactVector implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    /** Limbs per component window. */
    static final int WINDOW = 4;
    /** The top limb of a fresh component: the window starts at limb 0, the weight of MIN_VALUE. */
    static final int MIN_TOP = WINDOW - 1;
    /** The top limb of the largest finite double: bit 2045 + 52 of the 2^-1074 grid. */
    static final int MAX_TOP = (2045 + 52) >> 5;

    private static final long LOW_32 = 0xFFFFFFFFL;
    private static final long SIGNIFICAND_MASK = 0x000FFFFFFFFFFFFFL;

    private final int dimension;
    /**
     * limbs[4j + (k & 3)] holds limb k of component j for k in [tops[j] - 3, tops[j]]: a ring, so raising the top
     * only clears the slots of the limbs that fall out of the window, and never moves the others.
     */
    private final long[] limbs;
    private final byte[] tops;
    /** IEEE sum of the non-finite values per component; 0.0 means none. Allocated on the first one. */
    private double[] nonFinite;

    /**
     * Creates a vector of zeros.
     *
     * @param dimension number of components, at least 0
     * @throws IllegalArgumentException if dimension is negative or too large for the limb array
     */
    public ExactVector(int dimension) {
        if (dimension < 0 || dimension > Integer.MAX_VALUE / WINDOW) {
            throw new IllegalArgumentException("dimension must be in [0, " + Integer.MAX_VALUE / WINDOW + "], got "
                    + dimension);
        }
        this.dimension = dimension;
        this.limbs = new long[WINDOW * dimension];
        this.tops = new byte[dimension];
        Arrays.fill(tops, (byte) MIN_TOP);
    }

    /** Number of components. */
    public int dimension() {
        return dimension;
    }

    /**
     * Adds {@code value} to component {@code index}, exactly up to the documented truncation below the window.
     * Adding a zero of either sign changes nothing.
     *
     * @param index component, in [0, dimension)
     * @param value any double; infinities and NaN are kept apart (see the class comment)
     * @throws IndexOutOfBoundsException if index is out of range
     */
    public void add(int index, double value) {
        int windowTop = tops[index]; // also the index check
        long bits = Double.doubleToRawLongBits(value);
        int biased = (int) (bits >>> 52) & 0x7FF;
        if (biased == 0x7FF) {
            addNonFinite(index, value);
            return;
        }
        int normal = (biased + 0x7FF) >>> 11; // 1 for normal numbers, 0 for subnormals and zeros
        long significand = (bits & SIGNIFICAND_MASK) | ((long) normal << 52);
        if (significand == 0) {
            return;
        }
        int position = biased - normal; // p = E + 1074
        int top = (position + 63 - Long.numberOfLeadingZeros(significand)) >>> 5;
        if (top > windowTop) {
            raiseTop(index, windowTop, top);
            windowTop = top;
        }
        int limb = position >>> 5;
        int shift = position & 31;
        long shifted = significand << shift;
        long sign = bits >> 63; // 0 or -1: (d ^ sign) - sign negates d when the value is negative
        long digit0 = ((shifted & LOW_32) ^ sign) - sign;
        long digit1 = ((shifted >>> 32) ^ sign) - sign;
        long digit2 = (((significand >>> 1) >>> (63 - shift)) ^ sign) - sign;
        int bottom = windowTop - MIN_TOP;
        int base = index << 2;
        // Digits below the window are masked to zero rather than branched over. A digit above the top is always zero
        // (the top is the highest nonzero digit), so adding it into the ring slot it aliases is harmless.
        limbs[base + (limb & 3)] += digit0 & ~(long) ((limb - bottom) >> 31);
        limbs[base + ((limb + 1) & 3)] += digit1 & ~(long) ((limb + 1 - bottom) >> 31);
        limbs[base + ((limb + 2) & 3)] += digit2 & ~(long) ((limb + 2 - bottom) >> 31);
    }

    /**
     * Adds both parts of an unevaluated sum {@code hi + lo}, such as a compensated (double-double) partial sum.
     *
     * @param index component, in [0, dimension)
     * @param hi leading part
     * @param lo trailing part
     */
    public void addCompensated(int index, double hi, double lo) {
        add(index, hi);
        add(index, lo);
    }

    /**
     * Adds every component of {@code other} into this vector, exactly. The result is the state that adding all of
     * both vectors' values to one fresh vector would give, whatever the order. {@code other} is not modified
     * (unless it is this vector, which doubles).
     *
     * @param other a vector of the same dimension
     * @throws IllegalArgumentException if the dimensions differ
     * @throws ArithmeticException if a limb would overflow (2^31 or more values in one component)
     */
    public void merge(ExactVector other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("cannot merge a vector of dimension " + other.dimension
                    + " into one of dimension " + dimension);
        }
        long[] theirLimbs = other.limbs;
        byte[] theirTops = other.tops;
        for (int j = 0; j < dimension; j++) {
            int theirTop = theirTops[j];
            int ourTop = tops[j];
            if (theirTop > ourTop) {
                raiseTop(j, ourTop, theirTop);
                ourTop = theirTop;
            }
            int base = j << 2;
            // Their limbs below our (possibly higher) bottom would have been dropped had the values come here.
            for (int k = Math.max(theirTop, ourTop) - MIN_TOP; k <= theirTop; k++) {
                int slot = base + (k & 3);
                limbs[slot] = Math.addExact(limbs[slot], theirLimbs[slot]);
            }
        }
        double[] theirNonFinite = other.nonFinite;
        if (theirNonFinite != null) {
            for (int j = 0; j < dimension; j++) {
                if (theirNonFinite[j] != 0.0) {
                    addNonFinite(j, theirNonFinite[j]);
                }
            }
        }
    }

    /**
     * The sum of component {@code index}, correctly rounded (half to even) from the stored window; ±Infinity if
     * that overflows; the IEEE sum of the non-finite values if any was added. An exactly zero sum is +0.0.
     *
     * @param index component, in [0, dimension)
     * @return the rounded sum
     */
    public double get(int index) {
        Objects.checkIndex(index, dimension);
        if (nonFinite != null && nonFinite[index] != 0.0) {
            return nonFinite[index];
        }
        int top = tops[index];
        int base = index << 2;
        return roundWindow(limbs[base + ((top + 1) & 3)], limbs[base + ((top + 2) & 3)],
                limbs[base + ((top + 3) & 3)], limbs[base + (top & 3)], top - MIN_TOP);
    }

    /** All components as {@link #get} returns them, in a fresh array. */
    public double[] toDoubleArray() {
        double[] result = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            result[j] = get(j);
        }
        return result;
    }

    /**
     * Whether component {@code index} sums to exactly zero (nothing added, only zeros added, or values that cancel
     * within the window) and no non-finite value was added.
     *
     * @param index component, in [0, dimension)
     * @return true if {@link #get} returns 0.0
     */
    public boolean isZero(int index) {
        return get(index) == 0.0;
    }

    /**
     * Two vectors are equal when they have the same dimension and identical state (windows, tops and non-finite
     * sums), which holds for any two vectors built from the same multisets of values per component.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExactVector other)) {
            return false;
        }
        if (dimension != other.dimension || !Arrays.equals(tops, other.tops) || !Arrays.equals(limbs, other.limbs)) {
            return false;
        }
        for (int j = 0; j < dimension; j++) {
            if (Double.doubleToLongBits(nonFiniteAt(j)) != Double.doubleToLongBits(other.nonFiniteAt(j))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dimension + Arrays.hashCode(tops)) + Arrays.hashCode(limbs);
    }

    @Override
    public String toString() {
        return "ExactVector[dimension=" + dimension + "]";
    }

    /** The top limb T_j of a component's window; the truncation unit of the error bound is 2^(32(T_j-3) - 1074). */
    int topLimb(int index) {
        return tops[Objects.checkIndex(index, dimension)];
    }

    /**
     * The double nearest (ties to even) to (a0 + a1 2^32 + a2 2^64 + a3 2^96) * 2^(32 bottom - 1074), where the
     * a_i are limb sums of magnitude below 2^63 - 2^32 and bottom is in [0, MAX_TOP - 3].
     */
    static double roundWindow(long a0, long a1, long a2, long a3, int bottom) {
        // Carry-propagate into 32-bit digits d0..d3 plus a signed top word: a 160-bit two's complement integer.
        long sum = a0;
        long d0 = sum & LOW_32;
        sum = a1 + (sum >> 32);
        long d1 = sum & LOW_32;
        sum = a2 + (sum >> 32);
        long d2 = sum & LOW_32;
        sum = a3 + (sum >> 32);
        long d3 = sum & LOW_32;
        long high = sum >> 32;
        long low = (d1 << 32) | d0;
        long middle = (d3 << 32) | d2;
        long sign = 0;
        if (high < 0) {
            sign = Long.MIN_VALUE;
            low = -low;
            long carry = low == 0 ? 1 : 0;
            middle = ~middle + carry;
            carry = (carry != 0 && middle == 0) ? 1 : 0;
            high = ~high + carry;
        }
        // Magnitude = high:middle:low, high < 2^32. Take its leading 64 bits, left-aligned, and a sticky bit.
        int length;
        long leading;
        boolean sticky;
        if (high != 0) {
            int z = Long.numberOfLeadingZeros(high);
            leading = (high << z) | (middle >>> (64 - z)); // z >= 32, so the shift is in [1, 32]
            sticky = (middle << z) != 0 || low != 0;
            length = 192 - z;
        } else if (middle != 0) {
            int z = Long.numberOfLeadingZeros(middle);
            leading = (middle << z) | ((low >>> 1) >>> (63 - z));
            sticky = (low << z) != 0;
            length = 128 - z;
        } else if (low != 0) {
            int z = Long.numberOfLeadingZeros(low);
            leading = low << z;
            sticky = false;
            length = 64 - z;
        } else {
            return 0.0;
        }
        int shift = 32 * bottom;
        int bitLength = length + shift; // of the integer N with sum = N * 2^-1074
        if (bitLength <= 53) {
            // N < 2^53: exactly representable, and the raw bits of N * 2^-1074 are N itself (subnormal or not).
            return Double.longBitsToDouble(sign | (low << shift));
        }
        long significand = leading >>> 11;
        long rest = leading & 0x7FF;
        if (rest > 0x400 || (rest == 0x400 && (sticky || (significand & 1) != 0))) {
            significand++;
        }
        // N rounds to significand * 2^(bitLength - 53), so the biased exponent is bitLength - 52 (>= 2). A
        // significand that rounded up to 2^53 carries into the exponent field, which is exactly right.
        int biasedExponent = bitLength - 52;
        if (biasedExponent > 2046) {
            return Double.longBitsToDouble(sign | 0x7FF0000000000000L);
        }
        return Double.longBitsToDouble(sign | (((long) biasedExponent << 52) + significand - (1L << 52)));
    }

    private void raiseTop(int index, int oldTop, int newTop) {
        // Limb oldTop + i takes the ring slot of limb oldTop + i - 4, which leaves the window.
        int cleared = Math.min(newTop - oldTop, WINDOW);
        int base = index << 2;
        for (int i = 1; i <= cleared; i++) {
            limbs[base + ((oldTop + i) & 3)] = 0;
        }
        tops[index] = (byte) newTop;
    }

    private void addNonFinite(int index, double value) {
        if (nonFinite == null) {
            nonFinite = new double[dimension];
        }
        double sum = nonFinite[index] + value;
        // NaN payloads can depend on operand order; keep one canonical NaN so the bits are order-independent.
        nonFinite[index] = sum != sum ? Double.NaN : sum;
    }

    private double nonFiniteAt(int index) {
        return nonFinite == null ? 0.0 : nonFinite[index];
    }

    private boolean isFresh(int index) {
        int base = index << 2;
        return tops[index] == MIN_TOP && limbs[base] == 0 && limbs[base + 1] == 0 && limbs[base + 2] == 0
                && limbs[base + 3] == 0;
    }

    @Serial
    private Object writeReplace() {
        int count = 0;
        int nonFiniteCount = 0;
        for (int j = 0; j < dimension; j++) {
            if (!isFresh(j)) {
                count++;
            }
            if (nonFiniteAt(j) != 0.0) {
                nonFiniteCount++;
            }
        }
        // An index costs 4 bytes against 33 for a whole component, so list indices only when it saves space.
        boolean dense = 37L * count > 33L * dimension;
        int[] indices = dense ? null : new int[count];
        int written = dense ? dimension : count;
        byte[] writtenTops = new byte[written];
        long[] writtenLimbs = new long[WINDOW * written];
        int[] nonFiniteIndices = new int[nonFiniteCount];
        double[] nonFiniteValues = new double[nonFiniteCount];
        int c = 0;
        int f = 0;
        for (int j = 0; j < dimension; j++) {
            if (dense || !isFresh(j)) {
                if (!dense) {
                    indices[c] = j;
                }
                writtenTops[c] = tops[j];
                System.arraycopy(limbs, j << 2, writtenLimbs, c << 2, WINDOW);
                c++;
            }
            if (nonFiniteAt(j) != 0.0) {
                nonFiniteIndices[f] = j;
                nonFiniteValues[f] = nonFinite[j];
                f++;
            }
        }
        return new CompactForm(dimension, indices, writtenTops, writtenLimbs, nonFiniteIndices, nonFiniteValues);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ExactVector is only deserialized through its compact form");
    }

    /**
     * The serialized form: the components that differ from a fresh vector. {@code indices} is null when every
     * component is written in order. Limbs are in ring-slot order, four per written component. Deserialization goes
     * through the canonical constructor, which rejects malformed input.
     */
    private record CompactForm(int dimension, int[] indices, byte[] tops, long[] limbs, int[] nonFiniteIndices,
            double[] nonFiniteValues) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        CompactForm {
            if (dimension < 0 || dimension > Integer.MAX_VALUE / WINDOW) {
                throw new IllegalArgumentException("dimension must be in [0, " + Integer.MAX_VALUE / WINDOW
                        + "], got " + dimension);
            }
            Objects.requireNonNull(tops, "tops");
            Objects.requireNonNull(limbs, "limbs");
            Objects.requireNonNull(nonFiniteIndices, "nonFiniteIndices");
            Objects.requireNonNull(nonFiniteValues, "nonFiniteValues");
            int expected = indices == null ? dimension : indices.length;
            if (tops.length != expected || limbs.length != WINDOW * expected) {
                throw new IllegalArgumentException("expected " + expected + " tops and " + WINDOW * expected
                        + " limbs, got " + tops.length + " and " + limbs.length);
            }
            if (indices != null) {
                requireIncreasingIndices(indices, dimension);
            }
            for (byte top : tops) {
                if (top < MIN_TOP || top > MAX_TOP) {
                    throw new IllegalArgumentException("top limb must be in [" + MIN_TOP + ", " + MAX_TOP
                            + "], got " + top);
                }
            }
            if (nonFiniteValues.length != nonFiniteIndices.length) {
                throw new IllegalArgumentException("expected " + nonFiniteIndices.length
                        + " non-finite values, got " + nonFiniteValues.length);
            }
            requireIncreasingIndices(nonFiniteIndices, dimension);
            for (double v : nonFiniteValues) {
                if (Double.isFinite(v)) {
                    throw new IllegalArgumentException("expected a non-finite sum, got " + v);
                }
            }
        }

        private static void requireIncreasingIndices(int[] indices, int dimension) {
            int previous = -1;
            for (int index : indices) {
                if (index <= previous || index >= dimension) {
                    throw new IllegalArgumentException("indices must increase within [0, " + dimension
                            + "), got " + index + " after " + previous);
                }
                previous = index;
            }
        }

        @Serial
        private Object readResolve() {
            ExactVector vector = new ExactVector(dimension);
            for (int c = 0; c < tops.length; c++) {
                int j = indices == null ? c : indices[c];
                vector.tops[j] = tops[c];
                System.arraycopy(limbs, c << 2, vector.limbs, j << 2, WINDOW);
            }
            for (int f = 0; f < nonFiniteIndices.length; f++) {
                vector.addNonFinite(nonFiniteIndices[f], nonFiniteValues[f]);
            }
            return vector;
        }
    }
}
