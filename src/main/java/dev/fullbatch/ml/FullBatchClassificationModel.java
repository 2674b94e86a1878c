package dev.fullbatch.ml;

import dev.fullbatch.io.SavedModel;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.math.DeterministicMath;
import java.util.Map;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;

/**
 * A fitted {@link FullBatchClassifier}. {@code transform} writes Spark's standard columns: {@code rawPrediction}
 * (binary: {@code [-m, m]} for the margin m; softmax: the K margins), {@code probability} (binary: {@code [1 - p, p]}
 * with p the sigmoid of the margin, as {@code predict}'s probability; softmax: the K class probabilities, as
 * {@code predict}'s {@code probability_k}) and {@code prediction}, the class index 0..K-1 (binary data labelled -1/+1
 * has class 0 for -1). Margins come from the objective {@code predict} scores with, a linear model's kernels or a
 * network's forward pass (one row at a time, sparse layout). {@code save} writes Spark ML's layout
 * with the model directory of {@code fullbatch train} under {@code data/}.
 */
public final class FullBatchClassificationModel
        extends ProbabilisticClassificationModel<Vector, FullBatchClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final FittedModel fitted;

    FullBatchClassificationModel(String uid, FittedModel fitted) {
        this(StageUid.offer(uid), fitted);
    }

    private FullBatchClassificationModel(Void offered, FittedModel fitted) {
        this.uid = StageUid.take();
        this.fitted = fitted;
        if (!fitted.loss().isClassification()) {
            throw new IllegalArgumentException("a " + fitted.loss().cliName() + " model is not a classifier; load it "
                    + "with FullBatchRegressionModel");
        }
    }

    @Override
    public String uid() {
        return uid != null ? uid : StageUid.pending();
    }

    @Override
    public int numClasses() {
        return Math.max(2, fitted.numClasses());
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
    public Vector predictRaw(Vector features) {
        double[] m = fitted.margins(features);
        if (fitted.loss() == LossKind.SOFTMAX) {
            return Vectors.dense(m);
        }
        return Vectors.dense(-m[0], m[0]);
    }

    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] v = ((DenseVector) rawPrediction).values();
        if (fitted.loss() != LossKind.SOFTMAX) {
            double p = DeterministicMath.sigmoid(v[1]);
            v[0] = 1 - p;
            v[1] = p;
            return rawPrediction;
        }
        int best = 0;
        for (int c = 1; c < v.length; c++) {
            if (v[c] > v[best]) {
                best = c;
            }
        }
        double top = v[best];
        double z = 0;
        for (int c = 0; c < v.length; c++) {
            v[c] = DeterministicMath.exp(v[c] - top);
            z += v[c];
        }
        for (int c = 0; c < v.length; c++) {
            v[c] /= z;
        }
        return rawPrediction;
    }

    /**
     * Spark's own (the probabilistic model's); declared because Java sees the same method from two of Spark's Scala
     * types and needs the class to choose.
     */
    @Override
    @SuppressWarnings("rawtypes")
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public FullBatchClassificationModel copy(ParamMap extra) {
        return copyValues(new FullBatchClassificationModel(uid, fitted), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new ModelFiles.Writer(this, fitted);
    }

    /** Reads a model saved with {@code write().save(path)}. */
    public static MLReader<FullBatchClassificationModel> read() {
        return new ModelFiles.Reader<>(FullBatchClassificationModel.class, FullBatchClassificationModel::new);
    }

    /** Loads a model saved with {@code save(path)}. */
    public static FullBatchClassificationModel load(String path) {
        return read().load(path);
    }
}
