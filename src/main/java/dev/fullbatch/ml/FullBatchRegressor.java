package dev.fullbatch.ml;

import dev.fullbatch.loss.LossKind;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;

/**
 * A Spark ML estimator for fullbatch's regressions (a linear model, or a network with {@code model} mlp):
 * {@code objective} least-squares (the default), huber, or a log-link family where {@code fullbatch train} offers
 * it, trained by the same engine and training code as {@code fullbatch train} with the same options as parameters
 * ({@link TrainingParams}). Columns, row order and blocks are as for {@link FullBatchClassifier}; the model writes
 * {@code predictionCol}.
 */
public final class FullBatchRegressor extends Regressor<Vector, FullBatchRegressor, FullBatchRegressionModel>
        implements TrainingParams<FullBatchRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    /** With a fresh uid and the command's defaults (objective least-squares). */
    public FullBatchRegressor() {
        this(Identifiable$.MODULE$.randomUID("fullbatchRegressor"));
    }

    /** @param uid the stage's unique id */
    public FullBatchRegressor(String uid) {
        this(StageUid.offer(uid));
    }

    private FullBatchRegressor(Void offered) {
        this.uid = StageUid.take();
        setTrainingDefaults(LossKind.LEAST_SQUARES.cliName());
    }

    @Override
    public String uid() {
        return uid != null ? uid : StageUid.pending();
    }

    @Override
    public FullBatchRegressionModel train(Dataset<?> dataset) {
        return new FullBatchRegressionModel(uid(), FrameTraining.fit(dataset, this, getFeaturesCol(), getLabelCol(), false));
    }

    @Override
    public FullBatchRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Reads an estimator saved with {@code write().save(path)}. */
    public static MLReader<FullBatchRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads an estimator saved with {@code save(path)}. */
    public static FullBatchRegressor load(String path) {
        return read().load(path);
    }
}
