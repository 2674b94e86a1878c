/**
 * The numerical core that makes training reproducible to the last bit, in plain Java with no Spark or Hadoop
 * dependency.
 *
 * <p>{@link dev.fullbatch.math.ExactVector} sums vectors exactly (the correctly rounded exact sum of every value
 * added), so Spark may merge per-partition partials in any order and tree shape and still produce identical bits;
 * {@link dev.fullbatch.math.ExactSums} holds short vectors of exact sums of many small adds (counts and weights,
 * metric sums) as running doubles plus an exact vector of their rounding errors, fast while nothing rounds.
 * {@link dev.fullbatch.math.DeterministicMath} provides exp, log, log1p, expm1, sigmoid and log(1 + e^z) (and ln
 * Gamma, for the log-likelihoods of the count and amount families) computed from IEEE basic operations only, so every
 * JVM, interpreted or compiled, returns the same bits (unlike {@link java.lang.Math}'s intrinsics).
 * {@link dev.fullbatch.math.VectorExp} and {@link dev.fullbatch.math.VectorLogistic} compute the same bits four
 * lanes at a time on the JDK's Vector API for the losses' runs of rows, when {@link dev.fullbatch.math.VectorApi#USED}
 * says the module is there.
 * {@link dev.fullbatch.math.SymmetricMatrix} and {@link dev.fullbatch.math.CholeskyFactor} hold and solve the small
 * dense Hessians of Newton's method and of coefficient statistics, in a fixed operation order.
 */
package dev.fullbatch.math;
