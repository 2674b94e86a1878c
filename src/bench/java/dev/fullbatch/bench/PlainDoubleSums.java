package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.engine.BlockAggregator;
import dev.fullbatch.model.BlockReduction;
import dev.fullbatch.model.PartialSums;

/**
 * A reduction's pass with block totals merged in plain double ({@link PlainDoubleAccumulator}) instead of exactly:
 * the same kernels and the same partials, for measuring the exact merge against. Narrow partials only (it is never
 * reduce-scattered).
 */
final class PlainDoubleSums implements BlockAggregator<PartialSums> {
    private static final long serialVersionUID = 1L;
    private final BlockReduction reduction;

    PlainDoubleSums(BlockReduction reduction) {
        this.reduction = reduction;
    }

    @Override
    public PartialSums zero() {
        return new PartialSums(reduction.dimension(), true, new PlainDoubleAccumulator(reduction.dimension()));
    }

    @Override
    public PartialSums add(PartialSums partial, Block block, double[] parameters) {
        reduction.accumulate(block, parameters, partial);
        return partial;
    }

    @Override
    public PartialSums merge(PartialSums left, PartialSums right) {
        return left.merge(right);
    }
}
