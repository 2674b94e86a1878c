package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class EarlyEndTest {

    /** Where the rule ends a path of these deviance ratios: the number of penalties fitted. */
    private static int fitted(EarlyEnd rule, double[] dev) {
        for (int k = 0; k < dev.length; k++) {
            if (rule.endsAfter(dev, k)) {
                return k + 1;
            }
        }
        return dev.length;
    }

    @Test
    void stopsWhereGlmnetStoppedItsOwnSequences() {
        for (JsonNode run : Issue18Fixtures.json("glmnet-early-end.json").get("runs")) {
            EarlyEnd rule = run.get("family").asText().equals("gaussian") ? EarlyEnd.RELATIVE : EarlyEnd.ABSOLUTE;
            double[] dev = Issue18Fixtures.doubles(run.get("dev_ratio"));
            // glmnet returns the penalties up to the one that ended it; the rule on those must end exactly there
            // (or never, when glmnet ran the whole sequence)
            int expected = run.get("lambdas_returned").asInt();
            assertEquals(expected, fitted(rule, dev), run.get("data") + " " + run.get("family") + " alpha "
                    + run.get("alpha") + " nlambda " + run.get("nlambda"));
        }
    }

    @Test
    void isNotCheckedBeforeTheFifthPenalty() {
        double[] flat = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        assertEquals(5, fitted(EarlyEnd.ABSOLUTE, flat));
        assertEquals(5, fitted(EarlyEnd.RELATIVE, flat));
        // relative: a change of 2e-6 is small next to 0.5, not next to 0.1
        assertEquals(5, fitted(EarlyEnd.RELATIVE, new double[] {0.1, 0.2, 0.3, 0.5, 0.500002, 0.6}));
        assertEquals(6, fitted(EarlyEnd.RELATIVE, new double[] {0.1, 0.099998, 0.099999, 0.1, 0.100002, 0.100002}));
    }

    @Test
    void endsOnceAlmostAllDevianceIsExplained() {
        double[] dev = {0, 0.3, 0.6, 0.9, 0.99, 0.9995, 0.99999};
        assertEquals(6, fitted(EarlyEnd.ABSOLUTE, dev));
    }
}
