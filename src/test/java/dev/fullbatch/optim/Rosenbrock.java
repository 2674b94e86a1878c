package dev.fullbatch.optim;

/** {@code f(a, b) = (1 - a)^2 + 100 (b - a^2)^2}, minimum 0 at (1, 1), a curved narrow valley. */
final class Rosenbrock implements DifferentiableFunction {

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public Evaluation evaluate(double[] x) {
        double a = x[0];
        double b = x[1];
        double valley = b - a * a;
        double f = (1 - a) * (1 - a) + 100 * valley * valley;
        return new Evaluation(f, new double[] {-2 * (1 - a) - 400 * a * valley, 200 * valley});
    }

    @Override
    public double value(double[] x) {
        double valley = x[1] - x[0] * x[0];
        return (1 - x[0]) * (1 - x[0]) + 100 * valley * valley;
    }
}
