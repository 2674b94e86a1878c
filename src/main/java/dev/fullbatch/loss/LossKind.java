package dev.fullbatch.loss;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The objectives a user can name on the command line, and how to build each one's loss. */
public enum LossKind {
    LEAST_SQUARES("least-squares", false),
    LOGISTIC("logistic", true),
    SOFTMAX("softmax", true),
    HUBER("huber", false),
    SQUARED_HINGE("squared-hinge", true),
    POISSON("poisson", false),
    GAMMA("gamma", false),
    TWEEDIE("tweedie", false);

    private final String cliName;
    private final boolean classification;

    LossKind(String cliName, boolean classification) {
        this.cliName = cliName;
        this.classification = classification;
    }

    /** The name used in options, config files and model.json. */
    public String cliName() {
        return cliName;
    }

    /** True for losses whose labels are classes. */
    public boolean isClassification() {
        return classification;
    }

    /** True for the two-class losses that read labels 0/1 or -1/+1. */
    public boolean isBinary() {
        return this == LOGISTIC || this == SQUARED_HINGE;
    }

    /**
     * True for the log-link families (poisson, gamma, tweedie): their predictions are means {@code exp(m)}, and
     * their metrics are deviances ({@link LogLinkLoss}).
     */
    public boolean isLogLink() {
        return this == POISSON || this == GAMMA || this == TWEEDIE;
    }

    /** Looks a kind up by its command-line name. */
    public static LossKind fromName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (LossKind k : values()) {
            if (k.cliName.equals(n)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown objective '" + name + "'; expected one of " + names());
    }

    /** The valid names, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(LossKind::cliName).collect(Collectors.joining(", "));
    }

    /**
     * Builds the loss of any kind but tweedie, which needs a power ({@link #create(int, double, double)}).
     *
     * @param classes the number of classes (softmax), ignored otherwise
     * @param huberDelta the Huber threshold, ignored otherwise
     */
    public OutputLoss create(int classes, double huberDelta) {
        return create(classes, huberDelta, Double.NaN);
    }

    /**
     * Builds the loss.
     *
     * @param classes the number of classes (softmax), ignored otherwise
     * @param huberDelta the Huber threshold, ignored otherwise
     * @param tweediePower the Tweedie variance power, strictly between 1 and 2 (tweedie), ignored otherwise
     */
    public OutputLoss create(int classes, double huberDelta, double tweediePower) {
        switch (this) {
            case LEAST_SQUARES: return new LeastSquaresLoss();
            case LOGISTIC: return new LogisticLoss();
            case SOFTMAX: return new SoftmaxLoss(classes);
            case HUBER: return new HuberLoss(huberDelta);
            case SQUARED_HINGE: return new SquaredHingeLoss();
            case POISSON: return new PoissonLoss();
            case GAMMA: return new GammaLoss();
            case TWEEDIE: return new TweedieLoss(tweediePower);
            default: throw new AssertionError(this);
        }
    }
}
