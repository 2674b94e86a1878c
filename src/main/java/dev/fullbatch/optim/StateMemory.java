package dev.fullbatch.optim;

import java.util.Map;
import java.util.TreeMap;

/** The method-specific named numbers of the next state, collected while an iteration runs. */
final class StateMemory {

    private final TreeMap<String, double[]> vectors = new TreeMap<>();
    private final TreeMap<String, Double> scalars = new TreeMap<>();

    StateMemory vector(String name, double[] value) {
        vectors.put(name, value);
        return this;
    }

    StateMemory scalar(String name, double value) {
        scalars.put(name, value);
        return this;
    }

    Map<String, double[]> vectors() {
        return vectors;
    }

    Map<String, Double> scalars() {
        return scalars;
    }
}
