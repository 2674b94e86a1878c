package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fullbatch.input.ReadOptions;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.optim.OptimizerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainSettingsTest {

    private static TrainSettings settings(int maxIter, int treeDepth, double l2) {
        return new TrainSettings(new DataSpec("file:/d.libsvm", null, ReadOptions.libsvm()),
                new ModelSpec(LossKind.LOGISTIC, 0, 1.0, true, "linear", List.of(), "relu", 42),
                new RegularizationSpec(l2, 0), new OptimizerSpec(OptimizerSettings.defaults(), true),
                new StoppingSpec(maxIter, 1e-9, 0, 0, 0), new OutputSpec("file:/m", false, false, 10, 600),
                new SparkSpec(null, Map.of(), treeDepth));
    }

    @Test
    void theResumeFingerprintIsTheConfigWithoutBudgetsShapeAndDestination() {
        TrainSettings s = settings(100, 2, 0.1);
        Map<String, Object> expected = new LinkedHashMap<>(s.toMap());
        // --statistics adds a file, never changes the model's bits: a resumed run may add it
        for (String k : List.of("max-iter", "time-limit", "partitions", "tree-depth", "storage-level", "output",
                "checkpoint-every", "checkpoint-interval", "statistics")) {
            expected.remove(k);
        }
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(s.resultDefining()));
        assertEquals(s.resultDefining(), settings(500, 4, 0.1).resultDefining());
        assertEquals(List.of("--reg-l2 changed from 0.1 to 0.2"), DataFingerprint.optionDifferences(
                s.resultDefining(), settings(100, 2, 0.2).resultDefining(), java.util.Set.of()));
    }

    @Test
    void eachSpecRefusesItsOwnBadValuesNamingTheOption() {
        assertEquals("--max-iter must be at least 1, got 0",
                assertThrows(UsageException.class, () -> new StoppingSpec(0, 0, 0, 0, 0)).getMessage());
        assertEquals("--reg-l1 must be a finite number >= 0, got -1.0",
                assertThrows(UsageException.class, () -> new RegularizationSpec(0, -1)).getMessage());
        assertEquals("--tree-depth must be at least 1, got 0",
                assertThrows(UsageException.class, () -> new SparkSpec(null, Map.of(), 0)).getMessage());
        assertThrows(UsageException.class, () -> new OutputSpec("file:/m", true, true, 0, 0));
        assertEquals("--model mlp needs --hidden: the hidden layer widths, e.g. --hidden 64,32",
                assertThrows(UsageException.class, () -> new ModelSpec(LossKind.LOGISTIC, 0, 1.0, true, "mlp",
                        List.of(), "relu", 1)).getMessage());
        assertEquals("--patience needs --validation data to watch", assertThrows(UsageException.class,
                () -> new TrainSettings(new DataSpec("file:/d", null, ReadOptions.libsvm()),
                        new ModelSpec(LossKind.LOGISTIC, 0, 1.0, true, "linear", List.of(), "relu", 42),
                        new RegularizationSpec(0, 0), new OptimizerSpec(OptimizerSettings.defaults(), true),
                        new StoppingSpec(10, 0, 0, 0, 3), new OutputSpec("file:/m", false, false, 0, 0),
                        new SparkSpec(null, Map.of(), 2))).getMessage());
    }

    @Test
    void theModelLayoutIsLinearOrANetwork() {
        assertEquals(new ModelSpec.Layout.Linear(false),
                new ModelSpec(LossKind.LEAST_SQUARES, 0, 1.0, false, "linear", List.of(), "relu", 1).layout());
        assertEquals(new ModelSpec.Layout.Network(List.of(8, 4), dev.fullbatch.model.Activation.TANH),
                new ModelSpec(LossKind.LOGISTIC, 0, 1.0, true, "mlp", List.of(8, 4), "tanh", 1).layout());
    }
}
