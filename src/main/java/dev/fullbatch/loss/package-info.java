/**
 * The per-row losses of the contract, as functions of a model's outputs ("margins").
 *
 * <p>An {@link dev.fullbatch.loss.OutputLoss} is one method: given a run of rows' labels and margins it returns
 * the weighted loss sum and writes the derivative with respect to each margin. The model (linear or a network)
 * owns how margins come from features and how their derivatives flow back to parameters, so the same losses serve
 * every model. Second derivatives come the same way ({@code curvatures}, {@code hessianTimes}) for Newton's method;
 * a loss that is a GLM's likelihood also says how R's {@code glm} weighs and disperses it
 * ({@link dev.fullbatch.loss.GlmFamily}) for coefficient statistics. The log-link families
 * ({@link dev.fullbatch.loss.LogLinkLoss}: Poisson, Gamma, Tweedie) also give their unit deviance, the basis of their
 * metrics. Transcendental functions come from {@link dev.fullbatch.math.DeterministicMath} so every JVM gives the same
 * bits. No Spark imports.
 */
package dev.fullbatch.loss;
