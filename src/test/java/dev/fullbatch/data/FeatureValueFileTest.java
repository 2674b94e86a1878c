package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-feature values file (bounds, penalty factors): its grammar and its messages. */
class FeatureValueFileTest {

    private static final List<String> BOUNDS = List.of("lower", "upper");

    @Test
    void readsOneBasedFeaturesCommentsAndInfinities() {
        List<FeatureValueFile.Entry> e = FeatureValueFile.parse(List.of("# bounds", "Feature, Lower,upper", "",
                "3, 0, inf   # non-negative", "7,-1,1", "1,-Infinity,+INF"), "file:/b.csv", 8, BOUNDS, true);
        assertEquals(3, e.size());
        assertEquals(2, e.get(0).feature());
        assertArrayEquals(new double[] {0, Double.POSITIVE_INFINITY}, e.get(0).values());
        assertEquals(4, e.get(0).line());
        assertEquals(6, e.get(1).feature());
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}, e.get(2).values());
        assertEquals(List.of(), FeatureValueFile.parse(List.of("# nothing"), "f", 3, BOUNDS, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "3,0|file:/b.csv:1: has 2 fields, expected 3 (FEATURE,LOWER,UPPER): '3,0'",
        "0,0,1|file:/b.csv:1: feature 0 is outside 1..8 (the model's 8 features; indices are 1-based): '0,0,1'",
        "9,0,1|file:/b.csv:1: feature 9 is outside 1..8 (the model's 8 features; indices are 1-based): '9,0,1'",
        "-2,0,1|file:/b.csv:1: feature '-2' is not a 1-based feature index: '-2,0,1'",
        "age,0,1|file:/b.csv:1: feature 'age' is not a 1-based feature index (feature names need data with named "
            + "features): 'age,0,1'",
        "2,x,1|file:/b.csv:1: the lower 'x' is not a number: '2,x,1'",
        "2,0,NaN|file:/b.csv:1: the upper 'NaN' is NaN or infinite: '2,0,NaN'",
        ",0,1|file:/b.csv:1: the feature is missing: ',0,1'"
    })
    void problemsNameTheFileLineAndField(String line, String message) {
        BadInputException e = assertThrows(BadInputException.class,
                () -> FeatureValueFile.parse(List.of(line), "file:/b.csv", 8, BOUNDS, true));
        assertEquals(message, e.getMessage());
    }

    @Test
    void aFeatureListedTwiceAndInfiniteFactorsAreRefused() {
        BadInputException late = assertThrows(BadInputException.class, () -> FeatureValueFile.parse(
                List.of("1,2", "feature,factor"), "pf.csv", 4, List.of("factor"), false));
        assertEquals("pf.csv:2: feature 'feature' is not a 1-based feature index (feature names need data with "
                + "named features): 'feature,factor'", late.getMessage());
        BadInputException twice = assertThrows(BadInputException.class,
                () -> FeatureValueFile.parse(List.of("2,1", "# x", "2,0"), "pf.csv", 4, List.of("factor"), false));
        assertEquals("pf.csv:3: feature 2 is listed again (first on line 1): '2,0'", twice.getMessage());
        BadInputException inf = assertThrows(BadInputException.class,
                () -> FeatureValueFile.parse(List.of("2,inf"), "pf.csv", 4, List.of("factor"), false));
        assertEquals("pf.csv:1: the factor 'inf' is NaN or infinite: '2,inf'", inf.getMessage());
    }
}
