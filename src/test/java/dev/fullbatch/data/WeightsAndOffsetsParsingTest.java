package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Instance weights (LIBSVM's label:weight, a CSV column) and offsets (a CSV column) as the parsers read them. */
class WeightsAndOffsetsParsingTest {

    private static String parse(LineParser parser, String line, BlockBuilder out) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, out);
    }

    private static LibsvmLineParser weightedLibsvm() {
        return new LibsvmLineParser(10, "--num-features 10", LabelRule.binary("logistic"), true);
    }

    @Test
    void libsvmLabelWeightTokensGiveTheRowsWeightAndPlainLabelsWeighOne() {
        BlockBuilder out = BlockBuilder.sparse();
        assertNull(parse(weightedLibsvm(), "1:2.5 3:1 7:0.5", out));
        assertNull(parse(weightedLibsvm(), "-1 2:1", out));
        assertNull(parse(weightedLibsvm(), "0:0 4:1", out));
        Block block = out.build(0, 10, false, false);
        assertArrayEquals(new double[] {1, -1, 0}, block.labels());
        assertArrayEquals(new double[] {2.5, 1, 0}, block.weights());
        assertNull(block.offsets());
        assertEquals(4, block.storedValues());
    }

    @Test
    void withoutWeightsALabelWeightTokenIsStillAMissingLabel() {
        String problem = parse(new LibsvmLineParser(10), "1:2.5 3:1", BlockBuilder.sparse());
        assertTrue(problem.contains("looks like a feature: the label is missing"), problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1:-2 3:1|instance weight '-2' is negative: weights must be >= 0 (in '1:-2', read as label:weight)",
        "1:nan 3:1|instance weight 'nan' is NaN or infinite (in '1:nan', read as label:weight)",
        "1:inf 3:1|instance weight 'inf' is NaN or infinite",
        "1: 3:1|instance weight '' is empty",
        "1:x 3:1|instance weight 'x' is not a number",
        "a:1 3:1|label 'a' is not a number (in 'a:1', read as label:weight)",
        "2:1 3:1|label 2 is not a class label of --objective logistic"
    })
    void badLibsvmWeightsAreRecordProblemsNamingTheValue(String line, String reason) {
        BlockBuilder out = BlockBuilder.sparse();
        String problem = parse(weightedLibsvm(), line, out);
        assertTrue(problem != null && problem.contains(reason), () -> "'" + line + "' gave " + problem);
        assertEquals(0, out.rows());
    }

    @Test
    void csvWeightAndOffsetColumnsAreNeitherLabelNorFeatures() {
        // columns: offset, feature, label, weight, feature
        CsvLineParser parser = new CsvLineParser(5, 2, 3, 0, "", LabelRule.nonNegative("poisson"));
        assertEquals(2, parser.features());
        BlockBuilder out = BlockBuilder.dense(2);
        assertNull(parse(parser, "0.5, 10, 3, 2, 20", out));
        assertNull(parse(parser, "0, 11, 0, 1, 21", out));
        assertNull(parse(parser, "-1, 12, 4, 0, 22", out));
        DenseBlock block = (DenseBlock) out.build(0, 2, false, false);
        assertArrayEquals(new double[] {3, 0, 4}, block.labels());
        assertArrayEquals(new double[] {2, 1, 0}, block.weights());
        assertArrayEquals(new double[] {0.5, 0, -1}, block.offsets());
        assertArrayEquals(new double[] {10, 20, 11, 21, 12, 22}, block.values());
    }

    @Test
    void csvRowsWithoutWeightsOrOffsetsBuildBlocksWithout() {
        CsvLineParser parser = new CsvLineParser(4, 0, 1, 2, "", LabelRule.real("least-squares"));
        BlockBuilder out = BlockBuilder.dense(1);
        assertNull(parse(parser, "1, 1, 0, 5", out));
        assertNull(parse(parser, "2, 1.0, 0.0, 6", out));
        Block block = out.build(0, 1, false, false);
        assertNull(block.weights());
        assertNull(block.offsets());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1, -0.5, 0, 5|instance weight '-0.5' is negative: weights must be >= 0 in column 2",
        "1, NaN, 0, 5|instance weight 'NaN' is NaN or infinite in column 2",
        "1, 1e999, 0, 5|instance weight '1e999' is too large for a double in column 2",
        "1, 1, inf, 5|offset in column 3 ('inf') is NaN or infinite",
        "1, 1, x, 5|offset in column 3 ('x') is not a number",
        "-1, 1, 0, 5|label -1 is negative: --objective poisson needs labels >= 0 in column 1"
    })
    void badCsvWeightsAndOffsetsAreRecordProblemsNamingTheValue(String line, String reason) {
        CsvLineParser parser = new CsvLineParser(4, 0, 1, 2, "", LabelRule.nonNegative("poisson"));
        BlockBuilder out = BlockBuilder.dense(1);
        assertEquals(reason, parse(parser, line, out));
        assertEquals(0, out.rows());
    }

    @Test
    void csvSpecialColumnsMustDifferAndExist() {
        assertThrows(IllegalArgumentException.class, () -> new CsvLineParser(3, 0, 0, -1, "", LabelRule.real("x")));
        assertThrows(IllegalArgumentException.class, () -> new CsvLineParser(3, 0, 1, 1, "", LabelRule.real("x")));
        assertThrows(IllegalArgumentException.class, () -> new CsvLineParser(3, 0, 3, -1, "", LabelRule.real("x")));
    }

    @Test
    void offsetsSurviveDenseAndSparseLayoutsAndFloatStorage() {
        BlockBuilder out = BlockBuilder.sparse();
        out.addValue(1, 2.0);
        out.endRow(1, 1.0, 0.25);
        out.endRow(0, 3.0, 0.0);
        for (boolean dense : new boolean[] {false, true}) {
            for (boolean useFloat : new boolean[] {false, true}) {
                Block b = out.build(7, 3, dense, useFloat);
                assertArrayEquals(new double[] {0.25, 0}, b.offsets(), dense + " " + useFloat);
                assertArrayEquals(new double[] {1, 3}, b.weights(), dense + " " + useFloat);
                assertEquals(2.0, b.featureAt(0, 1));
            }
        }
    }
}
