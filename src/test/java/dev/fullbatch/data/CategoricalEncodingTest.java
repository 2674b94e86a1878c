package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.math.RandomPermutation;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Categorical dictionaries: counted in any split and order to the same levels, sorted, named, applied. */
class CategoricalEncodingTest {

    private static final List<String> COLUMNS = List.of("color", "city");

    private static String[][] rows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] colors = {"red", "Red", "blue", "(other)", "\\x", "\u00e9cru", "z", "\ud83d\ude00", ""};
        String[][] rows = new String[n][];
        for (int i = 0; i < n; i++) {
            // skewed: early values common, late ones rare; a few nulls
            String color = random.nextInt(40) == 0 ? null
                    : colors[Math.min(colors.length - 1, (int) Math.abs(random.nextGaussian() * 3))];
            String city = "c" + random.nextInt(1 + random.nextInt(60));
            rows[i] = new String[] {color, city};
        }
        return rows;
    }

    private static CategoryCounts count(String[][] rows, SplittableRandom random, int maxDistinct) {
        List<CategoryCounts> parts = new ArrayList<>();
        int from = 0;
        while (from < rows.length) {
            int to = Math.min(rows.length, from + 1 + random.nextInt(700));
            CategoryCounts part = new CategoryCounts(COLUMNS, maxDistinct);
            for (int i = from; i < to; i++) {
                part.addRow(rows[i]);
            }
            parts.add(part);
            from = to;
        }
        CategoryCounts total = null;
        for (int i : RandomPermutation.of(parts.size(), random)) {
            total = total == null ? parts.get(i) : random.nextBoolean() ? total.merge(parts.get(i))
                    : parts.get(i).merge(total);
        }
        return total;
    }

    @Test
    void theDictionaryDependsOnTheRowsAloneNotOnTheSplitOrMergeOrder() {
        String[][] rows = rows(5000, 1);
        CategoricalEncoding first = count(rows, new SplittableRandom(0), 1000).encoding(5);
        for (int seed = 1; seed < 6; seed++) {
            assertEquals(first, count(rows, new SplittableRandom(seed), 1000).encoding(5), "seed " + seed);
        }
        long total = 0;
        for (CategoryLevel level : first.columns().get(0).levels()) {
            total += level.rows();
        }
        assertEquals(5000, total + first.columns().get(0).otherRows(), "every row is in one level");
    }

    @Test
    void levelsAreTheMissingValueThenValuesInStringOrderThenOther() {
        CategoryCounts counts = new CategoryCounts(List.of("color"), 100);
        String[] values = {"red", "Red", "blue", null, "\u00e9cru", "(other)", "\\x", "rare", "red", "Red", "blue",
            null, "\u00e9cru", "(other)", "\\x"};
        for (String v : values) {
            counts.addRow(new String[] {v});
        }
        CategoricalColumn color = counts.encoding(2).columns().get(0);
        List<String> kept = new ArrayList<>();
        for (CategoryLevel level : color.levels()) {
            kept.add(level.value());
            assertEquals(2, level.rows());
        }
        // String.compareTo: '(' < 'R' < '\' < 'b' < 'r' < U+00E9
        assertEquals(java.util.Arrays.asList(null, "(other)", "Red", "\\x", "blue", "red", "\u00e9cru"), kept);
        assertEquals(1, color.otherRows());
        assertEquals(1, color.otherValues());
        assertEquals(8, color.width());
        List<String> names = new ArrayList<>();
        for (int level = 0; level < color.width(); level++) {
            names.add(color.featureName(level));
        }
        assertEquals(List.of("color=(null)", "color=\\(other)", "color=Red", "color=\\\\x", "color=blue",
                "color=red", "color=\u00e9cru", "color=(other)"), names);
        assertEquals(names.size(), names.stream().distinct().count(), "names are unique");
    }

    @Test
    void rareAndUnseenValuesGoToTheOtherLevelAndAreCounted() {
        CategoryCounts counts = new CategoryCounts(COLUMNS, 100);
        for (int i = 0; i < 3; i++) {
            counts.addRow(new String[] {"red", "paris"});
            counts.addRow(new String[] {"blue", i == 0 ? "rome" : "paris"});
        }
        counts.addRow(new String[] {null, "oslo"});
        CategoricalEncoding encoding = counts.encoding(2);
        assertEquals(List.of("color=blue", "color=red", "color=(other)", "city=paris", "city=(other)"),
                encoding.featureNames());
        assertEquals(3, encoding.offset(1));
        assertEquals(5, encoding.width());
        OtherLevelCounts others = new OtherLevelCounts(2);
        int[] features = new int[2];
        encoding.encode(new String[] {"red", "paris"}, features, others);
        assertArrayEquals(new int[] {1, 3}, features);
        encoding.encode(new String[] {"green", "rome"}, features, others); // unseen; rare in training
        assertArrayEquals(new int[] {2, 4}, features);
        encoding.encode(new String[] {null, "paris"}, features, others); // null was rare: other
        assertArrayEquals(new int[] {2, 3}, features);
        assertEquals(2, others.rows(0));
        assertEquals(1, others.rows(1));
        OtherLevelCounts more = new OtherLevelCounts(2);
        more.count(1);
        assertEquals(2, others.merge(more).rows(1));
    }

    @Test
    void aColumnWithTooManyValuesOverflowsWhateverTheMergeOrder() {
        String[][] rows = rows(4000, 2);
        long cities = java.util.Arrays.stream(rows).map(r -> r[1]).distinct().count();
        for (int seed = 0; seed < 4; seed++) {
            CategoryCounts exact = count(rows, new SplittableRandom(seed), (int) cities);
            assertFalse(exact.overflowed(1));
            CategoryCounts over = count(rows, new SplittableRandom(seed), (int) cities - 1);
            assertTrue(over.overflowed(1), "seed " + seed);
            String message = assertThrows(IllegalStateException.class, () -> over.encoding(1)).getMessage();
            assertTrue(message.contains("city") && message.contains(Long.toString(cities - 1)), message);
        }
    }

    @Test
    void levelsOutOfOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CategoricalColumn("c",
                List.of(new CategoryLevel("b", 1), new CategoryLevel("a", 1)), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new CategoricalColumn("c",
                List.of(new CategoryLevel("a", 1), new CategoryLevel(null, 1)), 0, 0));
    }

    @Test
    void otherLevelRowsAreCountedFromEncodedBlocksAsEncodingCountsThem() {
        CategoryCounts counts = new CategoryCounts(COLUMNS, 1000);
        for (String[] row : rows(300, 5)) {
            counts.addRow(row);
        }
        CategoricalEncoding encoding = counts.encoding(20);
        String[][] scored = rows(200, 6);
        OtherLevelCounts expected = new OtherLevelCounts(2);
        // rows of one numeric feature, then the encoding's block, as the CSV parser lays them out
        BlockBuilder builder = BlockBuilder.dense(1 + encoding.width());
        int[] features = new int[2];
        for (String[] row : scored) {
            encoding.encode(row, features, expected);
            builder.addValue(0, 0.5);
            for (int f = 0; f < encoding.width(); f++) {
                builder.addValue(1 + f, f == features[0] || f == features[1] ? 1.0 : 0.0);
            }
            builder.endRow(1.0, 1.0, 0.0);
        }
        Block block = builder.build(0, 1 + encoding.width(), false, false);
        OtherLevelCounts counted = new OtherLevelCounts(2);
        counted.count(block, 1, encoding);
        assertTrue(expected.rows(0) > 0 && expected.rows(1) > 0, expected::toString);
        assertEquals(expected.rows(0), counted.rows(0));
        assertEquals(expected.rows(1), counted.rows(1));
    }
}
