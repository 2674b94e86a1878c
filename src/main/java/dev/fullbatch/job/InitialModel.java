package dev.fullbatch.job;

import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The model a warm start ({@code --init-model DIR}) begins from: an earlier model directory's parameters, checked to
 * have the layout of the model being trained (same objective, model type and architecture, features, classes and
 * intercept), so that its parameters mean the same here.
 *
 * <p>The start enters the data fingerprint as {@code initModel} (the directory and the SHA-256 of its model.json):
 * the result depends on it as on the data, so {@code --resume} refuses a run whose initial model changed. Immutable.
 *
 * @param uri the directory, as given
 * @param parameters the saved model's parameters (weights, then intercepts or biases)
 * @param fingerprint what the data fingerprint records about it
 */
record InitialModel(String uri, double[] parameters, Map<String, Object> fingerprint) {

    /**
     * Reads and checks the model in {@code uri} against the model about to be trained.
     *
     * @param training the model being trained
     * @param settings the run's settings, for the objective, model type and architecture to compare
     * @param numFeatures the training data's width
     * @param classes the training data's classes (softmax), or 0
     * @throws UsageException naming {@code --init-model}, what differs and the fix
     */
    static InitialModel read(String uri, Configuration hconf, ModelChoice training, TrainSettings settings,
                             int numFeatures, int classes) {
        String where = "--init-model " + uri;
        SavedModelSource source = SavedModelSource.read("--init-model", uri, hconf);
        SavedModel saved = source.saved();
        String text;
        try {
            text = source.directory().read("model.json");
        } catch (IOException | UncheckedIOException e) {
            throw new UsageException("cannot read " + where + ": " + e.getMessage());
        }
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
        if (saved.numFeatures() != numFeatures) {
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
        if (choice.objective().dimension() != training.objective().dimension()) {
            throw new UsageException(where + " has " + choice.objective().dimension() + " parameters"
                    + describe(saved) + ", and the model of this run " + training.objective().dimension()
                    + (network ? " (--hidden " + spec.hidden() + ")"
                    : spec.intercept() ? " (with an intercept)" : " (--intercept false)") + fix);
        }
        if (network && (!saved.hiddenWidths().equals(spec.hidden())
                || !String.valueOf(saved.architecture().get("activation")).equals(spec.activation()))) {
            throw new UsageException(where + " is a network" + describe(saved) + ", and this run trains"
                    + " --hidden " + spec.hidden() + " --activation " + spec.activation() + fix);
        }
        Map<String, Object> fingerprint = new LinkedHashMap<>();
        fingerprint.put("path", uri);
        fingerprint.put("modelJsonSha256", sha256(text));
        return new InitialModel(uri, choice.parameters(saved), fingerprint);
    }

    private static String describe(SavedModel saved) {
        if (saved.modelType().equals(ModelChoice.MLP)) {
            return " (--hidden " + saved.architecture().get("hidden") + " --activation "
                    + saved.architecture().get("activation") + ")";
        }
        return saved.intercept().length > 0 ? " (with an intercept)" : " (--intercept false)";
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
        return parameters.clone();
    }
}
