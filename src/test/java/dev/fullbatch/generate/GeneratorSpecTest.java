package dev.fullbatch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GeneratorSpecTest {

    private static String rejection(Task task, long rows, int features, double density, int classes, double noise,
                                    int partitions) {
        return assertThrows(IllegalArgumentException.class,
                () -> new GeneratorSpec(task, rows, features, density, classes, noise, 1, partitions)).getMessage();
    }

    @Test
    void rejectsEachBadOptionNamingItAndTheValue() {
        assertEquals("--rows must be >= 1, got 0", rejection(Task.REGRESSION, 0, 5, 1, 2, 0, 1));
        assertTrue(rejection(Task.REGRESSION, 10, 0, 1, 2, 0, 1).startsWith("--features must be"));
        assertTrue(rejection(Task.REGRESSION, 10, 0, 1, 2, 0, 1).endsWith("got 0"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 0, 2, 0, 1).contains("--density must be > 0 and <= 1, got 0.0"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 1.5, 2, 0, 1).contains("got 1.5"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, Double.NaN, 2, 0, 1).contains("--density"));
        assertTrue(rejection(Task.MULTICLASS, 10, 5, 1, 1, 0, 1).contains("--classes must be between 2"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 1, 2, -0.5, 1).contains("--noise must be >= 0"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 1, 2, Double.POSITIVE_INFINITY, 1).contains("--noise"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 1, 2, 0, 0).contains("--partitions must be between 1"));
        assertTrue(rejection(Task.REGRESSION, 10, 5, 1, 2, 0, 100_001).contains("got 100001"));
        assertTrue(rejection(Task.REGRESSION, 10, Integer.MAX_VALUE - 1, 1, 2, 0, 1)
                .contains("expected nonzeros per row"));
        assertTrue(rejection(null, 10, 5, 1, 2, 0, 1).contains("--task is required"));
    }

    @Test
    void ignoresOptionsTheTaskDoesNotUse() {
        GeneratorSpec binary = new GeneratorSpec(Task.BINARY, 10, 5, 1, 0, 0, 1, 1);
        assertEquals(1, binary.outputCount());
        GeneratorSpec xor = new GeneratorSpec(Task.XOR, 10, Integer.MAX_VALUE - 1, 1, 0, 0, 1, 1);
        assertEquals(2, xor.featureCount());
        assertEquals(0, xor.outputCount());
        assertEquals(3, new GeneratorSpec(Task.MULTICLASS, 10, 5, 1, 3, 0, 1, 1).outputCount());
    }

    @Test
    void withPartitionsChangesOnlyThePartitionCount() {
        GeneratorSpec spec = new GeneratorSpec(Task.BINARY, 10, 5, 0.5, 2, 0.1, 7, 1);
        assertEquals(new GeneratorSpec(Task.BINARY, 10, 5, 0.5, 2, 0.1, 7, 4), spec.withPartitions(4));
    }

    @Test
    void taskNamesRoundTripAndUnknownNamesListTheValidOnes() {
        for (Task task : Task.values()) {
            assertEquals(task, Task.fromName(task.cliName()));
            assertEquals(task, Task.fromName(" " + task.cliName().toUpperCase(java.util.Locale.ROOT) + " "));
        }
        String message = assertThrows(IllegalArgumentException.class, () -> Task.fromName("logistic")).getMessage();
        assertEquals("--task must be one of regression, binary, multiclass, circles, xor, got 'logistic'", message);
        assertThrows(IllegalArgumentException.class, () -> Task.fromName(null));
    }
}
