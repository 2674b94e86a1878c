package dev.fullbatch.ml;

import dev.fullbatch.data.Block;
import dev.fullbatch.data.BlockBuilder;
import dev.fullbatch.io.SavedModel;
import dev.fullbatch.job.ScoringModel;
import dev.fullbatch.loss.LossKind;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;

/**
 * A trained model (linear or network) as the Spark ML models hold it: the model directory's text files
 * (model.json, metrics.json, history.csv, exactly as {@code fullbatch train} writes them), and scoring of one feature
 * vector with the objective {@code predict} rebuilds from model.json ({@link ScoringModel}), so a row gets the
 * margins {@code predict} gives it. Immutable and serializable (it travels to executors inside transform's
 * functions).
 */
final class FittedModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> files;
    private final LossKind loss;
    private final int numFeatures;
    private final int numClasses;
    /** The scoring objective and parameters, built where they are first used (the objective is not serializable). */
    private transient ScoringModel scoring;
    /** {@code scoring}'s parameters, copied out once. */
    private transient double[] parameters;

    /**
     * @param files the model directory's text files by name; model.json is required
     * @throws IllegalArgumentException when model.json is missing, unreadable or not a model predict scores
     */
    FittedModel(Map<String, String> files, String source) {
        this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        String json = files.get("model.json");
        if (json == null) {
            throw new IllegalArgumentException(source + " has no model.json");
        }
        SavedModel saved = SavedModel.fromJson(json, source + "/model.json");
        // Built here too so that a model predict cannot score is refused on load, not on the first row.
        this.scoring = ScoringModel.of(saved, source + "/model.json");
        this.parameters = scoring.parameters();
        this.loss = LossKind.fromName(saved.objective());
        this.numFeatures = saved.numFeatures();
        this.numClasses = saved.numClasses();
    }

    /** The model directory's text files by name. */
    Map<String, String> files() {
        return files;
    }

    LossKind loss() {
        return loss;
    }

    int numFeatures() {
        return numFeatures;
    }

    /** Classes: K for softmax, 2 for binary models, 0 for regression. */
    int numClasses() {
        return numClasses;
    }

    /** model.json, read. */
    SavedModel saved() {
        return SavedModel.fromJson(files.get("model.json"), "model.json");
    }

    /**
     * The model's outputs (margins) for one row: one for binary and regression models, K for softmax.
     *
     * @throws IllegalArgumentException when the vector's size is not the model's width
     */
    double[] margins(Vector features) {
        if (features.size() != numFeatures) {
            throw new IllegalArgumentException("the features vector has size " + features.size() + ", but the model "
                    + "was trained on " + numFeatures + " features");
        }
        if (scoring == null) {
            scoring = ScoringModel.of(saved(), "model.json");
            parameters = scoring.parameters();
        }
        BlockBuilder row = BlockBuilder.sparse();
        int[] indices = features instanceof SparseVector s ? s.indices() : null;
        double[] values = features instanceof SparseVector s ? s.values() : ((DenseVector) features).values();
        for (int k = 0; k < values.length; k++) {
            if (values[k] != 0) {
                row.addValue(indices == null ? k : indices[k], values[k]);
            }
        }
        row.endRow(0.0, 1.0);
        Block block = row.build(0, numFeatures, false, false);
        double[] out = new double[scoring.objective().outputs()];
        scoring.objective().margins(block, parameters, out);
        return out;
    }
}
