package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Named-token lines hashed into features: parsing, sums, signs, collisions and refusals. */
class HashedTextLineParserTest {
    private static final FeatureHashing HASHING = new FeatureHashing(20, false);

    private static String parse(HashedTextLineParser parser, String line, BlockBuilder out) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, out);
    }

    private static SparseBlock parseAll(FeatureHashing hashing, String... lines) {
        HashedTextLineParser parser = new HashedTextLineParser(hashing, LabelRule.real("least-squares"));
        BlockBuilder out = BlockBuilder.sparse();
        for (String line : lines) {
            String problem = parse(parser, line, out);
            assertTrue(problem == null || problem == LineParser.SKIPPED, problem);
        }
        return (SparseBlock) out.build(0, hashing.dimension(), false, false);
    }

    /** Row {@code row} as index to value. */
    private static Map<Integer, Double> row(SparseBlock block, int row) {
        Map<Integer, Double> m = new HashMap<>();
        for (int k = block.rowStart()[row]; k < block.rowStart()[row + 1]; k++) {
            m.put(block.columns()[k], block.values()[k]);
        }
        return m;
    }

    @Test
    void namesAreHashedWithTheirValuesAndRepeatedNamesAddUp() {
        SparseBlock block = parseAll(HASHING, "1 word:1.5 other word", "# a comment line", "", "-2.5\tbare\r",
                "0 http://x.org/a:2 caf\u00e9:0.25 # trailing comment");
        assertEquals(3, block.rows());
        assertArrayEquals(new double[] {1, -2.5, 0}, block.labels());
        assertEquals(Map.of(HASHING.index("word"), 2.5, HASHING.index("other"), 1.0), row(block, 0));
        assertEquals(Map.of(HASHING.index("bare"), 1.0), row(block, 1));
        assertEquals(Map.of(HASHING.index("http://x.org/a"), 2.0, HASHING.index("caf\u00e9"), 0.25), row(block, 2));
        for (int r = 0; r < 3; r++) {
            for (int k = block.rowStart()[r] + 1; k < block.rowStart()[r + 1]; k++) {
                assertTrue(block.columns()[k - 1] < block.columns()[k], "indices ascend");
            }
        }
    }

    @Test
    void alternateSignFlipsTheValuesOfTokensWithANegativeHash() {
        FeatureHashing signed = new FeatureHashing(20, true);
        SplittableRandom random = new SplittableRandom(4);
        int negative = 0;
        for (int i = 0; i < 200; i++) {
            String token = "t" + random.nextLong();
            SparseBlock block = parseAll(signed, "0 " + token + ":3");
            double expected = FeatureHashing.hash(token) < 0 ? -3.0 : 3.0;
            negative += expected < 0 ? 1 : 0;
            assertEquals(Map.of(signed.index(token), expected), row(block, 0));
        }
        assertTrue(negative > 50 && negative < 150, "about half the hashes are negative: " + negative);
    }

    @Test
    void differentTokensOnOneIndexAreCountedAsCollisionsAndRepeatsAreNot() {
        FeatureHashing narrow = new FeatureHashing(1, false); // two indices: collisions everywhere
        HashedTextLineParser parser = new HashedTextLineParser(narrow, LabelRule.real("least-squares"));
        BlockBuilder out = BlockBuilder.sparse();
        parse(parser, "0 a a a", out);
        assertEquals(0, parser.collisions());
        String[] tokens = {"a", "b", "c", "d", "e", "f"};
        int[] perIndex = new int[2];
        for (String t : tokens) {
            perIndex[narrow.index(t)]++;
        }
        parse(parser, "1 a b c d e f a", out);
        int expected = Math.max(0, perIndex[0] - 1) + Math.max(0, perIndex[1] - 1);
        assertEquals(expected, parser.collisions());
        assertEquals(1, parser.linesWithCollisions());
        SparseBlock block = (SparseBlock) out.build(0, 2, false, false);
        double total = 0;
        for (double v : row(block, 1).values()) {
            total += v;
        }
        assertEquals(7.0, total, "every token's value lands somewhere");
    }

    @Test
    void refusesWhatIsNotATokenWithASentenceNamingIt() {
        HashedTextLineParser parser = new HashedTextLineParser(HASHING, LabelRule.binary("logistic"));
        BlockBuilder out = BlockBuilder.sparse();
        String m = parse(parser, "1 :1.5", out);
        assertTrue(m.contains("':1.5'") && m.contains("no name"), m);
        m = parse(parser, "1 a:b", out);
        assertTrue(m.contains("value 'b' of token 'a:b'") && m.contains("NAME:VALUE"), m);
        m = parse(parser, "1 a:NaN", out);
        assertTrue(m.contains("value 'NaN'"), m);
        m = parse(parser, "word:1 other", out);
        assertTrue(m.contains("label 'word:1'"), m);
        m = parse(parser, "7 a", out);
        assertTrue(m != null && !m.isEmpty(), "the objective's label rule applies: " + m);
        assertSame(LineParser.SKIPPED, parse(parser, "   # only a comment", out));
        assertNull(parse(parser, "1", out), "a row without tokens is a row of zeros");
        assertEquals(1, out.rows(), "refused lines add nothing");
    }

    @Test
    void expectedSharedTokensMatchesACount() {
        FeatureHashing hashing = new FeatureHashing(12, false);
        SplittableRandom random = new SplittableRandom(8);
        int distinct = 3000;
        Set<String> tokens = new HashSet<>();
        while (tokens.size() < distinct) {
            tokens.add(Long.toString(random.nextLong(), 36));
        }
        int[] perIndex = new int[hashing.dimension()];
        for (String t : tokens) {
            perIndex[hashing.index(t)]++;
        }
        int shared = 0;
        for (int c : perIndex) {
            shared += c > 1 ? c : 0;
        }
        double expected = hashing.expectedSharedTokens(distinct);
        // 3000 tokens in 4096 slots: about 1555 share; one draw is within a few percent of that
        assertEquals(expected, shared, 0.05 * expected);
        assertEquals(0.0, hashing.expectedSharedTokens(1));
    }
}
