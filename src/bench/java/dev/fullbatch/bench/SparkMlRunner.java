package dev.fullbatch.bench;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.DenseBlock;
import dev.fullbatch.data.SparseBlock;
import dev.fullbatch.loss.LossKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;
import org.apache.spark.storage.StorageLevel;

/**
 * Times Spark ML's {@code LinearRegression} (L-BFGS) and {@code LogisticRegression} (binomial or multinomial) per
 * gradient evaluation: the median duration of the jobs its {@code RDDLossFunction} runs, found with
 * {@link JobLog}. A fit's fixed cost (summary statistics, blockifying, caching its own blocks) is tens of seconds
 * at these sizes and is left out on purpose. Also reports the bytes per value of the blocks Spark ML caches for
 * itself during the fit.
 */
final class SparkMlRunner {
    /** The Spark ML objective's job call site. */
    static final String LOSS_CALL_SITE = "RDDLossFunction";

    private final SparkSession spark;
    private final JobLog jobs;
    private final int iterations;

    SparkMlRunner(SparkSession spark, JobLog jobs, int iterations) {
        this.spark = spark;
        this.jobs = jobs;
        this.iterations = iterations;
    }

    static Iterator<Row> rows(Block block) {
        List<Row> out = new ArrayList<>(block.rows());
        double[] y = block.labels();
        if (block instanceof DenseBlock dense) {
            int d = dense.numFeatures();
            for (int i = 0; i < dense.rows(); i++) {
                out.add(RowFactory.create(y[i], Vectors.dense(Arrays.copyOfRange(dense.values(), i * d, (i + 1) * d))));
            }
        } else {
            SparseBlock s = (SparseBlock) block;
            for (int i = 0; i < s.rows(); i++) {
                int a = s.rowStart()[i];
                int b = s.rowStart()[i + 1];
                out.add(RowFactory.create(y[i], Vectors.sparse(s.numFeatures(),
                        Arrays.copyOfRange(s.columns(), a, b), Arrays.copyOfRange(s.values(), a, b))));
            }
        }
        return out.iterator();
    }

    static Dataset<Row> frame(SparkSession spark, JavaRDD<Block> generated) {
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("label", DataTypes.DoubleType, false),
            DataTypes.createStructField("features", SQLDataTypes.VectorType(), false)});
        return spark.createDataFrame(generated.flatMap(SparkMlRunner::rows), schema);
    }

    Measurement run(String name, Workload w, JavaRDD<Block> generated) {
        Dataset<Row> df = frame(spark, generated).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            df.count();
            Set<Integer> before = new HashSet<>();
            for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                before.add(info.id());
            }
            AtomicLong ownCache = new AtomicLong(-1);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                        if (!before.contains(info.id())) {
                            ownCache.accumulateAndGet(info.memSize() + info.diskSize(), Math::max);
                        }
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "sparkml-cache-sampler");
            sampler.setDaemon(true);
            jobs.settle();
            int mark = jobs.mark();
            sampler.start();
            try {
                fit(w, df);
            } finally {
                sampler.interrupt();
            }
            jobs.settle();
            List<JobLog.Job> all = jobs.since(mark, j -> j.stageMatches(LOSS_CALL_SITE));
            // The first evaluations warm the JIT up; the median is over the rest.
            List<JobLog.Job> passes = all.subList(Math.min(MllibRunner.WARM_UP, all.size() / 2), all.size());
            double bytesPerValue = ownCache.get() / (double) w.storedValues();
            System.out.printf(Locale.ROOT, "INFO %s sparkml: %d loss-function jobs, its own cached blocks %,d bytes, "
                    + "%,d result bytes to the driver per pass%n", name, passes.size(), ownCache.get(),
                    Medians.resultBytes(passes));
            return new Measurement(name, "sparkml", Medians.ofJobs(passes), bytesPerValue,
                    Medians.resultBytes(passes));
        } finally {
            df.unpersist(true);
        }
    }

    private void fit(Workload w, Dataset<Row> df) {
        if (w.loss() == LossKind.LEAST_SQUARES) {
            // "auto" would solve the normal equations in one pass; L-BFGS evaluates the loss function per step.
            new LinearRegression().setSolver("l-bfgs").setMaxIter(iterations).setTol(0.0).setRegParam(1e-4)
                    .setElasticNetParam(0.0).fit(df);
        } else {
            new LogisticRegression().setFamily(w.loss() == LossKind.SOFTMAX ? "multinomial" : "binomial")
                    .setMaxIter(iterations).setTol(0.0).setRegParam(1e-4).setElasticNetParam(0.0).fit(df);
        }
    }
}
