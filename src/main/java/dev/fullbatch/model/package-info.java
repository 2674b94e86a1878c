/**
 * Models and the block kernels that turn a block of rows into exact partial sums.
 *
 * <p>A {@link dev.fullbatch.model.BlockReduction} maps one {@link dev.fullbatch.data.Block} and a parameter vector
 * to sums (a loss, a weight, a vector) collected in a {@link dev.fullbatch.model.PartialSums}. Inside a block the
 * kernels add in a fixed order in plain double, in runs short enough to stay in cache and accurate (64 rows; 256
 * for networks), then fold each run into compensated (double-double) block totals; each block's totals go into an
 * {@link dev.fullbatch.math.ExactVector}, whose merge is exact. Single adds to wide vectors (sparse data, more than
 * 16,384 parameters) skip the block totals: per task, a running sum and the running sum of its exact rounding
 * errors, which together stay equal to the exact sum. So the final sums depend only on the data, never on which
 * task, executor or merge order handled them. Sparse rows' margins of single-output models are taken four rows at a
 * time ({@code SparseDots}), each row summed in its own order. {@link dev.fullbatch.model.LinearObjective}
 * is the linear model for every loss, with its exact second-order sums: Hessian-vector products, several directions
 * a pass ({@link dev.fullbatch.model.LinearHessianProducts}), and the dense Hessian with loss and gradient in one
 * pass for small models ({@link dev.fullbatch.model.LinearHessian}), and the Hessian's diagonal beside the gradient
 * ({@link dev.fullbatch.model.LinearHessianDiagonal}); {@link dev.fullbatch.model.NetworkObjective} is a
 * multilayer perceptron ({@link dev.fullbatch.model.NetworkShape}) under the same losses, its gradient backpropagated over runs of rows as
 * matrix products and summed the same exact way. Both add a block's offsets to every output of their row and
 * weigh each row by its instance weight times its class weight, if any. {@link dev.fullbatch.model.MetricSums} and,
 * for the log-link families, {@link dev.fullbatch.model.DevianceSums} (deviances, null model, AIC terms, turned into
 * R's numbers by {@link dev.fullbatch.model.DevianceMetrics}) score a model the same exact way.
 *
 * <p>{@link dev.fullbatch.model.PartialSums} is what kernels write into; it delegates each role to its own type:
 * the current block's compensated sums ({@code BlockScratch}), the accumulator blocks fold into
 * ({@link dev.fullbatch.model.SumsAccumulator}, exact in {@link dev.fullbatch.model.ExactAccumulator}), the running
 * sums of wide single adds ({@code RunningSums}) and their wire form ({@code RunningSumsCodec}).
 * {@link dev.fullbatch.model.PartialSumsAggregator} runs a reduction as a typed reduction of the engine port
 * ({@link dev.fullbatch.engine.BlockAggregator}), including the slicing of wide partials for a reduce-scatter;
 * {@link dev.fullbatch.model.ReductionEngine} is the port as objectives see it. No Spark imports.
 */
package dev.fullbatch.model;
