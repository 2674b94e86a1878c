package dev.fullbatch.model;

import dev.fullbatch.math.ExactVector;

/**
 * The accumulator training uses: the loss and weight sums and the vector in {@link ExactVector}s, allocated on first
 * use, so every sum is the exact sum of every value added and rounds to the same bits whatever the order of the
 * adds, the blocks and the merges.
 */
public final class ExactAccumulator implements SumsAccumulator {
    private static final long serialVersionUID = 1L;
    /** Slice bounds are multiples of this ({@link ExactVector#PAGE}): slices copy whole pages. */
    public static final int PAGE = ExactVector.PAGE;
    private static final int LOSS = 0;
    private static final int WEIGHT = 1;

    private final int dimension;
    private ExactVector scalars;
    private ExactVector vector;

    /** @param dimension the vector's length, at least 0 */
    public ExactAccumulator(int dimension) {
        if (dimension < 0) {
            throw new IllegalArgumentException("dimension must be >= 0, got " + dimension);
        }
        this.dimension = dimension;
    }

    private ExactVector exactScalars() {
        if (scalars == null) {
            scalars = new ExactVector(2);
        }
        return scalars;
    }

    private ExactVector exactVector() {
        if (vector == null) {
            vector = new ExactVector(dimension);
        }
        return vector;
    }

    @Override
    public void addScalars(double lossHi, double lossLo, double weightHi, double weightLo) {
        ExactVector s = exactScalars();
        s.addCompensated(LOSS, lossHi, lossLo);
        s.addCompensated(WEIGHT, weightHi, weightLo);
    }

    @Override
    public void addCompensated(int j, double hi, double lo) {
        exactVector().addCompensated(j, hi, lo);
    }

    @Override
    public void add(int j, double value) {
        exactVector().add(j, value);
    }

    @Override
    public boolean isEmpty(int j) {
        return vector == null || vector.isEmpty(j);
    }

    @Override
    public void merge(SumsAccumulator other) {
        ExactAccumulator o = (ExactAccumulator) other;
        if (o.scalars != null) {
            exactScalars().merge(o.scalars);
        }
        if (o.vector != null) {
            exactVector().merge(o.vector);
        }
    }

    @Override
    public double lossSum() {
        return scalars == null ? 0.0 : scalars.get(LOSS);
    }

    @Override
    public double weightSum() {
        return scalars == null ? 0.0 : scalars.get(WEIGHT);
    }

    @Override
    public double[] vector() {
        return vector == null ? new double[dimension] : vector.toDoubleArray();
    }

    @Override
    public SumsAccumulator slice(int from, int to, boolean withScalars) {
        ExactAccumulator out = new ExactAccumulator(to - from);
        if (withScalars && scalars != null) {
            out.exactScalars().merge(scalars);
        }
        if (vector != null) {
            out.vector = vector.range(from, to);
        }
        return out;
    }
}
