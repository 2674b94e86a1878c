package dev.fullbatch.optim;

/** Wraps a function and counts the gradient and objective-only passes made on it, independently of the optimizer. */
final class CountingFunction implements DifferentiableFunction {

    private final DifferentiableFunction inner;
    private long evaluations;
    private long values;

    CountingFunction(DifferentiableFunction inner) {
        this.inner = inner;
    }

    long evaluations() {
        return evaluations;
    }

    long values() {
        return values;
    }

    @Override
    public int dimension() {
        return inner.dimension();
    }

    @Override
    public Evaluation evaluate(double[] x) {
        evaluations++;
        return inner.evaluate(x);
    }

    @Override
    public double value(double[] x) {
        values++;
        return inner.value(x);
    }
}
