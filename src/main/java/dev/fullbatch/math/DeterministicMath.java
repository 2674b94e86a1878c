package dev.fullbatch.math;

/**
 * Elementary functions whose results are the same bits on every JVM, in the interpreter and in JIT-compiled code.
 *
 * <p>{@link Math#exp} and friends may be replaced by intrinsics whose last bit differs between platforms and even
 * between the interpreter and C2 on one machine, which would break bit-for-bit reproducible training. Every function
 * here is built only from IEEE 754 {@code +, -, *, /}, comparisons and bit operations on {@code double} and
 * {@code long} (which Java 17 evaluates with strict IEEE semantics), plus a table of constants written out exactly as
 * hexadecimal literals. They never call {@code Math} or {@code StrictMath} transcendental functions.
 *
 * <p>Accuracy: {@link #exp}, {@link #expm1}, {@link #log} and {@link #log1p} are nearly correctly rounded (error a
 * little above 0.5 ulp; up to 0.75 ulp where exp's result is subnormal, as it is rounded twice there), so they agree
 * with {@link StrictMath} (itself within about 0.8 ulp) within 1 ulp and usually exactly. Special values
 * (NaN, infinities, signed zeros, overflow and underflow) follow {@link StrictMath}. {@link #sigmoid},
 * {@link #tanh} and {@link #log1pExp} are built on them and are accurate to a few ulps over the whole double range
 * without overflow.
 *
 * <p>Stateless and thread-safe; not instantiable.
 */
public final class DeterministicMath {

    // ---- exp / expm1: x = (32k + j) * ln2/32 + r, |r| <= ln2/64, exp(x) = 2^k * 2^(j/32) * exp(r) ----

    /** Where {@link #logGamma} switches from the recurrence to Stirling's series. */
    private static final double LOG_GAMMA_STIRLING = 10.0;
    /** ln(2 pi) / 2, rounded to nearest. */
    private static final double HALF_LOG_TWO_PI = 0.91893853320467274178;
    /** Largest x with exp(x) finite. */
    private static final double EXP_OVERFLOW = 0x1.62e42fefa39efp9;
    /** Smallest x with exp(x) rounding to a nonzero double (exp of anything below is under half of MIN_VALUE). */
    private static final double EXP_UNDERFLOW = -0x1.74910d52d3051p9;
    /** Below this expm1(x) = -1 + e with e < 2^-54, which rounds to -1. */
    private static final double EXPM1_SATURATION = -38.0;
    /** From here on 1 - tanh(z) < 2^-62: tanh rounds to 1. */
    private static final double TANH_SATURATION = 22.0;
    static final double INV_LN2_32 = 0x1.71547652b82fep5;
    /** ln2/32 with 37 significant bits, so n * LN2_32_HI is exact for every |n| < 2^16 reached here. */
    static final double LN2_32_HI = 0x1.62e42fefap-6;
    static final double LN2_32_LO = 0x1.cf79abc9e3b3ap-45;
    /** Adding then subtracting 1.5 * 2^52 rounds to the nearest integer and leaves it in the low mantissa bits. */
    static final double ROUND_SHIFTER = 0x1.8p52;
    static final double INV_6 = 1.0 / 6;
    static final double INV_24 = 1.0 / 24;
    static final double INV_120 = 1.0 / 120;
    static final double INV_720 = 1.0 / 720;
    static final double INV_5040 = 1.0 / 5040;
    /** Clears the low 27 fraction bits, leaving a 26-bit significand whose products with another such are exact. */
    private static final long HALF_SIGNIFICAND = 0xFFFFFFFFF8000000L;

    // ---- log: x = 2^k * m, m in [1, 2); r_j ~ 1/m has 10 bits, so u = m * r_j - 1 is computed exactly ----

    /** ln2 rounded to a multiple of 2^-42, so k * LN2_HI + LOG_TABLE hi parts add exactly. */
    static final double LN2_HI = 0x1.62e42fefa38p-1;
    static final double LN2_LO = 0x1.ef35793c7673p-45;
    /** Bits of 1 - 2^-8 and 1 + 2^-7: inside this window log(x) is taken from x - 1 directly to avoid cancellation. */
    private static final long NEAR_ONE_LOW_BITS = 0x3FEFE00000000000L;
    private static final long NEAR_ONE_HIGH_BITS = 0x3FF0200000000000L;
    /** log1p(x) for x in [-2^-8, 2^-7) is the near-one case of log with x exact (no rounding of 1 + x). */
    private static final double NEAR_ZERO_LOW = -0x1p-8;
    static final double NEAR_ZERO_HIGH = 0x1p-7;
    static final double TWO_THIRDS = 2.0 / 3;
    static final double TWO_FIFTHS = 2.0 / 5;
    static final double TWO_SEVENTHS = 2.0 / 7;
    private static final double TWO_POW_54 = 0x1p54;
    static final long FRACTION_MASK = 0x000FFFFFFFFFFFFFL;
    static final long EXPONENT_OF_ONE = 0x3FF0000000000000L;
    private static final long MIN_NORMAL_BITS = 0x0010000000000000L;
    private static final long INFINITY_BITS = 0x7FF0000000000000L;

    /**
     * 2^(j/32) for j = 0..31 as pairs (hi, lo): hi is the nearest double, lo the nearest double to the remainder.
     * Computed with 300-bit arithmetic; {@code DeterministicMathTest} re-checks them with exact BigDecimal powers.
     */
    static final double[] EXP_TABLE = {
        0x1.0p+0, 0.0, // 2^(0/32)
        0x1.059b0d3158574p+0, 0x1.d73e2a475b465p-55, // 2^(1/32)
        0x1.0b5586cf9890fp+0, 0x1.8a62e4adc610bp-54, // 2^(2/32)
        0x1.11301d0125b51p+0, -0x1.6c51039449b3ap-54, // 2^(3/32)
        0x1.172b83c7d517bp+0, -0x1.19041b9d78a76p-55, // 2^(4/32)
        0x1.1d4873168b9aap+0, 0x1.e016e00a2643cp-54, // 2^(5/32)
        0x1.2387a6e756238p+0, 0x1.9b07eb6c70573p-54, // 2^(6/32)
        0x1.29e9df51fdee1p+0, 0x1.612e8afad1255p-55, // 2^(7/32)
        0x1.306fe0a31b715p+0, 0x1.6f46ad23182e4p-55, // 2^(8/32)
        0x1.371a7373aa9cbp+0, -0x1.63aeabf42eae2p-54, // 2^(9/32)
        0x1.3dea64c123422p+0, 0x1.ada0911f09ebcp-55, // 2^(10/32)
        0x1.44e086061892dp+0, 0x1.89b7a04ef80dp-59, // 2^(11/32)
        0x1.4bfdad5362a27p+0, 0x1.d4397afec42e2p-56, // 2^(12/32)
        0x1.5342b569d4f82p+0, -0x1.07abe1db13cadp-55, // 2^(13/32)
        0x1.5ab07dd485429p+0, 0x1.6324c054647adp-54, // 2^(14/32)
        0x1.6247eb03a5585p+0, -0x1.383c17e40b497p-54, // 2^(15/32)
        0x1.6a09e667f3bcdp+0, -0x1.bdd3413b26456p-54, // 2^(16/32)
        0x1.71f75e8ec5f74p+0, -0x1.16e4786887a99p-55, // 2^(17/32)
        0x1.7a11473eb0187p+0, -0x1.41577ee04992fp-55, // 2^(18/32)
        0x1.82589994cce13p+0, -0x1.d4c1dd41532d8p-54, // 2^(19/32)
        0x1.8ace5422aa0dbp+0, 0x1.6e9f156864b27p-54, // 2^(20/32)
        0x1.93737b0cdc5e5p+0, -0x1.75fc781b57ebcp-57, // 2^(21/32)
        0x1.9c49182a3f09p+0, 0x1.c7c46b071f2bep-56, // 2^(22/32)
        0x1.a5503b23e255dp+0, -0x1.d2f6edb8d41e1p-54, // 2^(23/32)
        0x1.ae89f995ad3adp+0, 0x1.7a1cd345dcc81p-54, // 2^(24/32)
        0x1.b7f76f2fb5e47p+0, -0x1.5584f7e54ac3bp-56, // 2^(25/32)
        0x1.c199bdd85529cp+0, 0x1.11065895048ddp-55, // 2^(26/32)
        0x1.cb720dcef9069p+0, 0x1.503cbd1e949dbp-56, // 2^(27/32)
        0x1.d5818dcfba487p+0, 0x1.2ed02d75b3707p-55, // 2^(28/32)
        0x1.dfc97337b9b5fp+0, -0x1.1a5cd4f184b5cp-54, // 2^(29/32)
        0x1.ea4afa2a490dap+0, -0x1.e9c23179c2893p-54, // 2^(30/32)
        0x1.f50765b6e454p+0, 0x1.9d3e12dd8a18bp-54, // 2^(31/32)
    };

    /**
     * For j = 0..127 (m in [1 + j/128, 1 + (j+1)/128)): triples (r, hi, lo) where r is a 10-bit approximation of 1/m
     * chosen to minimize max |m r - 1| (at most 0.00422), and hi + lo = -log(r) with hi a multiple of 2^-42.
     */
    static final double[] LOG_TABLE = {
        0x1.fep-1, 0x1.008055958p-8, 0x1.166afcb31c67bp-45, // j = 0
        0x1.fap-1, 0x1.82448a388p-7, 0x1.4554412c584ep-44, // j = 1
        0x1.f6p-1, 0x1.432a92598p-6, 0x1.98139928637fep-47, // j = 2
        0x1.f28p-1, 0x1.b5cc258b7p-6, 0x1.8e611b8afbfe8p-46, // j = 3
        0x1.ee8p-1, 0x1.1ce5a62bcp-5, 0x1.a9cc78d8df999p-44, // j = 4
        0x1.ebp-1, 0x1.5715c4c04p-5, -0x1.8888ddfc47628p-44, // j = 5
        0x1.e78p-1, 0x1.91b073efd8p-5, -0x1.9d7c53f76ca96p-46, // j = 6
        0x1.e38p-1, 0x1.d52ed6406p-5, -0x1.3c85d2a29bbd6p-44, // j = 7
        0x1.ep-1, 0x1.08598b59e4p-4, -0x1.7e5dd7009902cp-46, // j = 8
        0x1.dc8p-1, 0x1.26536c3d8cp-4, 0x1.b4bac097c5ba3p-47, // j = 9
        0x1.d9p-1, 0x1.4485e03dbcp-4, 0x1.fad46e8d26ab7p-44, // j = 10
        0x1.d6p-1, 0x1.5e95a4d978p-4, 0x1.1cb7ce1d17171p-44, // j = 11
        0x1.d28p-1, 0x1.7d33687c28p-4, 0x1.3c88c3e706706p-44, // j = 12
        0x1.cfp-1, 0x1.9c0c32d4d4p-4, -0x1.ab7c09e838668p-44, // j = 13
        0x1.ccp-1, 0x1.b6ac88dad4p-4, 0x1.b1bdff50225c7p-44, // j = 14
        0x1.c88p-1, 0x1.d5f556592p-4, 0x1.0e239cc185469p-44, // j = 15
        0x1.c58p-1, 0x1.f0f70cdd98p-4, 0x1.2e31f6c272c1ep-44, // j = 16
        0x1.c28p-1, 0x1.06135354d4p-3, 0x1.6304628340ee9p-44, // j = 17
        0x1.bf8p-1, 0x1.13c2605c3ap-3, -0x1.cf5fdd94f6509p-45, // j = 18
        0x1.bc8p-1, 0x1.2188fd9808p-3, -0x1.b3a1e7f50c701p-44, // j = 19
        0x1.b98p-1, 0x1.2f677cbbcp-3, 0x1.52b302160f40dp-44, // j = 20
        0x1.b68p-1, 0x1.3d5e3126bcp-3, 0x1.3fb2f85096c4bp-46, // j = 21
        0x1.b38p-1, 0x1.4b6d6fefe2p-3, 0x1.522ecf56e7952p-46, // j = 22
        0x1.b08p-1, 0x1.59958ff1d6p-3, -0x1.a1d059769ca05p-44, // j = 23
        0x1.ad8p-1, 0x1.67d6e9d786p-3, -0x1.11e8830a706d3p-44, // j = 24
        0x1.abp-1, 0x1.73cb9074fep-3, -0x1.d66a90d0005a6p-44, // j = 25
        0x1.a8p-1, 0x1.823c16551ap-3, 0x1.e0ddb9a631e83p-46, // j = 26
        0x1.a58p-1, 0x1.8e588ebac2p-3, 0x1.b7d5cab2d114p-44, // j = 27
        0x1.a3p-1, 0x1.9a8778debap-3, 0x1.470fa3efec39p-44, // j = 28
        0x1.ap-1, 0x1.a93ed3c8aep-3, -0x1.8724350562169p-45, // j = 29
        0x1.9d8p-1, 0x1.b5971a213ap-3, 0x1.9b50e83aa91dfp-44, // j = 30
        0x1.9bp-1, 0x1.c2028ab18p-3, -0x1.92e0ee55c7ac6p-45, // j = 31
        0x1.988p-1, 0x1.ce816157f2p-3, -0x1.9e0aba2099515p-45, // j = 32
        0x1.96p-1, 0x1.db13db0d48p-3, 0x1.2806a847527e6p-44, // j = 33
        0x1.938p-1, 0x1.e7ba35eb78p-3, -0x1.d5eee23793649p-47, // j = 34
        0x1.91p-1, 0x1.f474b134ep-3, -0x1.bae49f1df7b5ep-44, // j = 35
        0x1.8e8p-1, 0x1.00a1c6addap-2, 0x1.1cd8d688b9e18p-44, // j = 36
        0x1.8cp-1, 0x1.07138604d6p-2, -0x1.e76324e912b17p-44, // j = 37
        0x1.898p-1, 0x1.0d8fb813ebp-2, 0x1.ee8c88753fa35p-46, // j = 38
        0x1.878p-1, 0x1.12c77cd007p-2, 0x1.3b2948a11f797p-46, // j = 39
        0x1.85p-1, 0x1.1956d3b9bcp-2, 0x1.7d2f73ad1aa14p-45, // j = 40
        0x1.828p-1, 0x1.1ff0fe7cf4p-2, 0x1.e9d5b513ff0c1p-44, // j = 41
        0x1.808p-1, 0x1.25410494e5p-2, 0x1.b1d7ac0ef77f2p-44, // j = 42
        0x1.7ep-1, 0x1.2bef07cdc9p-2, 0x1.a9cfa4a5004f4p-45, // j = 43
        0x1.7cp-1, 0x1.314f1e1d36p-2, -0x1.8e27ad3213cb8p-45, // j = 44
        0x1.798p-1, 0x1.3811728565p-2, -0x1.a71e493a0702bp-45, // j = 45
        0x1.778p-1, 0x1.3d81fb5947p-2, -0x1.22c7c2a9d37a4p-45, // j = 46
        0x1.758p-1, 0x1.42f9f3ff62p-2, 0x1.906440f7d3354p-44, // j = 47
        0x1.738p-1, 0x1.487970e958p-2, 0x1.dc1b8465cf25fp-44, // j = 48
        0x1.71p-1, 0x1.4f637ebbaap-2, -0x1.fc158cb3124b9p-44, // j = 49
        0x1.6fp-1, 0x1.54f431b7bep-2, 0x1.a8954c0910952p-46, // j = 50
        0x1.6dp-1, 0x1.5a8cadbbeep-2, -0x1.7c79b0af7ecf8p-48, // j = 51
        0x1.6bp-1, 0x1.602d08af09p-2, 0x1.ebe9176df3f65p-46, // j = 52
        0x1.69p-1, 0x1.65d558d4cep-2, 0x1.544fd2dc5bdcp-51, // j = 53
        0x1.67p-1, 0x1.6b85b4cffap-2, 0x1.fe6750d372503p-45, // j = 54
        0x1.65p-1, 0x1.713e33a46ap-2, 0x1.7b9b2617e9472p-46, // j = 55
        0x1.63p-1, 0x1.76feecb947p-2, 0x1.74bb9c9852c57p-46, // j = 56
        0x1.618p-1, 0x1.7b54ec1078p-2, -0x1.6e41f4a28f81fp-44, // j = 57
        0x1.5f8p-1, 0x1.812444990bp-2, -0x1.3a3e94cca13d1p-47, // j = 58
        0x1.5d8p-1, 0x1.86fc19d051p-2, 0x1.239fc8edbd99ap-44, // j = 59
        0x1.5b8p-1, 0x1.8cdc84a65ap-2, 0x1.7b752b5286a3fp-47, // j = 60
        0x1.5ap-1, 0x1.914a8635bfp-2, 0x1.a2652b44673e1p-44, // j = 61
        0x1.58p-1, 0x1.973a343135p-2, 0x1.ab73b16bf4984p-44, // j = 62
        0x1.56p-1, 0x1.9d32bea15fp-2, -0x1.6279e10d0c0bp-45, // j = 63
        0x1.548p-1, 0x1.a1b3071f76p-2, -0x1.2ca6d08a922a3p-49, // j = 64
        0x1.528p-1, 0x1.a7bb53abd6p-2, -0x1.6fe8dbf9a421p-45, // j = 65
        0x1.51p-1, 0x1.ac478d0205p-2, 0x1.bc0e8cc8a54afp-48, // j = 66
        0x1.4fp-1, 0x1.b25fefb60dp-2, -0x1.347cf9c45db45p-44, // j = 67
        0x1.4d8p-1, 0x1.b6f859e8efp-2, 0x1.8e7e65e11079ap-44, // j = 68
        0x1.4cp-1, 0x1.bb9611b80ep-2, 0x1.7d85bf40a666dp-45, // j = 69
        0x1.4ap-1, 0x1.c1c60693fap-2, 0x1.cec807fe8e18p-45, // j = 70
        0x1.488p-1, 0x1.c6704e4017p-2, -0x1.f0b4f8740cb8p-52, // j = 71
        0x1.47p-1, 0x1.cb200d2cebp-2, 0x1.90b9d9a2cb517p-44, // j = 72
        0x1.45p-1, 0x1.d1684d49f4p-2, 0x1.ab9d98a582718p-44, // j = 73
        0x1.438p-1, 0x1.d624ff7bb6p-2, -0x1.5c9adcda7b942p-45, // j = 74
        0x1.42p-1, 0x1.dae75484c9p-2, 0x1.856f4a7c8e7a6p-44, // j = 75
        0x1.408p-1, 0x1.dfaf59de8cp-2, 0x1.5d4a7f2c45f39p-46, // j = 76
        0x1.3fp-1, 0x1.e47d1d32e6p-2, 0x1.df865b95578b8p-44, // j = 77
        0x1.3d8p-1, 0x1.e950ac5d37p-2, -0x1.1f70ed067aa9p-45, // j = 78
        0x1.3cp-1, 0x1.ee2a156b41p-2, 0x1.f27f45a470251p-45, // j = 79
        0x1.3a8p-1, 0x1.f309669e25p-2, -0x1.8403a0073ce47p-45, // j = 80
        0x1.39p-1, 0x1.f7eeae6b57p-2, 0x1.873001acabb96p-44, // j = 81
        0x1.378p-1, 0x1.fcd9fb7da7p-2, -0x1.0857de7f6975cp-45, // j = 82
        0x1.36p-1, 0x1.00e5ae5b208p-1, -0x1.53ba3b1727b1cp-47, // j = 83
        0x1.348p-1, 0x1.03617096e08p-1, 0x1.5241984ffdf16p-45, // j = 84
        0x1.33p-1, 0x1.05e04c1aa3p-1, -0x1.fcfe79d1ac1c7p-44, // j = 85
        0x1.318p-1, 0x1.086248abc5p-1, -0x1.8a931eaa58575p-46, // j = 86
        0x1.3p-1, 0x1.0ae76e2d058p-1, -0x1.82de51de06076p-44, // j = 87
        0x1.2e8p-1, 0x1.0d6fc49f17p-1, -0x1.6c7d2278528ap-45, // j = 88
        0x1.2d8p-1, 0x1.0f21c81d1bp-1, -0x1.1ea613b1d9d41p-44, // j = 89
        0x1.2cp-1, 0x1.11af823c758p-1, 0x1.53cdc223111a7p-44, // j = 90
        0x1.2a8p-1, 0x1.1440833addp-1, 0x1.11b7bd518bf11p-45, // j = 91
        0x1.29p-1, 0x1.16d4d38c118p-1, 0x1.fa75d42395d88p-45, // j = 92
        0x1.28p-1, 0x1.188ee40f24p-1, -0x1.accec41d52e6cp-44, // j = 93
        0x1.268p-1, 0x1.1b28cbb6ec8p-1, 0x1.3e8a5db7bb4e8p-45, // j = 94
        0x1.25p-1, 0x1.1dc619de068p-1, 0x1.441b50bb38388p-45, // j = 95
        0x1.24p-1, 0x1.1f8635fc618p-1, -0x1.a7242c9fe81d3p-45, // j = 96
        0x1.228p-1, 0x1.222942e4a68p-1, 0x1.4e3ea611bb72fp-44, // j = 97
        0x1.218p-1, 0x1.23ed3bf21c8p-1, 0x1.19adcc6f6b138p-44, // j = 98
        0x1.2p-1, 0x1.269621134d8p-1, 0x1.c93c1df5bb3b6p-44, // j = 99
        0x1.1fp-1, 0x1.285e0842cap-1, 0x1.c1c4d866d5f22p-44, // j = 100
        0x1.1d8p-1, 0x1.2b0cdfbf7bp-1, -0x1.7eadb7f3d2d11p-44, // j = 101
        0x1.1c8p-1, 0x1.2cd8c6b7c7p-1, 0x1.6f6cc8d895498p-45, // j = 102
        0x1.1bp-1, 0x1.2f8dab6363p-1, 0x1.bcccfdd1febc9p-44, // j = 103
        0x1.1ap-1, 0x1.315da443408p-1, -0x1.74e93c5a0ed9cp-45, // j = 104
        0x1.188p-1, 0x1.3418b1a856p-1, 0x1.16667cd3ff5efp-44, // j = 105
        0x1.178p-1, 0x1.35eccf0ac6p-1, 0x1.cfc32dd28719fp-45, // j = 106
        0x1.168p-1, 0x1.37c299f3c38p-1, -0x1.95d471a7df024p-45, // j = 107
        0x1.15p-1, 0x1.3a86767257p-1, 0x1.112e01e8919cap-45, // j = 108
        0x1.14p-1, 0x1.3c6080c36cp-1, -0x1.2b7367cfe13c2p-47, // j = 109
        0x1.13p-1, 0x1.3e3c43918f8p-1, -0x1.27534c617cda4p-46, // j = 110
        0x1.118p-1, 0x1.410928b8f98p-1, -0x1.7845fc8d3a0b4p-44, // j = 111
        0x1.108p-1, 0x1.42e946de08p-1, 0x1.7e040a2c943b9p-46, // j = 112
        0x1.0f8p-1, 0x1.44cb28e37cp-1, 0x1.f6ecefc1502dbp-44, // j = 113
        0x1.0e8p-1, 0x1.46aed21f118p-1, -0x1.cba837c0e2c18p-52, // j = 114
        0x1.0dp-1, 0x1.4987ace0da8p-1, 0x1.d83ed15c6b2f4p-44, // j = 115
        0x1.0cp-1, 0x1.4b6fd6f971p-1, -0x1.f047750959d5fp-44, // j = 116
        0x1.0bp-1, 0x1.4d59d43fda8p-1, 0x1.d0f65949c0a34p-44, // j = 117
        0x1.0ap-1, 0x1.4f45a835a5p-1, -0x1.e6c516d93b8fbp-45, // j = 118
        0x1.09p-1, 0x1.513356668p-1, -0x1.d46359b33c2adp-44, // j = 119
        0x1.078p-1, 0x1.541b5cb9798p-1, 0x1.22cc5c74d72bfp-50, // j = 120
        0x1.068p-1, 0x1.560dbc4515p-1, 0x1.e3498894795ap-44, // j = 121
        0x1.058p-1, 0x1.580202c6c7p-1, 0x1.a9786da9a7784p-44, // j = 122
        0x1.048p-1, 0x1.59f833f9d4p-1, 0x1.47ffa6ae2e581p-44, // j = 123
        0x1.038p-1, 0x1.5bf053a4868p-1, 0x1.0e06747e89b78p-45, // j = 124
        0x1.028p-1, 0x1.5dea65985ap-1, 0x1.a7e8cc9788422p-44, // j = 125
        0x1.018p-1, 0x1.5fe66db2288p-1, 0x1.920e2a312d8aep-45, // j = 126
        0x1.008p-1, 0x1.61e46fda568p-1, -0x1.cc9ee18ba867dp-44, // j = 127
    };

    private DeterministicMath() {
    }

    /** Entry i of the exp table (hi at 2j, lo at 2j + 1), for tests that re-check the constants. */
    static double expTableEntry(int i) {
        return EXP_TABLE[i];
    }

    /** Entry i of the log table (r at 3j, hi at 3j + 1, lo at 3j + 2), for tests that re-check the constants. */
    static double logTableEntry(int i) {
        return LOG_TABLE[i];
    }

    /**
     * e^x. Overflows to +Infinity above 709.782712893384, underflows to +0 below -745.1332191019411; NaN for NaN.
     *
     * @param x the exponent
     * @return e raised to x, within 1 ulp of {@link StrictMath#exp}
     */
    public static double exp(double x) {
        if (!(x >= EXP_UNDERFLOW && x <= EXP_OVERFLOW)) {
            if (x > 0) {
                return Double.POSITIVE_INFINITY;
            }
            return x < 0 ? 0.0 : x;
        }
        double shifted = x * INV_LN2_32 + ROUND_SHIFTER;
        int n = (int) Double.doubleToRawLongBits(shifted);
        double nd = shifted - ROUND_SHIFTER;
        // Exact: n * LN2_32_HI has at most 53 bits and lies within a factor 2 of x (Sterbenz).
        double rHi = x - nd * LN2_32_HI;
        double rLo = -nd * LN2_32_LO;
        double r = rHi + rLo;
        double p = rHi + (rLo + expTail(r));
        int j = (n & 31) << 1;
        double tHi = EXP_TABLE[j];
        double tLo = EXP_TABLE[j + 1];
        return scale(tHi + (tLo + tHi * p), n >> 5);
    }

    /**
     * e^x - 1, accurate also where the result is tiny (no cancellation for small x). Returns x itself for |x| below
     * 2^-54 (so signed zeros are kept), -1 below -38, +Infinity above 709.782712893384; NaN for NaN.
     *
     * @param x the exponent
     * @return e raised to x, minus one, within 1 ulp of {@link StrictMath#expm1}
     */
    public static double expm1(double x) {
        if (!(x >= EXPM1_SATURATION && x <= EXP_OVERFLOW)) {
            if (x > 0) {
                return Double.POSITIVE_INFINITY;
            }
            return x < 0 ? -1.0 : x;
        }
        if (Math.abs(x) < 0x1p-54) {
            return x;
        }
        double shifted = x * INV_LN2_32 + ROUND_SHIFTER;
        int n = (int) Double.doubleToRawLongBits(shifted);
        double nd = shifted - ROUND_SHIFTER;
        double rHi = x - nd * LN2_32_HI;
        double rLo = -nd * LN2_32_LO;
        double r = rHi + rLo;
        double q = expTail(r);
        double p = rHi + (rLo + q);
        int j = (n & 31) << 1;
        int k = n >> 5;
        double tHi = EXP_TABLE[j];
        double tLo = EXP_TABLE[j + 1];
        if (k < -1) {
            // Result in (-1, -0.49): no cancellation, but -1 + 2^k*tHi must be split exactly (Fast2Sum).
            double v = powerOfTwo(k) * tHi;
            double s = v - 1.0;
            double e = v - (s + 1.0);
            return s + (e + (v * p + powerOfTwo(k) * tLo * (1.0 + p)));
        }
        if (k > 52) {
            // The -1 is below the last bit of 2^k*T but can still decide the rounding.
            double minusOne = k < 200 ? powerOfTwo(-k) : 0.0;
            return scale(tHi + ((tLo - minusOne) + tHi * p), k);
        }
        // -1 <= k <= 52: 2^k*T - 1 may cancel down to about 0.01, so the two leading products are made exact by
        // splitting T and r into 26-bit heads, and their sum is kept as an unevaluated pair (TwoSum).
        double twoK = powerOfTwo(k);
        double tHead = Double.longBitsToDouble(Double.doubleToRawLongBits(tHi) & HALF_SIGNIFICAND);
        double tRest = (tHi - tHead) + tLo;
        double rHead = Double.longBitsToDouble(Double.doubleToRawLongBits(rHi) & HALF_SIGNIFICAND);
        double scaledHead = twoK * tHead;
        double a = scaledHead - 1.0;
        double b = scaledHead * rHead;
        double s = a + b;
        double bb = s - a;
        double e = (a - (s - bb)) + (b - bb);
        double rest = twoK * (tHead * (((rHi - rHead) + rLo) + q) + tRest * (1.0 + p));
        return s + (e + rest);
    }

    /**
     * Natural logarithm. NaN for NaN and negative arguments, -Infinity for +-0, +Infinity for +Infinity, +0 for 1.
     *
     * @param x the argument
     * @return ln(x), within 1 ulp of {@link StrictMath#log}
     */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (Long.compareUnsigned(bits - MIN_NORMAL_BITS, INFINITY_BITS - MIN_NORMAL_BITS) >= 0) {
            // Not a positive normal finite number.
            if (x > 0) {
                if (x == Double.POSITIVE_INFINITY) {
                    return x;
                }
                return logOfNormal(Double.doubleToRawLongBits(x * TWO_POW_54), -54, 0.0);
            }
            if (x == 0) {
                return Double.NEGATIVE_INFINITY;
            }
            return Double.NaN;
        }
        return logOfNormal(bits, 0, 0.0);
    }

    /**
     * ln(1 + x), accurate also for tiny x. NaN for NaN and x below -1, -Infinity for -1, +Infinity for +Infinity;
     * keeps the sign of zero.
     *
     * @param x the argument, at least -1
     * @return ln(1 + x), within 1 ulp of {@link StrictMath#log1p}
     */
    public static double log1p(double x) {
        if (x >= NEAR_ZERO_LOW && x < NEAR_ZERO_HIGH) {
            return log1pNearZero(x, 0.0);
        }
        if (x > -1.0 && x < Double.POSITIVE_INFINITY) {
            double y = 1.0 + x;
            // The exact rounding error of 1 + x (Fast2Sum with the larger operand first), fed in as a correction.
            double c = x > 1.0 ? (x - y) + 1.0 : (1.0 - y) + x;
            return logOfNormal(Double.doubleToRawLongBits(y), 0, c / y);
        }
        if (x == -1.0) {
            return Double.NEGATIVE_INFINITY;
        }
        return x < -1.0 ? Double.NaN : x;
    }

    /**
     * The logistic function 1 / (1 + e^-z), without overflow for any z: exactly 0.5 at 0, 1 above about 37,
     * subnormal then 0 below about -745. NaN for NaN. Error of a few ulps.
     *
     * @param z the argument (a margin)
     * @return sigmoid(z) in [0, 1]
     */
    public static double sigmoid(double z) {
        return sigmoid(z, expOfMinusMagnitude(z));
    }

    /**
     * {@link #sigmoid(double)} from {@code e = expOfMinusMagnitude(z)}, for callers that also need
     * {@link #log1pExp(double, double)} of the same {@code z}: the same bits, one exponential for both.
     */
    public static double sigmoid(double z, double e) {
        return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    }

    /**
     * {@code exp(-|z|)}, the one exponential {@link #sigmoid} and {@link #log1pExp} need; NaN comes back as it went
     * in (the argument's sign bit is not flipped).
     */
    public static double expOfMinusMagnitude(double z) {
        return exp(z >= 0 ? -z : z);
    }

    /**
     * The hyperbolic tangent, odd and without overflow for any z: z itself below 2^-28 in magnitude (keeping the sign
     * of zero), exactly +-1 from 22 on, NaN for NaN. Error of a few ulps.
     *
     * @param z the argument (a pre-activation)
     * @return tanh(z) in [-1, 1]
     */
    public static double tanh(double z) {
        double a = Math.abs(z);
        if (!(a < TANH_SATURATION)) {
            return a == a ? Math.copySign(1.0, z) : z;
        }
        if (a < 0x1p-28) {
            // tanh(z) = z - z^3/3 + ..., and z^2/3 < 2^-57: z is the correctly rounded result.
            return z;
        }
        // tanh(a) = (1 - e^-2a) / (1 + e^-2a) = -t / (t + 2) with t = e^-2a - 1 in (-1, 0], no cancellation.
        double t = expm1(-2.0 * a);
        // copySign rather than a test on z: no branch to mispredict when a network's units have mixed signs.
        return Math.copySign(-t / (t + 2.0), z);
    }

    /**
     * softplus: ln(1 + e^z), without overflow for any z: z itself for large z, e^z for very negative z, +Infinity
     * for +Infinity, 0 for -Infinity, NaN for NaN. Error of a few ulps. The logistic loss of margin m is
     * {@code log1pExp(-m)}.
     *
     * @param z the argument
     * @return ln(1 + e^z), never below max(z, 0) by more than rounding
     */
    public static double log1pExp(double z) {
        // Beyond 40 the exponential is not needed (see below).
        return z > 40.0 ? z : log1pExp(z, expOfMinusMagnitude(z));
    }

    /**
     * {@link #log1pExp(double)} from {@code e = expOfMinusMagnitude(z)}, for callers that also need
     * {@link #sigmoid(double, double)} of the same {@code z}: the same bits, one exponential for both.
     */
    public static double log1pExp(double z, double e) {
        if (z > 0) {
            // e^-z < 2^-53 * z beyond 40, so the correction cannot change z.
            return z > 40.0 ? z : z + log1p(e);
        }
        return log1p(e);
    }

    /**
     * ln Gamma(x) for x > 0: the log-likelihood constants of the Poisson and Gamma families ({@code lgamma(y + 1)},
     * {@code lgamma(1 / dispersion)}). +Infinity for 0 and +Infinity, NaN for NaN and negative arguments (not
     * needed here). Below {@value #LOG_GAMMA_STIRLING} the recurrence {@code Gamma(x + 1) = x Gamma(x)} moves the
     * argument up (one logarithm of the product); from there Stirling's series through the {@code x^-15} term, whose
     * truncation is below 4e-17. The result is within a few ulps of the largest intermediate term, so its absolute
     * error is a few times 1e-15 below 10 (where ln Gamma has its zeros at 1 and 2) and its relative error about
     * 1e-15 beyond. Whole numbers up to 23 are the logarithm of the exact factorial (0 at 1 and 2).
     *
     * @param x the argument, positive
     * @return ln Gamma(x)
     */
    public static double logGamma(double x) {
        if (!(x > 0)) {
            return x == 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        if (x <= 23 && x == Math.rint(x)) {
            // (x-1)! is exact in a double up to 22!: one logarithm, and exactly 0 at 1 and 2 (Poisson's ln(y!))
            double factorial = 1.0;
            for (int k = 2; k < x; k++) {
                factorial *= k;
            }
            return log(factorial);
        }
        double product = 1.0;
        double z = x;
        while (z < LOG_GAMMA_STIRLING) {
            product *= z;
            z += 1.0;
        }
        double r = 1.0 / z;
        double r2 = r * r;
        double series = r * (1.0 / 12 + r2 * (-1.0 / 360 + r2 * (1.0 / 1260 + r2 * (-1.0 / 1680 + r2 * (1.0 / 1188
                + r2 * (-691.0 / 360360 + r2 * (1.0 / 156 + r2 * (-3617.0 / 122400))))))));
        double stirling = (z - 0.5) * log(z) - z + HALF_LOG_TWO_PI + series;
        return product == 1.0 ? stirling : stirling - log(product);
    }

    /** e^r - 1 - r for |r| <= ln2/64, as the Taylor series through r^7 (truncation below 2^-67). */
    private static double expTail(double r) {
        return r * r * (0.5 + r * (INV_6 + r * (INV_24 + r * (INV_120 + r * (INV_720 + r * INV_5040)))));
    }

    /** 2^k for -1022 <= k <= 1023. */
    private static double powerOfTwo(int k) {
        return Double.longBitsToDouble((long) (k + 1023) << 52);
    }

    /**
     * y * 2^k for y in [0.98, 2.03) and k in [-1076, 1024], with one rounding (at the last multiply) when the
     * result is subnormal, and +Infinity on overflow.
     */
    private static double scale(double y, int k) {
        long bits = Double.doubleToRawLongBits(y);
        if (k >= -1021 && k <= 1000) {
            return Double.longBitsToDouble(bits + ((long) k << 52));
        }
        if (k > 0) {
            return Double.longBitsToDouble(bits + ((long) (k - 1000) << 52)) * 0x1p1000;
        }
        return Double.longBitsToDouble(bits + ((long) (k + 1000) << 52)) * 0x1p-1000;
    }

    /**
     * ln(x) + correction for a positive normal finite x given by its bits, times 2^kOffset. The correction must be
     * tiny (below 2^-52 |ln x|); log1p uses it for the rounding error of 1 + x.
     */
    private static double logOfNormal(long bits, int kOffset, double correction) {
        if (bits >= NEAR_ONE_LOW_BITS && bits < NEAR_ONE_HIGH_BITS) {
            return log1pNearZero(Double.longBitsToDouble(bits) - 1.0, correction);
        }
        int k = (int) (bits >>> 52) - 1023 + kOffset;
        int j = ((int) (bits >>> 45) & 127) * 3;
        long mBits = (bits & FRACTION_MASK) | EXPONENT_OF_ONE;
        double m = Double.longBitsToDouble(mBits);
        // m = mHead + mTail with a 43-bit head: mHead * r and mTail * r are exact, so u = m r - 1 is uHi + uLo exactly.
        double mHead = Double.longBitsToDouble(mBits & ~0x3FFL);
        double mTail = m - mHead;
        double r = LOG_TABLE[j];
        double uHi = mHead * r - 1.0;
        double uLo = mTail * r;
        double u = uHi + uLo;
        double tail = u * u * (-0.5 + u * (1.0 / 3 + u * (-0.25 + u * (0.2 + u * (-1.0 / 6 + u * (1.0 / 7
                - u * 0.125))))));
        // Exact: both terms are multiples of 2^-42 below 2^11.
        double t = k * LN2_HI + LOG_TABLE[j + 1];
        // Fast2Sum: |t| >= 0.0058 > 0.0043 >= |uHi| outside the near-one window.
        double s = t + uHi;
        double e = (t - s) + uHi;
        return s + ((((e + uLo) + (k * LN2_LO + LOG_TABLE[j + 2])) + correction) + tail);
    }

    /**
     * ln(1 + f) + correction for -2^-8 <= f < 2^-7, through 2 atanh(s), s = f / (2 + f), written as
     * f - (f^2/2 - s (f^2/2 + R(s^2))) so that the division's rounding only touches the small second term.
     */
    private static double log1pNearZero(double f, double correction) {
        double s = f / (2.0 + f);
        double z = s * s;
        double halfSquare = 0.5 * f * f;
        double series = z * (TWO_THIRDS + z * (TWO_FIFTHS + z * TWO_SEVENTHS));
        return f - ((halfSquare - s * (halfSquare + series)) - correction);
    }
}
