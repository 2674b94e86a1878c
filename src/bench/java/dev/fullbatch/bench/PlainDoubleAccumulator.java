package dev.fullbatch.bench;

import dev.fullbatch.model.SumsAccumulator;

/**
 * A stand-in for the exact accumulator that adds block totals in plain double: what the exact merge would cost
 * without exactness. Its sums depend on the grouping and order of the merges, so it serves only to measure, beside
 * the same kernels, what {@link dev.fullbatch.model.ExactAccumulator} costs; never for training.
 */
final class PlainDoubleAccumulator implements SumsAccumulator {
    private static final long serialVersionUID = 1L;
    private final int dimension;
    private double loss;
    private double weight;
    private double[] vector;

    PlainDoubleAccumulator(int dimension) {
        this.dimension = dimension;
    }

    private double[] vectorArray() {
        if (vector == null) {
            vector = new double[dimension];
        }
        return vector;
    }

    @Override
    public void addScalars(double lossHi, double lossLo, double weightHi, double weightLo) {
        loss += lossHi + lossLo;
        weight += weightHi + weightLo;
    }

    @Override
    public void addCompensated(int j, double hi, double lo) {
        vectorArray()[j] += hi + lo;
    }

    @Override
    public void add(int j, double value) {
        vectorArray()[j] += value;
    }

    @Override
    public boolean isEmpty(int j) {
        return vector == null || vector[j] == 0.0;
    }

    @Override
    public void merge(SumsAccumulator other) {
        PlainDoubleAccumulator o = (PlainDoubleAccumulator) other;
        loss += o.loss;
        weight += o.weight;
        if (o.vector != null) {
            double[] mine = vectorArray();
            for (int j = 0; j < dimension; j++) {
                mine[j] += o.vector[j];
            }
        }
    }

    @Override
    public double lossSum() {
        return loss;
    }

    @Override
    public double weightSum() {
        return weight;
    }

    @Override
    public double[] vector() {
        return vector == null ? new double[dimension] : vector.clone();
    }

    @Override
    public SumsAccumulator slice(int from, int to, boolean withScalars) {
        PlainDoubleAccumulator out = new PlainDoubleAccumulator(to - from);
        if (withScalars) {
            out.loss = loss;
            out.weight = weight;
        }
        if (vector != null) {
            out.vector = java.util.Arrays.copyOfRange(vector, from, to);
        }
        return out;
    }
}
