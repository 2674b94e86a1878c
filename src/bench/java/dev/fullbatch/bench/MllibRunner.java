package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.Gradient;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LeastSquaresGradient;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SimpleUpdater;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Times MLlib's {@code GradientDescent.runMiniBatchSGD} with {@code miniBatchFraction} 1.0 (a full pass per
 * iteration) on the same rows, as a cached {@code RDD[(Double, Vector)]}: the median duration of its
 * gradient jobs.
 */
final class MllibRunner {
    private final JavaSparkContext jsc;
    private final JobLog jobs;
    private final int iterations;
    /** Leading iterations left out of the median. */
    static final int WARM_UP = 5;

    MllibRunner(JavaSparkContext jsc, JobLog jobs, int iterations) {
        this.jsc = jsc;
        this.jobs = jobs;
        this.iterations = iterations;
    }

    static Iterator<Tuple2<Object, Vector>> rows(Block block) {
        List<Tuple2<Object, Vector>> out = new ArrayList<>(block.rows());
        double[] y = block.labels();
        if (block instanceof DenseBlock dense) {
            int d = dense.numFeatures();
            for (int i = 0; i < dense.rows(); i++) {
                out.add(new Tuple2<>(y[i], Vectors.dense(Arrays.copyOfRange(dense.values(), i * d, (i + 1) * d))));
            }
        } else {
            SparseBlock s = (SparseBlock) block;
            for (int i = 0; i < s.rows(); i++) {
                int a = s.rowStart()[i];
                int b = s.rowStart()[i + 1];
                out.add(new Tuple2<>(y[i], Vectors.sparse(s.numFeatures(), Arrays.copyOfRange(s.columns(), a, b),
                        Arrays.copyOfRange(s.values(), a, b))));
            }
        }
        return out.iterator();
    }

    Measurement run(String name, Workload w, JavaRDD<Block> generated) {
        JavaRDD<Tuple2<Object, Vector>> data = generated.flatMap(MllibRunner::rows)
                .setName("mllib rows " + name).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            data.count();
            double bytesPerValue = CachedSize.bytes(jsc.sc(), data.id()) / (double) w.storedValues();
            Gradient gradient = switch (w.loss()) {
                case LEAST_SQUARES -> new LeastSquaresGradient();
                case LOGISTIC -> new LogisticGradient();
                case SOFTMAX -> new LogisticGradient(w.classes());
                default -> throw new IllegalArgumentException("no MLlib gradient for " + w.loss());
            };
            // MLlib's multinomial model pivots on class 0: (K - 1) x d weights.
            int dimension = w.loss() == LossKind.SOFTMAX ? (w.classes() - 1) * w.features() : w.features();
            jobs.settle();
            int mark = jobs.mark();
            GradientDescent.runMiniBatchSGD(data.rdd(), gradient, new SimpleUpdater(), 1e-3, iterations, 0.0, 1.0,
                    Vectors.zeros(dimension), 0.0);
            jobs.settle();
            List<JobLog.Job> all = jobs.since(mark, j -> j.stageMatches("GradientDescent"));
            // The first iterations warm the JIT up; the median is over the rest.
            List<JobLog.Job> passes = all.subList(Math.min(WARM_UP, all.size()), all.size());
            System.out.printf(Locale.ROOT, "INFO %s mllib: %d gradient jobs, %,d result bytes to the driver per pass%n",
                    name, passes.size(), Medians.resultBytes(passes));
            return new Measurement(name, "mllib", Medians.ofJobs(passes), bytesPerValue, Medians.resultBytes(passes));
        } finally {
            data.unpersist(true);
        }
    }
}
