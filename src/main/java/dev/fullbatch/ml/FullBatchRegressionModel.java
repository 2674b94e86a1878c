package dev.fullbatch.ml;

import dev.fullbatch.io.SavedModel;
import dev.fullbatch.math.DeterministicMath;
import java.util.Map;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link FullBatchRegressor}. {@code transform} writes {@code prediction}: the margin (least squares,
 * Huber), or its exponential, the mean, for a log-link family; the margin comes from the kernels {@code predict}
 * uses. {@code save} writes Spark ML's layout with the model directory of {@code fullbatch train} under
 * {@code data/}.
 */
public final class FullBatchRegressionModel extends RegressionModel<Vector, FullBatchRegressionModel>
        implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FittedModel fitted;

    FullBatchRegressionModel(String uid, FittedModel fitted) {
        this(StageUid.offer(uid), fitted);
    }

    private FullBatchRegressionModel(Void offered, FittedModel fitted) {
        this.uid = StageUid.take();
        this.fitted = fitted;
        if (fitted.loss().isClassification()) {
            throw new IllegalArgumentException("a " + fitted.loss().cliName() + " model is a classifier; load it "
                    + "with FullBatchClassificationModel");
        }
    }

    @Override
    public String uid() {
        return uid != null ? uid : StageUid.pending();
    }

    @Override
    public int numFeatures() {
        return fitted.numFeatures();
    }

    /** model.json of the fitted model: coefficients, stop reason, configuration, data fingerprint. */
    public SavedModel savedModel() {
        return fitted.saved();
    }

    /** The model directory's text files (model.json, metrics.json, history.csv) by name. */
    public Map<String, String> modelFiles() {
        return fitted.files();
    }

    @Override
    public double predict(Vector features) {
        double m = fitted.margins(features)[0];
        return fitted.loss().isLogLink() ? DeterministicMath.exp(m) : m;
    }

    @Override
    public FullBatchRegressionModel copy(ParamMap extra) {
        return copyValues(new FullBatchRegressionModel(uid, fitted), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFiles.Writer(this, fitted);
    }

    /** Reads a model saved with {@code write().save(path)}. */
    public static MLReader<FullBatchRegressionModel> read() {
        return new ModelFiles.Reader<>(FullBatchRegressionModel.class, FullBatchRegressionModel::new);
    }

    /** Loads a model saved with {@code save(path)}. */
    public static FullBatchRegressionModel load(String path) {
        return read().load(path);
    }
}
