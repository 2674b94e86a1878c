package dev.fullbatch.export;

/**
 * How a model turns its margins (the last affine layer's outputs) into what {@code predict} writes. Each constant
 * says which margins it reads and which outputs it gives; the exporters render exactly these formulas.
 */
public enum Response {
    /** One margin m; {@code prediction = m} (least-squares, huber). */
    IDENTITY(false),
    /**
     * One margin m; {@code probability = 1 / (1 + exp(-m))} of class 1, {@code prediction = 1 if m > 0 else 0}
     * (logistic, squared-hinge: predict reports the same sigmoid for both).
     */
    LOGISTIC(true),
    /**
     * K margins; {@code probabilities = softmax(m)}, {@code prediction} the first index of the largest margin, and
     * {@code probability} that class's probability (softmax).
     */
    SOFTMAX(true),
    /**
     * One margin m and the row's offset o (a log exposure; 0 for rows without one); {@code prediction = exp(m + o)},
     * the mean of a log-link family (poisson, gamma, tweedie). The offset is an input of the exported model.
     */
    EXP(false);

    private final boolean classification;

    Response(boolean classification) {
        this.classification = classification;
    }

    /** Whether the prediction is a class (0/1 or 0..K-1) rather than a value. */
    public boolean isClassification() {
        return classification;
    }
}
