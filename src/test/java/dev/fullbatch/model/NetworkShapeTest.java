package dev.fullbatch.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkShapeTest {

    @Test
    void laysOutAllWeightsLayerByLayerThenAllBiases() {
        NetworkShape s = new NetworkShape(10, List.of(4, 3), 2, Activation.TANH);
        assertEquals(3, s.layers());
        assertArrayEquals(new int[] {10, 4, 3, 2}, s.widths());
        assertEquals(0, s.weightOffset(0));
        assertEquals(40, s.weightOffset(1));
        assertEquals(52, s.weightOffset(2));
        assertEquals(58, s.weightCount());
        assertEquals(58, s.biasOffset(0));
        assertEquals(62, s.biasOffset(1));
        assertEquals(65, s.biasOffset(2));
        assertEquals(67, s.dimension());
        assertEquals(67, NetworkShape.parameterCount(10, List.of(4, 3), 2));
    }

    @Test
    void rejectsEmptyLayersAndParameterCountsNoArrayHolds() {
        assertThrows(IllegalArgumentException.class, () -> new NetworkShape(3, List.of(4, 0), 1, Activation.RELU));
        assertThrows(IllegalArgumentException.class, () -> new NetworkShape(0, List.of(4), 1, Activation.RELU));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkShape(1_000_000, List.of(4096), 1, Activation.RELU));
        assertTrue(e.getMessage().contains("4096008193 parameters"), e.getMessage());
    }

    @Test
    void activationsAreNamedAsOnTheCommandLine() {
        assertEquals(Activation.SIGMOID, Activation.fromName(" Sigmoid "));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activation.fromName("gelu"));
        assertTrue(e.getMessage().contains("relu, tanh, sigmoid"), e.getMessage());
    }
}
