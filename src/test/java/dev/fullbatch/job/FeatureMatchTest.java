package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lining up an earlier model's features with today's by name, and carrying its parameters across, on plain arrays. */
class FeatureMatchTest {

    @Test
    void matchedFeaturesKeepTheirWeightsPerClassNewOnesStartAtZeroGoneOnesAreDroppedAndTheRestIsCopied() {
        // yesterday: x, c=a, c=b, z; today: c=b, x, c=new, c=a (z gone, a new level, columns moved)
        FeatureMatch m = FeatureMatch.of(List.of("x", "c=a", "c=b", "z"), List.of("c=b", "x", "c=new", "c=a"));
        assertEquals(List.of("c=b", "x", "c=a"), m.matched());
        assertEquals(List.of("c=new"), m.added());
        assertEquals(List.of("z"), m.dropped());
        // two classes (rows) of four weights, then two intercepts
        double[] before = {1, 2, 3, 4, 10, 20, 30, 40, -1, -2};
        assertArrayEquals(new double[] {3, 1, 0, 2, 30, 10, 0, 20, -1, -2}, m.carry(before, 2));
        assertEquals("3 matched (c=b, x, c=a), 1 new (starting at 0: c=new), 1 dropped (z)", m.describe());
    }

    @Test
    void aNetworksFirstLayerIsMatchedByUnitAndItsLaterLayersAndBiasesAreCopied() {
        FeatureMatch m = FeatureMatch.of(List.of("a", "b"), List.of("b", "c", "a"));
        // 2 hidden units x 2 inputs, then a 1x2 output layer and 3 biases
        double[] before = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        assertArrayEquals(new double[] {2, 0, 1, 4, 0, 3, 5, 6, 7, 8, 9}, m.carry(before, 2));
    }

    @Test
    void equalListsMatchByPositionAndLongListsAreShortenedInTheLine() {
        List<String> names = List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6");
        FeatureMatch same = FeatureMatch.of(names, names);
        double[] p = {0.1, -0.0, 3, Double.MIN_VALUE, 5, 6, 7, 8};
        assertArrayEquals(p, same.carry(p, 1));
        assertEquals("7 matched (f0, f1, f2, f3, f4 and 2 more), 0 new, 0 dropped", same.describe());
    }

    @Test
    void aNameGivenTwiceInListsThatDifferHasNoPartner() {
        assertNull(FeatureMatch.of(List.of("a", "a"), List.of("a", "b")));
        assertEquals("a", FeatureMatch.repeated(List.of("b", "a", "a")));
        assertEquals(List.of("a", "a"), FeatureMatch.of(List.of("a", "a"), List.of("a", "a")).matched());
    }
}
