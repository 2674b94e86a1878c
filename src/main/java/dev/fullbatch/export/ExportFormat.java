package dev.fullbatch.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats {@code fullbatch export --format} writes. */
public enum ExportFormat {
    /** An ONNX model ({@link OnnxExport}): linear models and networks, every objective. */
    ONNX("onnx"),
    /** A PMML 4.4 RegressionModel ({@link PmmlExport}): linear models, every objective. */
    PMML("pmml");

    /** How many leading bytes {@link #isOurs} reads. */
    public static final int HEAD_BYTES = 1024;

    private final String cliName;

    ExportFormat(String cliName) {
        this.cliName = cliName;
    }

    /** The name {@code --format} takes. */
    public String cliName() {
        return cliName;
    }

    /**
     * Looks a format up by name, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the formats
     */
    public static ExportFormat fromName(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (ExportFormat f : values()) {
            if (f.cliName.equals(n)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown export format '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ExportFormat::cliName).collect(Collectors.joining(", ")));
    }

    /**
     * The file's bytes.
     *
     * @throws UnsupportedModelException when this format cannot express the model
     */
    public byte[] write(PredictionFunction f, String producerVersion) {
        return switch (this) {
            case ONNX -> OnnxExport.write(f, producerVersion);
            case PMML -> PmmlExport.write(f, producerVersion);
        };
    }

    /** Whether a file starting with {@code head} (up to {@link #HEAD_BYTES}) is an export of any format. */
    public static boolean isOurs(byte[] head) {
        return OnnxExport.isOurs(head) || PmmlExport.isOurs(head);
    }
}
