package dev.fullbatch.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A checkpoint writes an optimizer state as plain named numbers ({@code Double.toString}); restoring it into a fresh
 * optimizer and stepping on must give bit-identical iterates to the run that never stopped, at every iteration.
 */
class CheckpointRestoreTest {

    static List<Configurations.Case> cases() {
        return Configurations.all();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void restoredStateContinuesBitIdentically(Configurations.Case c) {
        Problem problem = Configurations.problem(c.l1());
        List<OptimizerState> uninterrupted =
                Runs.trajectory(Optimizers.create(c.settings()), problem, new double[problem.dimension()], 40);
        for (int k = 0; k < uninterrupted.size() - 1; k++) {
            OptimizerState restored = read(write(uninterrupted.get(k)));
            assertEquals(uninterrupted.get(k), restored, "round trip of iteration " + k);
            OptimizerState resumed = Optimizers.create(c.settings()).step(restored, problem);
            assertEquals(uninterrupted.get(k + 1), resumed, c + ": step " + (k + 1) + " after restoring " + k);
        }
    }

    /** A checkpoint as text: one "name=numbers" line per component. */
    static String write(OptimizerState s) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("method", s.method());
        lines.put("iteration", Integer.toString(s.iteration()));
        lines.put("x", numbers(s.x()));
        lines.put("value", Double.toString(s.value()));
        lines.put("gradient", numbers(s.gradient()));
        lines.put("gradNorm", Double.toString(s.gradNorm()));
        lines.put("stepSize", Double.toString(s.stepSize()));
        lines.put("gradientPasses", Long.toString(s.gradientPasses()));
        lines.put("valuePasses", Long.toString(s.valuePasses()));
        s.vectors().forEach((name, v) -> lines.put("vector." + name, numbers(v)));
        s.scalars().forEach((name, v) -> lines.put("scalar." + name, Double.toString(v)));
        StringBuilder text = new StringBuilder();
        lines.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        return text.toString();
    }

    static OptimizerState read(String text) {
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            lines.put(line.substring(0, eq), line.substring(eq + 1));
        }
        Map<String, double[]> vectors = new TreeMap<>();
        Map<String, Double> scalars = new TreeMap<>();
        lines.forEach((k, v) -> {
            if (k.startsWith("vector.")) {
                vectors.put(k.substring(7), parse(v));
            } else if (k.startsWith("scalar.")) {
                scalars.put(k.substring(7), Double.parseDouble(v));
            }
        });
        return new OptimizerState(lines.get("method"), Integer.parseInt(lines.get("iteration")),
                parse(lines.get("x")), Double.parseDouble(lines.get("value")), parse(lines.get("gradient")),
                Double.parseDouble(lines.get("gradNorm")), Double.parseDouble(lines.get("stepSize")),
                Long.parseLong(lines.get("gradientPasses")), Long.parseLong(lines.get("valuePasses")), vectors,
                scalars);
    }

    private static String numbers(double[] v) {
        List<String> parts = new ArrayList<>();
        for (double d : v) {
            parts.add(Double.toString(d));
        }
        return String.join(",", parts);
    }

    private static double[] parse(String text) {
        if (text.isEmpty()) {
            return new double[0];
        }
        return Arrays.stream(text.split(",")).mapToDouble(Double::parseDouble).toArray();
    }
}
