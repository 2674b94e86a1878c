package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxesTest {

    @Test
    void logAxisCoversTheValuesWithWholeDecades() {
        assertEquals(new LogAxis(-3, 2), LogAxis.covering(0.003, 20));
        assertEquals(new LogAxis(0, 1), LogAxis.covering(1, 1));
        assertEquals(new LogAxis(-2, -1), LogAxis.covering(0.05, 0.07));
        assertEquals(new LogAxis(2, 3), LogAxis.covering(100, 1000));
        LogAxis axis = LogAxis.covering(1e-4, 1);
        assertEquals(0.0, axis.fraction(1e-4), 1e-12);
        assertEquals(0.5, axis.fraction(1e-2), 1e-12);
        assertEquals(1.0, axis.fraction(1), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> LogAxis.covering(0, 1));
        assertThrows(IllegalArgumentException.class, () -> LogAxis.covering(1, Double.POSITIVE_INFINITY));
    }

    @Test
    void logAxisLabelsEveryDecadeOrEveryFewOnALongAxis() {
        assertEquals(List.of(-3, -2, -1, 0), new LogAxis(-3, 0).labelledExponents());
        List<Integer> many = new LogAxis(-300, 300).labelledExponents();
        assertTrue(many.size() <= 9 && many.size() >= 5, many.toString());
        assertEquals(-300, many.get(0));
        assertTrue(new LogAxis(-300, 300).minorTicks().isEmpty());
        assertEquals(16, new LogAxis(-1, 1).minorTicks().size());
        assertEquals(List.of("0.002", "0.005", "0.02", "0.05"),
                List.copyOf(new LogAxis(-3, -1).labelledMinorTicks().values()));
        assertEquals(List.of("2e-7", "5e-7"), List.copyOf(new LogAxis(-7, -6).labelledMinorTicks().values()));
        assertTrue(new LogAxis(-3, 0).labelledMinorTicks().isEmpty());
    }

    @Test
    void iterationAxisUsesRoundStepsAndRoomAroundASingleIteration() {
        IterationAxis hundred = IterationAxis.covering(1, 100);
        assertEquals(20, hundred.step());
        assertEquals(List.of(20L, 40L, 60L, 80L, 100L), hundred.ticks());
        assertEquals(new IterationAxis(0, 2, 1), IterationAxis.covering(1, 1));
        assertEquals(new IterationAxis(0, 1, 1), IterationAxis.covering(0, 0));
        assertEquals(2000, IterationAxis.covering(0, 9999).step());
        assertEquals(1, IterationAxis.covering(3, 7).step());
        assertEquals(0.5, IterationAxis.covering(0, 10).fraction(5), 1e-12);
    }
}
