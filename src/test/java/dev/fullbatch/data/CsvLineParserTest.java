package dev.fullbatch.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CsvLineParserTest {

    private static String parse(CsvLineParser parser, String line, BlockBuilder out) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parser.parse(b, 0, b.length, out);
    }

    @Test
    void takesTheLabelFromItsColumnAndKeepsFeatureOrder() {
        BlockBuilder out = BlockBuilder.dense(2);
        assertNull(parse(new CsvLineParser(3, 1), " 1.5 , 7, -2\r", out));
        DenseBlock block = (DenseBlock) out.build(0, 2, false, false);
        assertEquals(7.0, block.labels()[0]);
        assertEquals(1.5, block.values()[0]);
        assertEquals(-2.0, block.values()[1]);
    }

    @Test
    void namesWhereTheColumnCountCameFromAndChecksTheLabel() {
        CsvLineParser parser = new CsvLineParser(3, 2, "like line 1 of a.csv", LabelRule.classes("softmax", 2,
                "--classes 2"));
        BlockBuilder out = BlockBuilder.dense(2);
        assertEquals("has 2 columns, expected 3 (like line 1 of a.csv)", parse(parser, "1,2", out));
        assertEquals("label 2 is not below --classes 2 (labels must be 0..1) in column 3", parse(parser, "1,2,2",
                out));
        assertEquals("column 2 ('x') is not a number", parse(parser, "\"1\",\" x \",0", out));
        assertEquals("column 1 opens a quote that its line does not close (a quoted cell cannot hold a line break)",
                parse(parser, "\"1,2,0", out));
        assertNull(parse(parser, "1,2,1", out));
        assertEquals(1, out.rows());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1,2|has 2 columns, expected 3",
        "1,2,3,4|has 4 columns, expected 3",
        "1,x,3|column 2 ('x') is not a number",
        "1,,3|column 2 ('') is empty",
        "1,NaN,3|column 2 ('NaN') is NaN or infinite"
    })
    void rejectsMalformedLinesNamingTheColumn(String line, String reason) {
        BlockBuilder out = BlockBuilder.dense(2);
        String problem = parse(new CsvLineParser(3, 0), line, out);
        assertTrue(problem != null && problem.contains(reason), () -> "'" + line + "' gave " + problem);
        assertEquals(0, out.rows());
    }

    @Test
    void categoricalColumnsBecomeOneHotLevelsAfterTheNumericFeaturesAndUnseenValuesTheOtherLevel() {
        CategoricalEncoding encoding = new CategoricalEncoding(List.of(new CategoricalColumn("color",
                List.of(new CategoryLevel(null, 2), new CategoryLevel("blue", 3), new CategoryLevel("red", 4)), 1, 1)),
                2);
        // columns: label, color, x; features: x, color=(null), color=blue, color=red, color=(other)
        CsvLineParser parser = new CsvLineParser(3, 0, -1, -1, "", LabelRule.real("least-squares"), new int[] {1},
                encoding);
        assertEquals(5, parser.features());
        BlockBuilder out = BlockBuilder.dense(5);
        assertNull(parse(parser, "1, red ,0.5", out));
        assertNull(parse(parser, "2,,1.5", out));
        assertNull(parse(parser, "3,purple,2.5", out));
        assertTrue(parse(parser, "4,blue,oops", out).contains("column 3"));
        DenseBlock block = (DenseBlock) out.build(0, 5, false, false);
        assertEquals(3, block.rows());
        assertArrayEquals(new double[] {0.5, 0, 0, 1, 0, 1.5, 1, 0, 0, 0, 2.5, 0, 0, 0, 1}, block.values());
    }

    @Test
    void quotedCellsAreUnquotedNumbersAndCategoriesAlikeAndCommasInsideThemDoNotSplitColumns() {
        CategoricalEncoding encoding = new CategoricalEncoding(List.of(new CategoricalColumn("city",
                List.of(new CategoryLevel("New York, NY", 2), new CategoryLevel("say \"hi\"", 1)), 0, 0)), 1);
        // columns: label, city, x; features: x, city=New York, NY, city=say "hi", city=(other)
        CsvLineParser parser = new CsvLineParser(3, 0, -1, -1, "", LabelRule.real("least-squares"), new int[] {1},
                encoding);
        BlockBuilder out = BlockBuilder.dense(4);
        assertNull(parse(parser, "\"1\",\"New York, NY\", \" 0.5 \"", out));
        assertNull(parse(parser, "2,\"say \"\"hi\"\"\",1.5", out));
        assertNull(parse(parser, "3,New York,2.5", out));
        assertNull(parse(parser, "4,\" New York, NY\",3.5", out), "blanks inside quotes are the value's");
        DenseBlock block = (DenseBlock) out.build(0, 4, false, false);
        assertArrayEquals(new double[] {1, 2, 3, 4}, block.labels());
        assertArrayEquals(new double[] {0.5, 1, 0, 0, 1.5, 0, 1, 0, 2.5, 0, 0, 1, 3.5, 0, 0, 1}, block.values());
    }
}
