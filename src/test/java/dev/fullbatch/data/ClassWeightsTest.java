package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** --class-weight: its two forms, checked against the training labels and their counts. */
class ClassWeightsTest {

    private static final double[] MINUS_PLUS = {-1, -1, -1, 1, -1, -1, 1, -1};

    @Test
    void labelStatsCountEachDistinctLabelAndMergeCounts() {
        LabelStats a = LabelStats.of(new double[] {3, 1, 3, 0.0, 3});
        LabelStats b = LabelStats.of(new double[] {2, -0.0, 3});
        LabelStats all = a.merge(b);
        assertArrayEquals(new double[] {0, 1, 2, 3}, all.distinct());
        assertArrayEquals(new long[] {2, 1, 1, 4}, all.counts());
        assertEquals(4, all.countOf(3));
        assertEquals(2, all.countOf(-0.0));
        assertEquals(0, all.countOf(7));
        assertEquals(all, all); // records with arrays: the counts travel with the distinct labels
        assertArrayEquals(all.counts(), b.merge(a).counts());
        assertArrayEquals(new long[0], LabelStats.empty().merge(LabelStats.empty()).counts());
    }

    @Test
    void balancedIsScikitLearnsNOverKTimesTheClassCount() {
        // n = 8 rows, K = 2 classes, 6 negatives and 2 positives: 8 / (2 * 6) and 8 / (2 * 2)
        ClassWeights w = ClassWeightSpec.parse("balanced").resolve(LabelRule.binary("logistic"), 2,
                LabelStats.of(MINUS_PLUS), "training data");
        assertArrayEquals(new double[] {8.0 / 12, 2.0}, w.multipliers());
        assertEquals(2.0, w.of(1));
        assertEquals(8.0 / 12, w.of(-1));
        // softmax, 3 classes present out of --classes 4: the absent class keeps 1
        ClassWeights s = ClassWeightSpec.parse(" Balanced ").resolve(LabelRule.classes("softmax", 4, "--classes 4"),
                4, LabelStats.of(new double[] {0, 0, 0, 1, 2, 2}), "training data");
        assertArrayEquals(new double[] {6.0 / 9, 2.0, 1.0, 1.0}, s.multipliers());
    }

    @Test
    void explicitWeightsUseTheDatasOwnLabelsAndDefaultToOne() {
        ClassWeights w = ClassWeightSpec.parse("-1=0.5").resolve(LabelRule.binary("logistic"), 2,
                LabelStats.of(MINUS_PLUS), "training data");
        assertArrayEquals(new double[] {0.5, 1.0}, w.multipliers());
        ClassWeights z = ClassWeightSpec.parse("0=1, 1=5").resolve(LabelRule.binary("logistic"), 2,
                LabelStats.of(new double[] {0, 1, 1}), "training data");
        assertArrayEquals(new double[] {1, 5}, z.multipliers());
        assertArrayEquals(new double[] {5, 1, 10}, z.rowWeights(new double[] {1, 0, 1}, new double[] {1, 1, 2}));
        assertArrayEquals(new double[] {5, 1}, z.rowWeights(new double[] {1, 0}, null));
    }

    @Test
    void aClassTheDataDoesNotHaveIsNamedWithTheDatasLabels() {
        BadInputException e = assertThrows(BadInputException.class, () -> ClassWeightSpec.parse("0=1,1=5")
                .resolve(LabelRule.binary("logistic"), 2, LabelStats.of(MINUS_PLUS), "training data file:/a9a"));
        assertEquals("--class-weight 0=1,1=5 names class 0, which is not a label of training data file:/a9a (its "
                + "labels are -1, 1); name the classes as the data writes them", e.getMessage());
        IllegalArgumentException r = assertThrows(IllegalArgumentException.class, () -> ClassWeightSpec.parse(
                "balanced").resolve(LabelRule.real("least-squares"), 0, LabelStats.of(MINUS_PLUS), "x"));
        assertTrue(r.getMessage().contains("applies to classification objectives"), r.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|--class-weight is empty",
        "0=1,1|'1' is not LABEL=WEIGHT",
        "0=1,1=0|the weight of class 1 is 0; class weights must be positive",
        "0=1,1=-2|the weight of class 1 is -2; class weights must be positive",
        "0=1,1=nan|the weight 'nan' in '1=nan' is not a finite number",
        "a=1|the label 'a' in 'a=1' is not a finite number",
        "0=1,0=2|class 0 is given twice",
        "0=1,-0=2|class 0 is given twice"
    })
    void malformedSpecsAreRefusedNamingTheOption(String spec, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassWeightSpec.parse(spec));
        assertTrue(e.getMessage().startsWith("--class-weight") && e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void nonNegativeAndPositiveLabelRules() {
        LabelRule counts = LabelRule.nonNegative("poisson");
        assertEquals(null, counts.check(0));
        assertEquals("label -1 is negative: --objective poisson needs labels >= 0", counts.check(-1));
        LabelRule amounts = LabelRule.positive("gamma");
        assertEquals("label 0 is not positive: --objective gamma needs labels > 0", amounts.check(0));
        assertEquals(null, amounts.check(0.25));
        assertEquals(0, amounts.classCount(LabelStats.of(new double[] {0.5, 2}), "x"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> amounts.classCount(LabelStats.of(new double[] {0.5, 0}), "training data"));
        assertEquals("training data: label 0 is not positive: --objective gamma needs labels > 0", e.getMessage());
    }
}
