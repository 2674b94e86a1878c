package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PenaltyPathTest {

    @Test
    void logSpacedSequenceIsTheReferences() {
        for (String name : new String[] {"path-a9a-logistic-alpha1.json", "path-a9a-logistic-alpha0.5.json",
                "path-cpusmall-least-squares-alpha1.json", "path-cpusmall-least-squares-alpha0.5.json"}) {
            JsonNode ref = Issue18Fixtures.json(name);
            PenaltyPath path = PenaltyPath.logSpaced(ref.get("lambda_max").asDouble(), 1e-4, 50,
                    ref.get("alpha").asDouble());
            JsonNode rows = ref.get("path");
            for (int k = 0; k < 50; k++) {
                double expected = rows.get(k).get("lambda").asDouble();
                assertEquals(expected, path.lambda(k), 1e-14 * expected, name + " k=" + k);
                assertEquals(path.lambda(k) * ref.get("alpha").asDouble(), path.l1(k));
            }
        }
    }

    @Test
    void lambdaMaxIsTheLargestGradientOverAlpha() {
        double[] g = {0.5, -2.0, 1.0};
        assertEquals(4.0, PenaltyPath.lambdaMax(g, 0.5, null));
        assertEquals(2.0, PenaltyPath.lambdaMax(g, 1, null));
        // factor 0 leaves a coefficient unpenalized; factor 2 halves its share
        assertEquals(1.0, PenaltyPath.lambdaMax(g, 1, new double[] {1, 0, 1}));
        assertEquals(1.0, PenaltyPath.lambdaMax(g, 1, new double[] {1, 2, 1}));
        // pure L2 starts where alpha 0.001 would
        assertEquals(2000.0, PenaltyPath.lambdaMax(g, 0, null), 1e-9);
    }

    @Test
    void defaultRatioIsGlmnets() {
        assertEquals(1e-4, PenaltyPath.defaultRatio(32561, 123));
        assertEquals(1e-2, PenaltyPath.defaultRatio(100, 100));
    }
}
