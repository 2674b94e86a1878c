package dev.fullbatch.job;

import dev.fullbatch.data.FeatureValueFile;
import dev.fullbatch.optim.CoefficientBounds;
import dev.fullbatch.train.PenaltyFactors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A {@code --bounds} or {@code --penalty-factors} file as read on the driver (any Hadoop file system), in the
 * {@link FeatureValueFile} format, with the SHA-256 of its bytes: the resume fingerprint records the digest, so a
 * file edited between a run and its resume is refused like a changed option. Immutable.
 *
 * @param option the option that named it, for messages
 * @param uri the file
 * @param lines its lines
 * @param sha256 the hex SHA-256 of its bytes
 */
record PerFeatureFile(String option, String uri, List<String> lines, String sha256) {

    /**
     * Reads the file.
     *
     * @throws UsageException when it is missing or unreadable
     */
    static PerFeatureFile read(String option, String uri, Configuration conf) {
        byte[] bytes;
        try {
            Path path = new Path(uri);
            try (InputStream in = path.getFileSystem(conf).open(path)) {
                bytes = in.readAllBytes();
            }
        } catch (java.io.FileNotFoundException e) {
            throw new UsageException(option + " file '" + uri + "' does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read " + option + " file '" + uri + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageException("cannot read " + option + " file '" + uri + "': "
                    + MissingFileSystem.explain(e).orElseThrow(() -> e));
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return new PerFeatureFile(option, uri, List.of(text.split("\r?\n", -1)), digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /**
     * The bounds: {@code uniform} overridden per feature by a {@code FEATURE,LOWER,UPPER} file.
     *
     * @throws dev.fullbatch.data.BadInputException naming the file and line of a bad entry
     */
    CoefficientBounds bounds(CoefficientBounds uniform) {
        List<FeatureValueFile.Entry> entries = FeatureValueFile.parse(lines, uri, uniform.numFeatures(),
                List.of("lower", "upper"), true);
        int[] features = new int[entries.size()];
        double[] lower = new double[entries.size()];
        double[] upper = new double[entries.size()];
        for (int t = 0; t < entries.size(); t++) {
            features[t] = entries.get(t).feature();
            lower[t] = entries.get(t).values()[0];
            upper[t] = entries.get(t).values()[1];
            try {
                CoefficientBounds.check(lower[t], upper[t], "feature " + (features[t] + 1));
            } catch (IllegalArgumentException e) {
                throw new dev.fullbatch.data.BadInputException(uri + ":" + entries.get(t).line() + ": "
                        + e.getMessage());
            }
        }
        return uniform.withFeatures(features, lower, upper);
    }

    /**
     * The penalty factors: 1 for every feature the {@code FEATURE,FACTOR} file does not list.
     *
     * @throws dev.fullbatch.data.BadInputException naming the file and line of a bad entry
     */
    PenaltyFactors penaltyFactors(int numFeatures) {
        List<FeatureValueFile.Entry> entries = FeatureValueFile.parse(lines, uri, numFeatures, List.of("factor"),
                false);
        int[] features = new int[entries.size()];
        double[] values = new double[entries.size()];
        for (int t = 0; t < entries.size(); t++) {
            features[t] = entries.get(t).feature();
            values[t] = entries.get(t).values()[0];
            try {
                PenaltyFactors.check(values[t], "feature " + (features[t] + 1));
            } catch (IllegalArgumentException e) {
                throw new dev.fullbatch.data.BadInputException(uri + ":" + entries.get(t).line() + ": "
                        + e.getMessage());
            }
        }
        return PenaltyFactors.uniform(numFeatures).withFeatures(features, values);
    }
}
