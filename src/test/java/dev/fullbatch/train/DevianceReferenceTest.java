package dev.fullbatch.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fullbatch.data.Block;
import dev.fullbatch.data.LabelRule;
import dev.fullbatch.loss.LogLinkLoss;
import dev.fullbatch.loss.LossKind;
import dev.fullbatch.model.DevianceMetrics;
import dev.fullbatch.model.DevianceSums;
import dev.fullbatch.model.LinearObjective;
import dev.fullbatch.model.LocalReduction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deviance, null deviance and AIC of log-link models at R's optimum, against R's {@code summary(glm(...))}
 * (fixtures under {@code src/test/resources/references/issue19}, made by {@code scripts/references/summary_glm.R}
 * through {@code issue19_statistics.py}): Poisson with an offset on MASS's Insurance (the null model then needs its
 * own intercept fit with the offsets, as R's glm refits it) and Gamma on cpusmall's positive labels (its AIC needs
 * R's dispersion deviance / n).
 */
class DevianceReferenceTest {

    static JsonNode summary(String name) {
        try (InputStream in = DevianceReferenceTest.class.getResourceAsStream("/references/issue19/" + name)) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DevianceMetrics metricsAtEstimate(JsonNode ref, List<Block> blocks, LossKind kind) {
        JsonNode estimate = ref.get("estimate");
        double[] p = new double[estimate.size()];
        for (int j = 0; j < p.length; j++) {
            p[j] = estimate.get(j).asDouble(); // coefficients, then the intercept: LinearObjective's layout
        }
        LogLinkLoss loss = (LogLinkLoss) kind.create(0, 1.0);
        LocalReduction engine = new LocalReduction(blocks);
        LinearObjective model = new LinearObjective(loss, p.length - 1, true);
        double nullIntercept = DevianceSums.nullIntercept(engine, loss);
        return DevianceMetrics.of(engine.aggregate(new DevianceSums(model, loss, nullIntercept), p, true, "metrics"),
                loss, p.length);
    }

    static void assertMatchesR(JsonNode ref, DevianceMetrics m) {
        assertEquals(ref.get("deviance").asDouble(), m.deviance(), 1e-10 * ref.get("deviance").asDouble(),
                "deviance");
        assertEquals(ref.get("null_deviance").asDouble(), m.nullDeviance(),
                1e-10 * ref.get("null_deviance").asDouble(), "null deviance");
        assertEquals(ref.get("aic").asDouble(), m.aic(), 1e-10 * ref.get("aic").asDouble(), "AIC");
        assertEquals(1 - ref.get("deviance").asDouble() / ref.get("null_deviance").asDouble(),
                m.devianceExplained(), 1e-10, "fraction of deviance explained");
    }

    @Test
    void poissonWithAnOffsetOnInsuranceMatchesRsGlm() {
        JsonNode ref = summary("summary-poisson-insurance-offset.json");
        DevianceMetrics m = metricsAtEstimate(ref, ReferenceOptimaTest.insurance(LossKind.POISSON), LossKind.POISSON);
        assertMatchesR(ref, m);
        assertEquals(64, m.weightSum(), 0.0);
    }

    @Test
    void gammaOnCpusmallMatchesRsGlmWithItsDispersion() {
        JsonNode ref = summary("summary-gamma-cpusmall-positive.json");
        List<Block> blocks = ReferenceOptimaTest.cpusmall(LabelRule.positive("gamma"), true);
        DevianceMetrics m = metricsAtEstimate(ref, blocks, LossKind.GAMMA);
        assertMatchesR(ref, m);
        assertEquals(7909, m.weightSum(), 0.0);
        assertFalse(m.toMap().isEmpty());
    }
}
