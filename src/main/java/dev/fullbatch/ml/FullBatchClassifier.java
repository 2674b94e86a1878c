package dev.fullbatch.ml;

import dev.fullbatch.loss.LossKind;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML estimator for fullbatch's classifiers: {@code objective} logistic (binary, the default) or
 * softmax (K classes), a linear model or, with {@code model} mlp and {@code hidden}, a network, trained by the same engine and training code as {@code fullbatch train}, with the same
 * options as parameters ({@link TrainingParams}). Fitting a DataFrame gives the bits {@code fullbatch train} gives on
 * a file with the same rows in the same order and the same options.
 *
 * <p><b>Columns.</b> {@code featuresCol} (a vector), {@code labelCol} (binary: two values, -1/+1 or 0/1, the larger
 * is the positive class 1; softmax: 0..K-1), optionally {@code weightCol} and {@code orderCol}. The model writes
 * Spark's {@code rawPredictionCol}, {@code probabilityCol} and {@code predictionCol} (the class index).
 *
 * <p><b>Row order.</b> The bits depend on the row order, which a DataFrame does not have: with {@code orderCol}
 * set, the rows sorted by it (a distinct value per row); without, the DataFrame's partition order, which for a plain
 * read of one file and row-wise stages is the file's order (a read of several files is ordered by size: set
 * {@code orderCol}). Rows in that order are cut into blocks of
 * {@code blockSize / 256} rows (the partitioning never changes a bit).
 */
public final class FullBatchClassifier
        extends ProbabilisticClassifier<Vector, FullBatchClassifier, FullBatchClassificationModel>
        implements TrainingParams<FullBatchClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    /** With a fresh uid and the command's defaults (objective logistic). */
    public FullBatchClassifier() {
        this(Identifiable$.MODULE$.randomUID("fullbatchClassifier"));
    }

    /** @param uid the stage's unique id */
    public FullBatchClassifier(String uid) {
        this(StageUid.offer(uid));
    }

    private FullBatchClassifier(Void offered) {
        this.uid = StageUid.take();
        setTrainingDefaults(LossKind.LOGISTIC.cliName());
    }

    @Override
    public String uid() {
        return uid != null ? uid : StageUid.pending();
    }

    @Override
    public FullBatchClassificationModel train(Dataset<?> dataset) {
        return new FullBatchClassificationModel(uid(), FrameTraining.fit(dataset, this, getFeaturesCol(), getLabelCol(), true));
    }

    @Override
    public FullBatchClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static MLReader<FullBatchClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads an estimator saved with {@code save(path)}. */
    public static FullBatchClassifier load(String path) {
        return read().load(path);
    }
}
