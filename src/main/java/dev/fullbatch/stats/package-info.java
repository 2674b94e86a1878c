/**
 * Statistical answers about a trained linear model: standard errors, Wald tests and confidence intervals of its
 * coefficients from the exact Fisher information at the optimum, with the dispersion estimated as R's {@code glm}
 * does. It reads the data through a {@link dev.fullbatch.model.ReductionEngine} (one exact pass) and solves on the
 * driver; the distribution functions come from Apache Commons Math. No Spark imports.
 */
package dev.fullbatch.stats;
