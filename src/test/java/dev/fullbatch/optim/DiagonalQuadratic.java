package dev.fullbatch.optim;

/**
 * {@code f(x) = 1/2 sum_i c_i (x_i - m_i)^2} with curvatures {@code c_i} spread geometrically from 1 to kappa, so the
 * condition number is exactly kappa, the Lipschitz constant is kappa and the minimum is 0 at {@code m}.
 */
final class DiagonalQuadratic implements TwiceDifferentiableFunction {

    private final double[] curvature;
    private final double[] minimizer;

    DiagonalQuadratic(int dimension, double kappa) {
        curvature = new double[dimension];
        minimizer = new double[dimension];
        for (int i = 0; i < dimension; i++) {
            curvature[i] = dimension == 1 ? 1.0 : StrictMath.pow(kappa, (double) i / (dimension - 1));
            minimizer[i] = (i % 3) - 1.0 + 0.25 * i / dimension;
        }
    }

    double lipschitz() {
        return curvature[curvature.length - 1];
    }

    double[] minimizer() {
        return minimizer.clone();
    }

    @Override
    public int dimension() {
        return curvature.length;
    }

    @Override
    public Evaluation evaluate(double[] x) {
        double[] g = new double[x.length];
        double f = 0.0;
        for (int i = 0; i < x.length; i++) {
            double r = x[i] - minimizer[i];
            g[i] = curvature[i] * r;
            f += 0.5 * curvature[i] * r * r;
        }
        return new Evaluation(f, g);
    }

    @Override
    public double value(double[] x) {
        double f = 0.0;
        for (int i = 0; i < x.length; i++) {
            double r = x[i] - minimizer[i];
            f += 0.5 * curvature[i] * r * r;
        }
        return f;
    }

    @Override
    public double[][] hessianTimes(double[] x, double[][] directions) {
        double[][] out = new double[directions.length][];
        for (int t = 0; t < directions.length; t++) {
            out[t] = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                out[t][i] = curvature[i] * directions[t][i];
            }
        }
        return out;
    }

    @Override
    public SecondOrderEvaluation evaluateWithHessian(double[] x) {
        int n = x.length;
        double[] packed = new double[dev.fullbatch.math.SymmetricMatrix.packedLength(n)];
        for (int i = 0; i < n; i++) {
            packed[dev.fullbatch.math.SymmetricMatrix.packedIndex(n, i, i)] = curvature[i];
        }
        Evaluation e = evaluate(x);
        return new SecondOrderEvaluation(e.value(), e.gradient(), new dev.fullbatch.math.SymmetricMatrix(n, packed));
    }

    @Override
    public DiagonalEvaluation evaluateWithDiagonal(double[] x) {
        Evaluation e = evaluate(x);
        return new DiagonalEvaluation(e.value(), e.gradient(), curvature.clone());
    }
}
