package dev.fullbatch.model;

import com.sun.management.ThreadMXBean;
import dev.fullbatch.loss.LogisticLoss;
import dev.fullbatch.loss.SoftmaxLoss;
import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The dense kernels in one order or the other, without Spark: {@code first} runs them in a fresh JVM; {@code
 * after-blas} first runs netlib's BLAS (on the Vector API where the JDK has it, as MLlib and Spark ML do) for
 * 8 s, doubles and floats of several shapes, and then the kernels. Prints per round the time and the bytes the
 * thread allocated (a kernel that allocates has had its vectors boxed: the order effect). In the {@code model}
 * package to reach the package-private kernels; not part of the product.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp target/bench-classes:target/fullbatch.jar:DEPS
 * dev.fullbatch.model.KernelOrder first|after-blas}
 */
public final class KernelOrder {
    private static double sink;

    private KernelOrder() {
    }

    public static void main(String[] args) {
        boolean after = args.length > 0 && args[0].equals("after-blas");
        int m = 4096;
        int d = 100;
        int k = 10;
        SplittableRandom r = new SplittableRandom(1);
        float[] xf = new float[m * d];
        double[] xd = new double[m * d];
        for (int i = 0; i < xf.length; i++) {
            xf[i] = (float) r.nextDouble();
            xd[i] = xf[i];
        }
        double[] w = new double[k * d];
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble();
        }
        double[] g = new double[m * k];
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextDouble() - 0.5;
        }
        double[] out = new double[k];
        double[] grad = new double[k * d];
        // The losses' run kernels (vector exponentials and logarithms): margins of 64-row runs, labels of both kinds.
        double[] labels = new double[m];
        double[] classes = new double[m];
        double[] margins = new double[m * k];
        for (int i = 0; i < m; i++) {
            labels[i] = r.nextBoolean() ? 1 : 0;
            classes[i] = r.nextInt(k);
        }
        for (int i = 0; i < margins.length; i++) {
            margins[i] = 8 * r.nextDouble() - 4;
        }
        LogisticLoss logistic = new LogisticLoss();
        SoftmaxLoss softmax = new SoftmaxLoss(k);
        double[] runMargins = new double[64 * k];
        double[] derivatives = new double[64 * k];
        if (after) {
            runBlas();
        }
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        String order = after ? "after-blas" : "first";
        for (int round = 1; round <= 6; round++) {
            long[] a = new long[6];
            long[] t = new long[6];
            for (int kernel = 0; kernel < 6; kernel++) {
                long a0 = threads.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (int rep = 0; rep < 20; rep++) {
                    switch (kernel) {
                        case 0 -> {
                            for (int i = 0; i < m; i++) {
                                DenseKernels.dots(xf, i * d, w, 0, d, d, k, out, 0);
                            }
                        }
                        case 1 -> {
                            for (int i = 0; i < m; i++) {
                                DenseKernels.dots(xd, i * d, w, 0, d, d, k, out, 0);
                            }
                        }
                        case 2 -> DenseKernels.runGradients(xf, 0, m, d, g, k, grad, d);
                        case 3 -> DenseKernels.runGradients(xd, 0, m, d, g, k, grad, d);
                        case 4 -> {
                            // Ten times the rows (the loss is cheap): the JIT must see enough calls to compile it.
                            for (int i = 0; i < 10 * m; i += 64) {
                                System.arraycopy(margins, i % m, runMargins, 0, 64);
                                sink += logistic.evaluate(labels, null, i % m, 64, runMargins, derivatives);
                            }
                        }
                        default -> {
                            for (int i = 0; i < 10 * m; i += 64) {
                                System.arraycopy(margins, i % m * k, runMargins, 0, 64 * k);
                                sink += softmax.evaluate(classes, null, i % m, 64, runMargins, derivatives);
                            }
                        }
                    }
                }
                t[kernel] = System.nanoTime() - t0;
                a[kernel] = threads.getCurrentThreadAllocatedBytes() - a0;
            }
            System.out.printf(Locale.ROOT, "INFO kernel-order %s round %d: 10-output margins float %.1f ms (%d MB "
                    + "allocated), double %.1f ms (%d MB); 10-output gradients float %.1f ms (%d MB), double %.1f ms "
                    + "(%d MB); logistic loss of 10x the rows %.1f ms (%d MB); 10-class softmax loss of 10x the rows %.1f ms (%d MB)%n", order, round,
                    t[0] / 1e6, a[0] >> 20, t[1] / 1e6, a[1] >> 20, t[2] / 1e6, a[2] >> 20, t[3] / 1e6, a[3] >> 20,
                    t[4] / 1e6, a[4] >> 20, t[5] / 1e6, a[5] >> 20);
        }
        System.out.println("INFO checksum " + (sink + out[0] + grad[0]));
    }

    /**
     * netlib's BLAS for 8 s on doubles and floats, matrix-vector, dot, axpy, packed rank-1 and matrix products: the
     * default instance (native where a library is installed) and the Java one (on the Vector API where the JDK has
     * it), which MLlib and Spark ML call for their level-1 operations whatever the native library.
     */
    private static void runBlas() {
        BLAS[] instances = {BLAS.getInstance(), JavaBLAS.getInstance()};
        for (BLAS blas : instances) {
            System.out.println("INFO BLAS " + blas.getClass().getName());
        }
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 8_000_000_000L) {
            for (BLAS blas : instances) {
                runBlas(blas);
            }
        }
    }

    private static void runBlas(BLAS blas) {
        double[] a = new double[1000 * 100];
        double[] y = new double[1000];
        double[] x = new double[100];
        float[] af = new float[1000 * 100];
        float[] yf = new float[1000];
        float[] xf = new float[100];
        double[] packed = new double[100 * 101 / 2];
        double[] c = new double[100 * 100];
        for (int rep = 0; rep < 50; rep++) {
            blas.dgemv("N", 1000, 100, 1.0, a, 1000, x, 1, 0.0, y, 1);
            blas.dgemv("T", 1000, 100, 1.0, a, 1000, y, 1, 0.0, x, 1);
            blas.sgemv("N", 1000, 100, 1.0f, af, 1000, xf, 1, 0.0f, yf, 1);
            sink += blas.ddot(100, x, 1, x, 1) + blas.sdot(100, xf, 1, xf, 1);
            blas.daxpy(100, 0.5, x, 1, x, 1);
            blas.saxpy(100, 0.5f, xf, 1, xf, 1);
            blas.dspr("U", 100, 1.0, x, 1, packed);
            blas.dscal(100, 0.99, x, 1);
            blas.dgemm("N", "T", 100, 100, 10, 1.0, a, 100, a, 100, 0.0, c, 100);
        }
    }
}
