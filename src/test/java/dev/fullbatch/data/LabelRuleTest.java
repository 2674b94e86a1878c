package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LabelRuleTest {
    private static final LabelRule BINARY = LabelRule.binary("logistic");
    private static final LabelRule INFERRED = LabelRule.classes("softmax", 0, "");
    private static final LabelRule THREE = LabelRule.classes("softmax", 3, "--classes 3");

    @Test
    void binaryAcceptsZeroOneAndMinusOnePlusOneLineByLine() {
        for (double v : new double[] {0, -0.0, 1, -1}) {
            assertNull(BINARY.check(v), () -> "label " + v);
        }
        assertEquals("label 2 is not a class label of --objective logistic (0/1 or -1/+1)", BINARY.check(2));
        assertTrue(BINARY.check(0.5).startsWith("label 0.5 "));
    }

    @Test
    void binaryNeedsBothClassesAndOneConvention() {
        assertEquals(2, BINARY.classCount(LabelStats.of(new double[] {0, 1, 1}), "d"));
        assertEquals(2, BINARY.classCount(LabelStats.of(new double[] {-1, 1}), "d"));
        BadInputException single = assertThrows(BadInputException.class,
                () -> BINARY.classCount(LabelStats.of(new double[] {1, 1}), "training data x"));
        assertEquals("training data x has a single class (every label is 1); --objective logistic needs both "
                + "classes present", single.getMessage());
        BadInputException mixed = assertThrows(BadInputException.class,
                () -> BINARY.classCount(LabelStats.of(new double[] {-1, 0}), "d"));
        assertTrue(mixed.getMessage().contains("mixes the 0/1 and -1/+1 label conventions (labels -1, 0)"),
                mixed.getMessage());
        BINARY.checkHeldOut(LabelStats.of(new double[] {1, 1}), "v");
        assertThrows(BadInputException.class, () -> BINARY.checkHeldOut(LabelStats.of(new double[] {2}), "v"));
    }

    @Test
    void classNumbersAreWholeNonNegativeAndBelowTheCount() {
        assertNull(INFERRED.check(0));
        assertNull(INFERRED.check(99_999));
        assertTrue(INFERRED.check(1.5).startsWith("label 1.5 is not a class number"));
        assertTrue(INFERRED.check(-1).startsWith("label -1 is not a class number"));
        assertTrue(INFERRED.check(1e5).contains("would mean more than 100000 classes"));
        assertEquals("label 3 is not below --classes 3 (labels must be 0..2)", THREE.check(3));
        assertEquals(4, INFERRED.classCount(LabelStats.of(new double[] {0, 3, 1}), "d"));
        assertEquals(3, THREE.classCount(LabelStats.of(new double[] {0, 1}), "d"));
        assertThrows(BadInputException.class, () -> INFERRED.classCount(LabelStats.of(new double[] {2, 2}), "d"));
        LabelRule heldOut = INFERRED.withClasses(4, "the 4 classes of the training data");
        assertEquals("label 4 is not below the 4 classes of the training data (labels must be 0..3)",
                heldOut.check(4));
    }

    @Test
    void wholeInputChecksCatchStatsThatSkippedTheLineCheck() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> THREE.classCount(LabelStats.of(new double[] {0, 1, 7}), "training data x"));
        assertEquals("training data x: label 7 is not below --classes 3 (labels must be 0..2)", e.getMessage());
        double[] many = new double[2000];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 0.5;
        }
        BadInputException notWhole = assertThrows(BadInputException.class,
                () -> INFERRED.classCount(LabelStats.of(many), "d"));
        assertTrue(notWhole.getMessage().contains("are not all whole numbers"), notWhole.getMessage());
        assertEquals(0, LabelRule.real("least-squares").classCount(LabelStats.of(many), "d"));
    }

    @Test
    void constructorRejectsImpossibleCounts() {
        assertThrows(IllegalArgumentException.class, () -> LabelRule.classes("softmax", 1, "--classes 1"));
        assertThrows(IllegalArgumentException.class,
                () -> new LabelRule(LabelRule.Kind.BINARY, "logistic", 2, ""));
    }
}
