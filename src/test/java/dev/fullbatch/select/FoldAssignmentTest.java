package dev.fullbatch.select;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FoldAssignmentTest {

    @Test
    void hashMatchesTheIssuesSpecOnTheReferenceVectors() {
        for (JsonNode c : Issue18Fixtures.json("fold-hash-vectors.json").get("cases")) {
            long seed = Long.parseUnsignedLong(c.get("seed").asText());
            FoldAssignment folds = new FoldAssignment(seed, c.get("K").asInt());
            assertEquals(Long.parseUnsignedLong(c.get("mix_seed").asText()), FoldAssignment.mix(seed));
            assertEquals(Long.parseUnsignedLong(c.get("key").asText()), folds.key());
            int[] first = new int[20];
            for (int i = 0; i < 20; i++) {
                first[i] = folds.foldOf(i);
            }
            int[] expected = new int[20];
            for (int i = 0; i < 20; i++) {
                expected[i] = c.get("folds_rows_0_to_19").get(i).asInt();
            }
            assertArrayEquals(expected, first, "seed " + seed + ", K " + folds.folds());
            int[] counts = new int[folds.folds()];
            for (int i = 0; i < 10000; i++) {
                counts[folds.foldOf(i)]++;
            }
            for (int f = 0; f < counts.length; f++) {
                assertEquals(c.get("fold_counts_first_10000_rows").get(f).asInt(), counts[f]);
            }
        }
    }

    @Test
    void everyA9aRowHasTheReferenceFold() throws IOException {
        FoldAssignment folds = new FoldAssignment(42, 5);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream(
                "/references/issue18/folds-a9a-k5-seed42.csv"), StandardCharsets.UTF_8))) {
            assertEquals("fold", in.readLine());
            long row = 0;
            for (String line = in.readLine(); line != null; line = in.readLine(), row++) {
                assertEquals(Integer.parseInt(line), folds.foldOf(row), "row " + row);
            }
            assertEquals(32561, row);
        }
    }

    @Test
    void fewerThanTwoFoldsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FoldAssignment(42, 1));
    }
}
