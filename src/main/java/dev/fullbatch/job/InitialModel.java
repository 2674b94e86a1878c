package dev.fullbatch.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The model a warm start ({@code --init-model DIR}) begins from: an earlier model directory's parameters, checked to
 * have the layout of the model being trained (same objective, model type and architecture, classes and intercept),
 * so that its parameters mean the same here.
 *
 * <p>Features are matched by name when both the earlier model and the training data name them (a CSV header, Parquet
 * columns, {@code --feature-names}, categorical levels {@code col=level}): a feature present in both keeps its
 * coefficient (every class's, every first-layer unit's), a new one starts at 0, one gone is dropped, and the
 * intercepts are carried ({@link FeatureMatch}). Without names on either side they are matched by position, and the
 * widths must be equal; names on one side only are refused, since a position would then be a guess. model.json holds
 * the coefficients on the data's own scale, so they are carried on that scale and {@code --standardize} maps them into
 * the optimizer's coordinates like any starting point.
 *
 * <p>The start enters the data fingerprint as {@code initModel} (the directory and {@code modelSha256},
 * the SHA-256 of its model.json without the provenance member, whose times change when the same model is trained
 * again; with {@code --init-model-optional} and no complete model there, the directory and {@code "found": false}):
 * the result depends on it as on the data, so {@code --resume} refuses a run, or keeps no complete model, whose initial model
 * changed. Immutable.
 *
 * @param uri the directory, as given
 * @param parameters the parameters to start from, in this run's layout; null for a cold start (no model found)
 * @param fingerprint what the data fingerprint records about it
 * @param matching the line saying how the features were matched by name, or null (by position, or no model)
 */
record InitialModel(String uri, double[] parameters, Map<String, Object> fingerprint, String matching) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fingerprint key saying that {@code --init-model-optional} found no complete model. */
    static final String FOUND = "found";

    /**
     * What the data fingerprint records about the initial model at {@code uri} now, read without the training data:
     * {@code --resume} on a complete model compares it before reading anything.
     *
     * @param optional {@code --init-model-optional}: no complete model there is a cold start, not an error
     * @throws UsageException when the directory cannot be read, or holds no complete model and is not optional
     */
    static Map<String, Object> fingerprint(String uri, boolean optional, Configuration hconf) {
        if (optional && !holdsModel(uri, hconf)) {
            return absent(uri);
        }
        SavedModelSource source = SavedModelSource.read("--init-model", uri, hconf);
        return present(uri, modelJson(source, uri));
    }

    /**
     * Reads and checks the model in {@code uri} against the model about to be trained.
     *
     * @param optional {@code --init-model-optional}: with no complete model in {@code uri}, a cold start
     *     ({@link #found()} false) instead of an error
     * @param training the model being trained
     * @param settings the run's settings, for the objective, model type and architecture to compare
     * @param numFeatures the training data's width
     * @param classes the training data's classes (softmax), or 0
     * @param featureNames the training data's feature names, or null when it names none
     * @throws UsageException naming {@code --init-model}, what differs and the fix
     */
    static InitialModel read(String uri, boolean optional, Configuration hconf, ModelChoice training,
                             TrainSettings settings, int numFeatures, int classes, List<String> featureNames) {
        if (optional && !holdsModel(uri, hconf)) {
            return new InitialModel(uri, null, absent(uri), null);
        }
        String where = "--init-model " + uri;
        SavedModelSource source = SavedModelSource.read("--init-model", uri, hconf);
        SavedModel saved = source.saved();
        String text = modelJson(source, uri);
        ModelSpec spec = settings.model();
        String fix = "; a warm start needs a model of the same layout (train it with the options of this run, or"
                + " drop --init-model)";
        if (!saved.objective().equals(spec.loss().cliName())) {
            throw new UsageException(where + " holds a --objective " + saved.objective() + " model, and this run"
                    + " trains --objective " + spec.loss().cliName() + fix);
        }
        if (!saved.modelType().equals(spec.type())) {
            throw new UsageException(where + " holds a --model " + saved.modelType() + " model, and this run trains"
                    + " --model " + spec.type() + fix);
        }
        List<String> before = saved.featureNames();
        if ((before == null) != (featureNames == null)) {
            throw new UsageException(before == null
                    ? where + " names no features (its training data had no header or --feature-names), and the"
                    + " training data names its " + TrainCommand.count(numFeatures, "feature") + "; matching them by"
                    + " position would be a guess: retrain the initial model on named data, or drop --init-model"
                    : where + " names its " + TrainCommand.count(saved.numFeatures(), "feature") + ", and the"
                    + " training data names none; give its names with --feature-names FILE (one a line, feature 0"
                    + " first), or drop --init-model");
        }
        boolean byName = before != null;
        if (!byName && saved.numFeatures() != numFeatures) {
            throw new UsageException(where + " has " + TrainCommand.count(saved.numFeatures(), "feature")
                    + ", and the training data " + TrainCommand.count(numFeatures, "feature") + fix);
        }
        int expectedClasses = classes > 0 ? classes : saved.numClasses();
        if (saved.numClasses() != expectedClasses) {
            throw new UsageException(where + " has " + saved.numClasses() + " classes, and the training data "
                    + classes + fix);
        }
        ModelChoice choice = source.choice();
        boolean network = spec.type().equals(ModelChoice.MLP);
        if (network && (!saved.hiddenWidths().equals(spec.hidden())
                || !String.valueOf(saved.architecture().get("activation")).equals(spec.activation()))) {
            throw new UsageException(where + " is a network" + describe(saved) + ", and this run trains"
                    + " --hidden " + spec.hidden() + " --activation " + spec.activation() + fix);
        }
        double[] parameters = choice.parameters(saved);
        String matching = null;
        if (byName) {
            if (!network && (saved.intercept().length > 0) != spec.intercept()) {
                throw new UsageException(where + describe(saved) + ", and this run "
                        + (spec.intercept() ? "fits one" : "has --intercept false") + fix);
            }
            FeatureMatch match = FeatureMatch.of(before, featureNames);
            if (match == null) {
                String twice = FeatureMatch.repeated(before) != null ? FeatureMatch.repeated(before)
                        : FeatureMatch.repeated(featureNames);
                throw new UsageException(where + ": the feature name '" + twice + "' appears twice in "
                        + (FeatureMatch.repeated(before) != null ? "the initial model" : "the training data")
                        + ", so its coefficient has no single partner; rename the column, or drop --init-model");
            }
            parameters = match.carry(parameters, firstRows(training));
            matching = "fullbatch: --init-model features matched by name: " + match.describe();
        }
        if (parameters.length != training.objective().dimension()) {
            throw new UsageException(where + " has " + choice.objective().dimension() + " parameters"
                    + describe(saved) + ", and the model of this run " + training.objective().dimension()
                    + (network ? " (--hidden " + spec.hidden() + ")"
                    : spec.intercept() ? " (with an intercept)" : " (--intercept false)") + fix);
        }
        return new InitialModel(uri, parameters, present(uri, text), matching);
    }

    /** Whether the optimizer starts from a model (false: {@code --init-model-optional} found none, a cold start). */
    boolean found() {
        return parameters != null;
    }

    /** The rows of weights over the features that parameters begin with: the outputs, or the first layer's units. */
    private static int firstRows(ModelChoice training) {
        return training instanceof ModelChoice.Network net ? net.shape().widths()[1]
                : ((ModelChoice.Linear) training).objective().outputs();
    }

    private static boolean holdsModel(String uri, Configuration hconf) {
        try {
            ModelDirectory dir = new ModelDirectory(uri, hconf);
            return dir.exists() && dir.isComplete();
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            throw new UsageException("cannot read --init-model " + uri + ": " + e.getMessage());
        }
    }

    private static String modelJson(SavedModelSource source, String uri) {
        try {
            return source.directory().read("model.json");
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read --init-model " + uri + ": " + e.getMessage());
        }
    }

    private static Map<String, Object> present(String uri, String modelJson) {
        Map<String, Object> fingerprint = new LinkedHashMap<>();
        fingerprint.put("path", uri);
        fingerprint.put("modelSha256", sha256(withoutProvenance(modelJson)));
        return fingerprint;
    }

    private static Map<String, Object> absent(String uri) {
        Map<String, Object> fingerprint = new LinkedHashMap<>();
        fingerprint.put("path", uri);
        fingerprint.put(FOUND, false);
        return fingerprint;
    }

    private static String describe(SavedModel saved) {
        if (saved.modelType().equals(ModelChoice.MLP)) {
            return " (--hidden " + saved.architecture().get("hidden") + " --activation "
                    + saved.architecture().get("activation") + ")";
        }
        return saved.intercept().length > 0 ? " (with an intercept)" : " (--intercept false)";
    }

    /**
     * model.json without its {@code provenance} member: the times and commit there change when the same model is
     * trained again, and an identical retrain of yesterday must not invalidate today's model.
     */
    private static String withoutProvenance(String modelJson) {
        try {
            JsonNode root = JSON.readTree(modelJson);
            if (root instanceof ObjectNode object) {
                object.remove("provenance");
            }
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UsageException("cannot read --init-model's model.json: " + e.getOriginalMessage());
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public double[] parameters() {
        return parameters == null ? null : parameters.clone();
    }
}
