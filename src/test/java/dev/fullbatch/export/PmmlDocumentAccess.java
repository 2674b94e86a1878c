package dev.fullbatch.export;

import java.util.Map;

/** {@link PmmlDocument} for tests in other packages: the predicted value, a class's probability, validation. */
public final class PmmlDocumentAccess {
    private final PmmlDocument doc;

    /** Parses a PMML document. */
    public PmmlDocumentAccess(byte[] xml) throws Exception {
        this.doc = new PmmlDocument(xml);
    }

    /** The predicted value (or class) of a row given as field name to value. */
    public double prediction(Map<String, Double> row) {
        return doc.score(row).prediction();
    }

    /** The probability of class {@code category} (a class index as a double) for a row. */
    public double probability(Map<String, Double> row, double category) {
        return doc.score(row).probabilities().get(Integer.toString((int) category));
    }

    /** Validates against the PMML 4.4 schema; see {@link PmmlDocument#validate}. */
    public static void validate(byte[] xml) throws Exception {
        PmmlDocument.validate(xml);
    }
}
