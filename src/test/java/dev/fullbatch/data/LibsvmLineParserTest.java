package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LibsvmLineParserTest {

    private static String parse(LibsvmLineParser parser, String line, BlockBuilder out) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, out);
    }

    @Test
    void readsLabelAndOneBasedFeaturesIntoZeroBasedColumns() {
        BlockBuilder out = BlockBuilder.sparse();
        assertNull(parse(new LibsvmLineParser(0), "-1 3:0.5 7:2e3", out));
        SparseBlock block = (SparseBlock) out.build(0, 7, false, false);
        assertEquals(-1.0, block.labels()[0]);
        assertEquals(2, block.columns()[0]);
        assertEquals(6, block.columns()[1]);
        assertEquals(2000.0, block.values()[1]);
    }

    @Test
    void acceptsCrlfCommentsTabsAndBlankLines() {
        LibsvmLineParser parser = new LibsvmLineParser(0);
        BlockBuilder out = BlockBuilder.sparse();
        assertNull(parse(parser, "1\t1:1  2:2 # a comment\r", out));
        assertSame(LineParser.SKIPPED, parse(parser, "   \r", out));
        assertSame(LineParser.SKIPPED, parse(parser, "# only a comment", out));
        assertNull(parse(parser, "0", out));
        assertEquals(2, out.rows());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "abc 1:1|label 'abc' is not a number",
        "nan 1:1|label 'nan' is NaN or infinite",
        "1 0:1|feature index 0",
        "1 -3:1|is negative",
        "1 3:1 2:1|not increasing: 2 after 3",
        "1 3:1 3:2|duplicate feature index 3",
        "1 3:x|value 'x' of feature 3 is not a number",
        "1 3:NaN|is NaN or infinite",
        "1 3:Infinity|is NaN or infinite",
        "1 3:1e999|is too large for a double",
        "1 3|missing ':'",
        "1 3:1 garbage|missing ':'",
        "1 3:1.0abc|is not a number",
        "1 a:1|is not a positive integer",
        "1 200:1|exceeds --num-features 100",
        "1 :5|has no index",
        "1 qid:3 1:1|ranking groups are not supported"
    })
    void rejectsMalformedLinesWithAReason(String line, String reason) {
        BlockBuilder out = BlockBuilder.sparse();
        String problem = parse(new LibsvmLineParser(100), line, out);
        assertTrue(problem != null && problem.contains(reason), () -> "'" + line + "' gave " + problem);
        assertEquals(0, out.rows());
    }

    @Test
    void checksTheLabelAgainstTheObjectiveAndNamesTheWidthsOrigin() {
        LibsvmLineParser parser = new LibsvmLineParser(3, "the 3 features of model m", LabelRule.binary("logistic"));
        BlockBuilder out = BlockBuilder.sparse();
        assertEquals("label 2 is not a class label of --objective logistic (0/1 or -1/+1)",
                parse(parser, "2 1:1", out));
        assertEquals("feature index 4 exceeds the 3 features of model m", parse(parser, "1 4:1", out));
        assertEquals("value 'no' of feature 1 is not a number", parse(parser, "1 1:no", out));
        assertNull(parse(parser, "-1 3:1", out));
        assertEquals(1, out.rows());
    }

    @Test
    void aRejectedLineLeavesNoPartialValuesBehind() {
        LibsvmLineParser parser = new LibsvmLineParser(0);
        BlockBuilder out = BlockBuilder.sparse();
        assertTrue(parse(parser, "1 1:1 2:2 2:3", out) != null);
        assertNull(parse(parser, "1 5:5", out));
        SparseBlock block = (SparseBlock) out.build(0, 5, false, false);
        assertEquals(1, block.storedValues());
        assertEquals(4, block.columns()[0]);
    }
}
