package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a changed warm start is put into words when a complete model is rerun. */
class InitModelFingerprintTest {

    private static Map<String, Object> recorded(Map<String, Object> initModel) {
        return Map.of(DataFingerprint.INIT_MODEL, initModel);
    }

    @Test
    void aChangedInitialModelIsNamedWithBothHashes() {
        List<String> said = DataFingerprint.initModelDifferences(
                recorded(Map.of("path", "m/2024-05-01", "modelSha256", "aa")),
                recorded(Map.of("path", "m/2024-05-01", "modelSha256", "bb")));
        assertEquals(List.of("the --init-model changed (m/2024-05-01 with model SHA-256 bb, was m/2024-05-01 with"
                + " model SHA-256 aa)"), said);
    }

    @Test
    void aHashRecordedByAnEarlierVersionIsNamedAsSuchNotAsAMissingValue() {
        List<String> said = DataFingerprint.initModelDifferences(
                recorded(Map.of("path", "m/2024-05-01", DataFingerprint.LEGACY_INIT_MODEL_SHA256, "cc")),
                recorded(Map.of("path", "m/2024-05-01", "modelSha256", "bb")));
        assertEquals(List.of("the --init-model changed (m/2024-05-01 with model SHA-256 bb, was m/2024-05-01 with"
                + " model.json SHA-256 cc (the file's bytes, provenance included, as an earlier fullbatch recorded it;"
                + " --overwrite retrains once))"), said);
    }

    @Test
    void theSameInitialModelIsNoDifference() {
        Map<String, Object> same = Map.of("path", "m/2024-05-01", "modelSha256", "aa");
        assertEquals(List.of(), DataFingerprint.initModelDifferences(recorded(same), recorded(same)));
    }
}
