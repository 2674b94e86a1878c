package dev.fullbatch.math;

import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

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
 * value ever added to j (but at least 3). Limbs are never carried into one another while accumulating and T_j only
 * grows, so each stored limb is exactly the sum of the added values' digits at that index: a function of the
 * multiset alone. Digits below the window (and limbs that leave it when T_j grows) are not dropped: they are summed,
 * exactly, in a {@link BigInteger} per component ("spill"), which ordinary data never needs (its values lie within
 * about 2^60 of each other). {@link #merge} aligns two windows to the larger top, spills what falls below, and adds
 * limb by limb: exact, commutative and associative.
 *
 * <h2>Accuracy</h2>
 * Exact: {@link #get} is the correctly rounded (half to even) exact sum of every finite value added, however the
 * values were grouped, ordered and merged. So any two ways of adding up the same real number, for instance a
 * running double sum plus the exact rounding errors of its steps, give the same bits. Infinities and NaNs are kept
 * apart per component as their IEEE sum (NaN if both infinities or any NaN was added), which {@link #get} then
 * returns.
 *
 * <h2>Limits and lifecycle</h2>
 * Each limb is a sum of digits below 2^32, so fewer than 2^31 values per component are supported; {@link #merge}
 * throws {@link ArithmeticException} rather than overflow silently. Storage is paged: components live in pages of
 * {@value #PAGE} (a {@code long[4 * 64]} of limbs and a {@code byte[64]} of tops), and a page is allocated when a
 * value first lands in it, so a vector that only a few components were added to costs memory, merges and
 * serialization in proportion to those components, never to the dimension (beyond one reference per page). No
 * per-component objects (the spill, a {@link BigInteger} per component that needs one, is empty for ordinary data).
 * Instances are mutable and not thread-safe: one per task, as Spark's aggregate uses them. Java serialization writes
 * only the components that differ from a fresh vector, as variable-length integers (index gaps, tops and limbs), plus
 * the spill, so partials travel small.
 */
public final class ExactVector implements Serializable {
    @Serial
    private static final long serialVersionUID = 3L;

    /** Limbs per component window. */
    static final int WINDOW = 4;
    /** The top limb of a fresh component: the window starts at limb 0, the weight of MIN_VALUE. */
    static final int MIN_TOP = WINDOW - 1;
    /** The top limb of the largest finite double: bit 2045 + 52 of the 2^-1074 grid. */
    static final int MAX_TOP = (2045 + 52) >> 5;
    /** Components per storage page. */
    public static final int PAGE = 64;
    private static final int PAGE_SHIFT = 6;
    private static final int PAGE_MASK = PAGE - 1;

    private static final long LOW_32 = 0xFFFFFFFFL;
    private static final long SIGNIFICAND_MASK = 0x000FFFFFFFFFFFFFL;

    private final int dimension;
    /**
     * limbPages[j / 64][4 (j % 64) + (k & 3)] holds limb k of component j for k in [T_j - 3, T_j]: a ring, so raising
     * the top only clears the slots of the limbs that fall out of the window, and never moves the others. A null
     * page holds fresh components.
     */
    private final long[][] limbPages;
    private final byte[][] topPages;
    /**
     * Per component, the exact sum of the digits below its window, in units of 2^-1074 (the limb sums at indices
     * below T_j - 3, each times 2^(32 k)); absent when zero. Null until the first spill.
     */
    private TreeMap<Integer, BigInteger> spill;
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
        int pages = (dimension + PAGE_MASK) >>> PAGE_SHIFT;
        this.limbPages = new long[pages][];
        this.topPages = new byte[pages][];
    }

    /** Number of components. */
    public int dimension() {
        return dimension;
    }

    /** Allocates page {@code p} (fresh components) and returns its tops. */
    private byte[] allocate(int p) {
        byte[] tops = new byte[PAGE];
        Arrays.fill(tops, (byte) MIN_TOP);
        limbPages[p] = new long[WINDOW * PAGE];
        topPages[p] = tops;
        return tops;
    }

    /**
     * Adds {@code value} to component {@code index}, exactly.
     * Adding a zero of either sign changes nothing.
     *
     * @param index component, in [0, dimension)
     * @param value any double; infinities and NaN are kept apart (see the class comment)
     * @throws IndexOutOfBoundsException if index is out of range
     */
    public void add(int index, double value) {
        Objects.checkIndex(index, dimension);
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
        int page = index >>> PAGE_SHIFT;
        byte[] tops = topPages[page];
        if (tops == null) {
            tops = allocate(page);
        }
        long[] limbs = limbPages[page];
        int slot = index & PAGE_MASK;
        int windowTop = tops[slot];
        if (top > windowTop) {
            raiseTop(index, limbs, tops, slot, windowTop, top);
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
        int base = slot << 2;
        if (limb >= bottom) {
            // A digit above the top is always zero (the top is the highest nonzero digit), so adding it into the
            // ring slot it aliases is harmless.
            limbs[base + (limb & 3)] += digit0;
            limbs[base + ((limb + 1) & 3)] += digit1;
            limbs[base + ((limb + 2) & 3)] += digit2;
            return;
        }
        long[] digits = {digit0, digit1, digit2};
        for (int i = 0; i < 3; i++) {
            if (limb + i >= bottom) {
                limbs[base + ((limb + i) & 3)] += digits[i];
            } else {
                spill(index, limb + i, digits[i]);
            }
        }
    }

    /** Adds {@code amount * 2^(32 limb)} (units of 2^-1074) to component {@code index}'s spill. */
    private void spill(int index, int limb, long amount) {
        if (amount != 0) {
            spill(index, BigInteger.valueOf(amount).shiftLeft(32 * limb));
        }
    }

    private void spill(int index, BigInteger amount) {
        if (amount.signum() == 0) {
            return;
        }
        if (spill == null) {
            spill = new TreeMap<>();
        }
        BigInteger sum = spill.merge(index, amount, BigInteger::add);
        if (sum.signum() == 0) {
            spill.remove(index); // absent means zero: the state stays a function of the multiset
        }
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
        if (lo != 0.0) { // most compensated sums of one or two values have none
            add(index, lo);
        }
    }

    /**
     * Adds component {@code otherIndex} of {@code other} into component {@code index} of this vector, exactly, as
     * {@link #merge} does for components of equal index: the sum afterwards is the exact sum of both components'
     * values. For collections that keep one component per key and merge by key (a sorted run of distinct scores).
     * {@code other} is not modified (unless it is this vector and the indices are equal, which doubles).
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws ArithmeticException if a limb would overflow (2^31 or more values in one component)
     */
    public void mergeComponent(int index, ExactVector other, int otherIndex) {
        mergeComponent(index, other, otherIndex, false);
    }

    /**
     * Subtracts component {@code otherIndex} of {@code other} from component {@code index} of this vector, exactly:
     * the state that adding the negation of every value of that component would give.
     *
     * @throws IndexOutOfBoundsException if an index is out of range
     * @throws ArithmeticException if a limb would overflow (2^31 or more values in one component)
     */
    public void subtractComponent(int index, ExactVector other, int otherIndex) {
        mergeComponent(index, other, otherIndex, true);
    }

    private void mergeComponent(int index, ExactVector other, int otherIndex, boolean negate) {
        Objects.checkIndex(index, dimension);
        Objects.checkIndex(otherIndex, other.dimension);
        double theirNonFinite = other.nonFiniteAt(otherIndex);
        BigInteger theirSpill = other.spill == null ? null : other.spill.get(otherIndex);
        long[] theirPage = other.limbPages[otherIndex >>> PAGE_SHIFT];
        if (theirPage != null) {
            int theirTop = other.topPages[otherIndex >>> PAGE_SHIFT][otherIndex & PAGE_MASK];
            int theirBase = (otherIndex & PAGE_MASK) << 2;
            long[] theirLimbs = {theirPage[theirBase], theirPage[theirBase + 1], theirPage[theirBase + 2],
                theirPage[theirBase + 3]}; // copied: other may be this vector
            if (negate) {
                // Negating every digit of every value negates each limb sum and leaves the top where it was.
                for (int k = 0; k < WINDOW; k++) {
                    theirLimbs[k] = -theirLimbs[k];
                }
            }
            boolean fresh = theirTop == MIN_TOP && theirLimbs[0] == 0 && theirLimbs[1] == 0 && theirLimbs[2] == 0
                    && theirLimbs[3] == 0;
            if (!fresh) {
                int page = index >>> PAGE_SHIFT;
                byte[] tops = topPages[page];
                if (tops == null) {
                    tops = allocate(page);
                }
                long[] limbs = limbPages[page];
                int slot = index & PAGE_MASK;
                int base = slot << 2;
                int ourTop = tops[slot];
                if (theirTop > ourTop) {
                    raiseTop(index, limbs, tops, slot, ourTop, theirTop);
                    ourTop = theirTop;
                }
                for (int k = theirTop - MIN_TOP; k < Math.min(ourTop - MIN_TOP, theirTop + 1); k++) {
                    spill(index, k, theirLimbs[k & 3]);
                }
                for (int k = Math.max(theirTop, ourTop) - MIN_TOP; k <= theirTop; k++) {
                    limbs[base + (k & 3)] = Math.addExact(limbs[base + (k & 3)], theirLimbs[k & 3]);
                }
            }
        }
        if (theirSpill != null) {
            spill(index, negate ? theirSpill.negate() : theirSpill);
        }
        if (theirNonFinite != 0.0) {
            addNonFinite(index, negate ? -theirNonFinite : theirNonFinite);
        }
    }

    /**
     * The exact sum of component {@code index}, unrounded: every finite double is a dyadic rational, and so is any
     * sum of them, so a {@link BigDecimal} holds it exactly. For the few statistics whose formula would cancel
     * catastrophically in doubles (a variance from a sum of squares and a squared sum), evaluated once at the end.
     *
     * @param index component, in [0, dimension)
     * @throws ArithmeticException if a non-finite value was added to the component
     */
    public BigDecimal exactValue(int index) {
        Objects.checkIndex(index, dimension);
        if (nonFiniteAt(index) != 0.0) {
            throw new ArithmeticException("component " + index + " holds a non-finite sum: " + nonFiniteAt(index));
        }
        BigInteger units = exactUnits(index);
        if (units.signum() == 0) {
            return BigDecimal.ZERO;
        }
        int twos = units.getLowestSetBit(); // units * 2^-1074 = odd * 2^(twos - 1074)
        BigInteger odd = units.shiftRight(twos);
        int exponent = twos - 1074;
        if (exponent >= 0) {
            return new BigDecimal(odd.shiftLeft(exponent));
        }
        // odd * 2^-e = odd * 5^e / 10^e, exactly
        return new BigDecimal(odd.multiply(BigInteger.valueOf(5).pow(-exponent)), -exponent);
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
        for (int p = 0; p < limbPages.length; p++) {
            long[] theirLimbs = other.limbPages[p];
            if (theirLimbs == null) {
                continue;
            }
            byte[] theirTops = other.topPages[p];
            if (topPages[p] == null) {
                // Merging into fresh components gives exactly their state.
                limbPages[p] = theirLimbs.clone();
                topPages[p] = theirTops.clone();
                continue;
            }
            mergePage(p, limbPages[p], topPages[p], theirLimbs, theirTops);
        }
        if (other.spill != null) {
            // A copy: other may be this vector.
            for (Map.Entry<Integer, BigInteger> e : new TreeMap<>(other.spill).entrySet()) {
                spill(e.getKey(), e.getValue());
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

    private void mergePage(int page, long[] limbs, byte[] tops, long[] theirLimbs, byte[] theirTops) {
        for (int slot = 0; slot < PAGE; slot++) {
            int index = (page << PAGE_SHIFT) + slot;
            int theirTop = theirTops[slot];
            int base = slot << 2;
            if (theirTop == MIN_TOP && theirLimbs[base] == 0 && theirLimbs[base + 1] == 0
                    && theirLimbs[base + 2] == 0 && theirLimbs[base + 3] == 0) {
                continue; // fresh: merging it changes nothing
            }
            int ourTop = tops[slot];
            if (theirTop > ourTop) {
                raiseTop(index, limbs, tops, slot, ourTop, theirTop);
                ourTop = theirTop;
            }
            // Their limbs below our (possibly higher) bottom go to the spill, as their digits would have.
            for (int k = theirTop - MIN_TOP; k < Math.min(ourTop - MIN_TOP, theirTop + 1); k++) {
                spill(index, k, theirLimbs[base + (k & 3)]);
            }
            for (int k = Math.max(theirTop, ourTop) - MIN_TOP; k <= theirTop; k++) {
                int i = base + (k & 3);
                limbs[i] = Math.addExact(limbs[i], theirLimbs[i]);
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
        if (spill != null && spill.containsKey(index)) {
            return roundExact(exactUnits(index));
        }
        int page = index >>> PAGE_SHIFT;
        long[] limbs = limbPages[page];
        if (limbs == null) {
            return 0.0;
        }
        int slot = index & PAGE_MASK;
        int top = topPages[page][slot];
        int base = slot << 2;
        return roundWindow(limbs[base + ((top + 1) & 3)], limbs[base + ((top + 2) & 3)],
                limbs[base + ((top + 3) & 3)], limbs[base + (top & 3)], top - MIN_TOP);
    }

    /**
     * A new vector holding components {@code from .. to-1} of this one, in the same state, as components
     * {@code 0 .. to-from-1}: merging ranges of several vectors and then rounding gives exactly the rounded merge of
     * the whole vectors, restricted to the range. {@code from} must be a multiple of {@link #PAGE} (so pages are
     * copied whole), {@code to} a multiple of it or the dimension.
     *
     * @throws IllegalArgumentException if the bounds are outside the vector or not page-aligned
     */
    public ExactVector range(int from, int to) {
        if (from < 0 || to > dimension || from > to || (from & PAGE_MASK) != 0
                || ((to & PAGE_MASK) != 0 && to != dimension)) {
            throw new IllegalArgumentException("range [" + from + ", " + to + ") must lie in [0, " + dimension
                    + "] with page-aligned bounds (multiples of " + PAGE + ")");
        }
        ExactVector out = new ExactVector(to - from);
        int firstPage = from >>> PAGE_SHIFT;
        for (int p = 0; p < out.limbPages.length; p++) {
            long[] limbs = limbPages[firstPage + p];
            if (limbs != null) {
                out.limbPages[p] = limbs.clone();
                out.topPages[p] = topPages[firstPage + p].clone();
            }
        }
        if (spill != null) {
            for (Map.Entry<Integer, BigInteger> e : spill.subMap(from, to).entrySet()) {
                out.spill(e.getKey() - from, e.getValue());
            }
        }
        if (nonFinite != null) {
            for (int j = from; j < to; j++) {
                if (nonFinite[j] != 0.0) {
                    out.addNonFinite(j - from, nonFinite[j]);
                }
            }
        }
        return out;
    }

    /** All components as {@link #get} returns them, in a fresh array. */
    public double[] toDoubleArray() {
        double[] result = new double[dimension];
        for (int p = 0; p < limbPages.length; p++) {
            long[] limbs = limbPages[p];
            if (limbs == null) {
                continue; // fresh components sum to +0.0, which the new array already holds
            }
            byte[] tops = topPages[p];
            int first = p << PAGE_SHIFT;
            int n = Math.min(PAGE, dimension - first);
            for (int slot = 0; slot < n; slot++) {
                int top = tops[slot];
                int base = slot << 2;
                result[first + slot] = roundWindow(limbs[base + ((top + 1) & 3)], limbs[base + ((top + 2) & 3)],
                        limbs[base + ((top + 3) & 3)], limbs[base + (top & 3)], top - MIN_TOP);
            }
        }
        if (spill != null) {
            for (int j : spill.keySet()) {
                result[j] = roundExact(exactUnits(j));
            }
        }
        if (nonFinite != null) {
            for (int j = 0; j < dimension; j++) {
                if (nonFinite[j] != 0.0) {
                    result[j] = nonFinite[j];
                }
            }
        }
        return result;
    }

    /** The exact finite sum of component {@code index} in units of 2^-1074: its window plus its spill. */
    private BigInteger exactUnits(int index) {
        BigInteger sum = spill == null ? BigInteger.ZERO : spill.getOrDefault(index, BigInteger.ZERO);
        int top = topOf(index);
        for (int k = top - MIN_TOP; k <= top; k++) {
            long limb = limbOf(index, k & 3);
            if (limb != 0) {
                sum = sum.add(BigInteger.valueOf(limb).shiftLeft(32 * k));
            }
        }
        return sum;
    }

    /** The double nearest (ties to even) to {@code units * 2^-1074}; +-Infinity beyond the finite range; +0.0 for 0. */
    static double roundExact(BigInteger units) {
        int sign = units.signum();
        if (sign == 0) {
            return 0.0;
        }
        BigInteger magnitude = units.abs();
        int bits = magnitude.bitLength();
        double result;
        if (bits <= 53) {
            // Exact: a multiple of 2^-1074 below 2^-1021, a subnormal or the smallest normal binade.
            result = Math.scalb((double) magnitude.longValueExact(), -1074);
        } else {
            int shift = bits - 53;
            long kept = magnitude.shiftRight(shift).longValueExact();
            BigInteger rest = magnitude.subtract(BigInteger.valueOf(kept).shiftLeft(shift));
            int half = rest.compareTo(BigInteger.ONE.shiftLeft(shift - 1));
            if (half > 0 || (half == 0 && (kept & 1) == 1)) {
                kept++; // may reach 2^53: still exact as a double
            }
            int exponent = shift - 1074;
            result = exponent > 1023 - 52 ? Double.POSITIVE_INFINITY : Math.scalb((double) kept, exponent);
        }
        return sign < 0 ? -result : result;
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
     * Two vectors are equal when they have the same dimension and identical state (windows, tops, spills and
     * non-finite sums), which holds for any two vectors built from the same multisets of values per component.
     * Vectors built from different values with the same exact sums can differ in state, not in {@link #get}.
     */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExactVector other)) {
            return false;
        }
        if (dimension != other.dimension) {
            return false;
        }
        for (int j = 0; j < dimension; j++) {
            if (!isFresh(j) || !other.isFresh(j)) {
                if (topOf(j) != other.topOf(j)) {
                    return false;
                }
                for (int k = 0; k < WINDOW; k++) {
                    if (limbOf(j, k) != other.limbOf(j, k)) {
                        return false;
                    }
                }
            }
            if (Double.doubleToLongBits(nonFiniteAt(j)) != Double.doubleToLongBits(other.nonFiniteAt(j))) {
                return false;
            }
        }
        return Objects.equals(spillOrEmpty(), other.spillOrEmpty());
    }

    private Map<Integer, BigInteger> spillOrEmpty() {
        return spill == null ? Map.of() : spill;
    }

    @Override
    public int hashCode() {
        int h = dimension;
        for (int p = 0; p < limbPages.length; p++) {
            if (limbPages[p] == null) {
                continue;
            }
            for (int slot = 0; slot < PAGE; slot++) {
                int j = (p << PAGE_SHIFT) + slot;
                if (j < dimension && !isFresh(j)) {
                    h = 31 * h + j;
                    h = 31 * h + topOf(j);
                    for (int k = 0; k < WINDOW; k++) {
                        h = 31 * h + Long.hashCode(limbOf(j, k));
                    }
                }
            }
        }
        return 31 * h + spillOrEmpty().hashCode();
    }

    @Override
    public String toString() {
        return "ExactVector[dimension=" + dimension + "]";
    }

    /** The top limb T_j of a component's window (digits below limb T_j - 3 are in its spill). */
    int topLimb(int index) {
        return topOf(Objects.checkIndex(index, dimension));
    }

    private int topOf(int index) {
        byte[] tops = topPages[index >>> PAGE_SHIFT];
        return tops == null ? MIN_TOP : tops[index & PAGE_MASK];
    }

    /** The limb in ring slot {@code k} of component {@code index}. */
    private long limbOf(int index, int k) {
        long[] limbs = limbPages[index >>> PAGE_SHIFT];
        return limbs == null ? 0 : limbs[((index & PAGE_MASK) << 2) + k];
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

    private void raiseTop(int index, long[] limbs, byte[] tops, int slot, int oldTop, int newTop) {
        // Limb oldTop + i takes the ring slot of limb oldTop + i - 4, which leaves the window for the spill.
        int cleared = Math.min(newTop - oldTop, WINDOW);
        int base = slot << 2;
        for (int i = 1; i <= cleared; i++) {
            int at = base + ((oldTop + i) & 3);
            spill(index, oldTop + i - WINDOW, limbs[at]);
            limbs[at] = 0;
        }
        tops[slot] = (byte) newTop;
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

    /**
     * Whether component {@code index} is as in a fresh vector: nothing but zeros (or values that cancelled without
     * widening its window) was added, so its sum is exactly +0.0. Cheap: no rounding.
     *
     * @param index component, in [0, dimension)
     */
    public boolean isEmpty(int index) {
        Objects.checkIndex(index, dimension);
        return isFresh(index) && nonFiniteAt(index) == 0.0;
    }

    private boolean isFresh(int index) {
        if (spill != null && spill.containsKey(index)) {
            return false;
        }
        long[] limbs = limbPages[index >>> PAGE_SHIFT];
        if (limbs == null) {
            return true;
        }
        int base = (index & PAGE_MASK) << 2;
        return topPages[index >>> PAGE_SHIFT][index & PAGE_MASK] == MIN_TOP && limbs[base] == 0
                && limbs[base + 1] == 0 && limbs[base + 2] == 0 && limbs[base + 3] == 0;
    }

    @Serial
    private Object writeReplace() {
        int allocatedPages = 0;
        for (long[] page : limbPages) {
            allocatedPages += page == null ? 0 : 1;
        }
        // About 16 bytes a component in practice: sized once rather than doubled up from nothing.
        VarintWriter out = new VarintWriter((int) Math.min(Integer.MAX_VALUE - 16, allocatedPages * (long) PAGE * 18 + 64));
        int count = 0;
        int previous = -1;
        for (int p = 0; p < limbPages.length; p++) {
            long[] limbs = limbPages[p];
            if (limbs == null) {
                continue;
            }
            byte[] tops = topPages[p];
            for (int slot = 0; slot < PAGE; slot++) {
                int j = (p << PAGE_SHIFT) + slot;
                if (j >= dimension || isFresh(j)) {
                    continue;
                }
                out.unsigned(j - previous - 1);
                out.unsigned(tops[slot]);
                int base = slot << 2;
                for (int k = 0; k < WINDOW; k++) {
                    out.signed(limbs[base + k]);
                }
                previous = j;
                count++;
            }
        }
        int nonFiniteCount = 0;
        if (nonFinite != null) {
            for (double v : nonFinite) {
                if (v != 0.0) {
                    nonFiniteCount++;
                }
            }
        }
        int[] nonFiniteIndices = new int[nonFiniteCount];
        double[] nonFiniteValues = new double[nonFiniteCount];
        int f = 0;
        for (int j = 0; nonFinite != null && j < dimension; j++) {
            if (nonFinite[j] != 0.0) {
                nonFiniteIndices[f] = j;
                nonFiniteValues[f] = nonFinite[j];
                f++;
            }
        }
        int spilled = spill == null ? 0 : spill.size();
        int[] spillIndices = new int[spilled];
        byte[][] spillValues = new byte[spilled][];
        int at = 0;
        for (Map.Entry<Integer, BigInteger> e : spillOrEmpty().entrySet()) { // a TreeMap: increasing indices
            spillIndices[at] = e.getKey();
            spillValues[at++] = e.getValue().toByteArray();
        }
        return new CompactForm(dimension, count, out.toByteArray(), nonFiniteIndices, nonFiniteValues, spillIndices,
                spillValues);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws InvalidObjectException {
        throw new InvalidObjectException("ExactVector is only deserialized through its compact form");
    }

    /** Appends unsigned and zig-zag signed LEB128 integers to a growable byte array. */
    private static final class VarintWriter {
        VarintWriter(int capacity) {
            bytes = new byte[Math.max(16, capacity)];
        }

        private byte[] bytes;
        private int size;

        void unsigned(long v) {
            if (size + 10 > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + 10));
            }
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        void signed(long v) {
            unsigned((v << 1) ^ (v >> 63));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** Reads what {@link VarintWriter} wrote, rejecting truncated or overlong input. */
    private static final class VarintReader {
        private final byte[] bytes;
        private int position;

        VarintReader(byte[] bytes) {
            this.bytes = bytes;
        }

        long unsigned() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new IllegalArgumentException("encoded components end early at byte " + position);
                }
                byte b = bytes[position++];
                v |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return v;
                }
            }
            throw new IllegalArgumentException("overlong integer ending at byte " + position);
        }

        long signed() {
            long z = unsigned();
            return (z >>> 1) ^ -(z & 1);
        }

        boolean atEnd() {
            return position == bytes.length;
        }
    }

    /**
     * The serialized form: the {@code count} components that differ from a fresh vector, encoded in increasing index
     * order as (gap to the previous index, top, four limbs in ring-slot order), all variable-length integers.
     * Deserialization goes through the canonical constructor and {@code readResolve}, which reject malformed input.
     */
    private record CompactForm(int dimension, int count, byte[] encoded, int[] nonFiniteIndices,
            double[] nonFiniteValues, int[] spillIndices, byte[][] spillValues) implements Serializable {
        @Serial
        private static final long serialVersionUID = 3L;

        CompactForm {
            if (dimension < 0 || dimension > Integer.MAX_VALUE / WINDOW) {
                throw new IllegalArgumentException("dimension must be in [0, " + Integer.MAX_VALUE / WINDOW
                        + "], got " + dimension);
            }
            Objects.requireNonNull(encoded, "encoded");
            Objects.requireNonNull(nonFiniteIndices, "nonFiniteIndices");
            Objects.requireNonNull(nonFiniteValues, "nonFiniteValues");
            if (count < 0 || count > dimension) {
                throw new IllegalArgumentException("count must be in [0, " + dimension + "], got " + count);
            }
            // The components themselves are checked while readResolve decodes them (once, not twice).
            if (nonFiniteValues.length != nonFiniteIndices.length) {
                throw new IllegalArgumentException("expected " + nonFiniteIndices.length
                        + " non-finite values, got " + nonFiniteValues.length);
            }
            int previous = -1;
            for (int index : nonFiniteIndices) {
                if (index <= previous || index >= dimension) {
                    throw new IllegalArgumentException("indices must increase within [0, " + dimension
                            + "), got " + index + " after " + previous);
                }
                previous = index;
            }
            for (double v : nonFiniteValues) {
                if (Double.isFinite(v)) {
                    throw new IllegalArgumentException("expected a non-finite sum, got " + v);
                }
            }
            Objects.requireNonNull(spillIndices, "spillIndices");
            Objects.requireNonNull(spillValues, "spillValues");
            if (spillValues.length != spillIndices.length) {
                throw new IllegalArgumentException("expected " + spillIndices.length + " spilled sums, got "
                        + spillValues.length);
            }
            previous = -1;
            for (int index : spillIndices) {
                if (index <= previous || index >= dimension) {
                    throw new IllegalArgumentException("spill indices must increase within [0, " + dimension
                            + "), got " + index + " after " + previous);
                }
                previous = index;
            }
            for (byte[] v : spillValues) {
                // Spills are sums of limbs below some window top, so far below 2^(32 MAX_TOP + 64).
                if (v == null || v.length == 0 || v.length > 4 * (MAX_TOP + 3) || new BigInteger(v).signum() == 0) {
                    throw new IllegalArgumentException("malformed spilled sum");
                }
            }
        }

        /** Decodes into {@code target}, rejecting malformed input. */
        private static void decode(int dimension, int count, byte[] encoded, ExactVector target) {
            VarintReader in = new VarintReader(encoded);
            long previous = -1;
            for (int c = 0; c < count; c++) {
                long j = previous + 1 + in.unsigned();
                if (j >= dimension || j < 0) {
                    throw new IllegalArgumentException("component index " + j + " outside [0, " + dimension + ")");
                }
                long top = in.unsigned();
                if (top < MIN_TOP || top > MAX_TOP) {
                    throw new IllegalArgumentException("top limb must be in [" + MIN_TOP + ", " + MAX_TOP
                            + "], got " + top);
                }
                int index = (int) j;
                int page = index >>> PAGE_SHIFT;
                byte[] tops = target.topPages[page];
                if (tops == null) {
                    tops = target.allocate(page);
                }
                int slot = index & PAGE_MASK;
                tops[slot] = (byte) top;
                long[] limbs = target.limbPages[page];
                for (int k = 0; k < WINDOW; k++) {
                    limbs[(slot << 2) + k] = in.signed();
                }
                previous = j;
            }
            if (!in.atEnd()) {
                throw new IllegalArgumentException("unexpected bytes after " + count + " encoded components");
            }
        }

        @Serial
        private Object readResolve() {
            ExactVector vector = new ExactVector(dimension);
            decode(dimension, count, encoded, vector);
            for (int f = 0; f < nonFiniteIndices.length; f++) {
                vector.addNonFinite(nonFiniteIndices[f], nonFiniteValues[f]);
            }
            for (int f = 0; f < spillIndices.length; f++) {
                vector.spill(spillIndices[f], new BigInteger(spillValues[f]));
            }
            return vector;
        }
    }
}
