package dev.fullbatch.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.input.ParquetColumns;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ParquetColumnChoiceTest {
    private static final String FILE = "file:/d/part-0.parquet";

    private static final StructType MIXED = new StructType().add("id", DataTypes.StringType)
            .add("x", DataTypes.DoubleType).add("label", DataTypes.IntegerType).add("n", DataTypes.LongType)
            .add("flag", DataTypes.BooleanType).add("d", DataTypes.createDecimalType(10, 2));

    private static String problem(StructType schema, ParquetColumns asked, int width) {
        return assertThrows(BadInputException.class,
                () -> ParquetColumnChoice.resolve(schema, asked, FILE, width)).getMessage();
    }

    @Test
    void defaultsToEveryNumericColumnButTheLabelInSchemaOrder() {
        ParquetColumns c = ParquetColumnChoice.resolve(MIXED, ParquetColumns.defaults(), FILE, 0);
        assertEquals(new ParquetColumns("label", null, List.of("x", "n", "d")), c);
    }

    @Test
    void defaultsToTheOnlyVectorColumn() {
        StructType schema = MIXED.add("features", new VectorUDT());
        assertEquals(new ParquetColumns("label", "features", List.of()),
                ParquetColumnChoice.resolve(schema, ParquetColumns.defaults(), FILE, 0));
        String m = problem(schema.add("more", new VectorUDT()), ParquetColumns.defaults(), 0);
        assertTrue(m.contains("several vector columns (features, more)") && m.contains("--features-col"), m);
    }

    @Test
    void namesTheFileAndColumnOfEveryMissingOrMistypedColumn() {
        String m = problem(MIXED, new ParquetColumns("y", null, List.of()), 0);
        assertTrue(m.contains(FILE) && m.contains("no column 'y'") && m.contains("id string"), m);
        m = problem(MIXED, new ParquetColumns("Label", null, List.of()), 0);
        assertTrue(m.contains("did you mean 'label'"), m);
        m = problem(MIXED, new ParquetColumns("id", null, List.of()), 0);
        assertTrue(m.contains("column 'id' of " + FILE + " is string, not a number"), m);
        m = problem(MIXED, new ParquetColumns("label", "x", List.of()), 0);
        assertTrue(m.contains("'x'") && m.contains("not a Spark ML vector") && m.contains("--feature-cols"), m);
        m = problem(MIXED, new ParquetColumns("label", null, List.of("x", "flag")), 0);
        assertTrue(m.contains("column 'flag'") && m.contains("boolean, not a number"), m);
        m = problem(MIXED, new ParquetColumns("label", null, List.of("x", "label")), 0);
        assertTrue(m.contains("label column 'label' as a feature"), m);
        m = problem(MIXED, new ParquetColumns("label", null, List.of("x", "x")), 0);
        assertTrue(m.contains("twice"), m);
        m = problem(new StructType().add("label", DataTypes.DoubleType).add("s", DataTypes.StringType),
                ParquetColumns.defaults(), 0);
        assertTrue(m.contains("no feature columns"), m);
    }

    @Test
    void numericColumnsMustMatchADeclaredWidth() {
        assertEquals(3, ParquetColumnChoice.resolve(MIXED, ParquetColumns.defaults(), FILE, 3)
                .numericColumns().size());
        String m = problem(MIXED, ParquetColumns.defaults(), 4);
        assertTrue(m.contains("3 feature columns (x, n, d) but 4 features are expected"), m);
    }

    @Test
    void encodedColumnsAreLeftOutOfTheDefaultNumericColumnsAndAVectorColumnIsNotChosen() {
        StructType schema = MIXED.add("features", new VectorUDT())
                .add("tags", DataTypes.createArrayType(DataTypes.StringType));
        ParquetColumns asked = ParquetColumns.defaults().withEncoded(List.of("n", "id"), List.of("tags"));
        ParquetColumns c = ParquetColumnChoice.resolve(schema, asked, FILE, 0,
                dev.fullbatch.input.RowWeighting.NONE, 0);
        assertEquals(new ParquetColumns("label", null, List.of("x", "d"), List.of("n", "id"), List.of("tags"),
                List.of()), c);
        assertEquals(c, ParquetColumnChoice.resolve(schema, asked, FILE, 2 + 10,
                dev.fullbatch.input.RowWeighting.NONE, 10), "2 numeric and 10 encoded features");
    }

    @Test
    void refusesEncodedColumnsOfTheWrongTypeOrRole() {
        String m = encodedProblem(List.of("x"), List.of());
        assertTrue(m.contains("--categorical-cols: column 'x' of " + FILE + " is double") && m.contains("integers"),
                m);
        m = encodedProblem(List.of(), List.of("n"));
        assertTrue(m.contains("--hash-cols: column 'n' of " + FILE + " is bigint") && m.contains("strings"), m);
        m = encodedProblem(List.of("label"), List.of());
        assertTrue(m.contains("label column 'label'"), m);
        m = encodedProblem(List.of("id"), List.of("id"));
        assertTrue(m.contains("'id' twice"), m);
        m = assertThrows(BadInputException.class, () -> ParquetColumnChoice.resolve(MIXED.add("v", new VectorUDT()),
                new ParquetColumns("label", "v", List.of()).withEncoded(List.of("id"), List.of()), FILE, 0,
                dev.fullbatch.input.RowWeighting.NONE, 0)).getMessage();
        assertTrue(m.contains("--feature-cols instead of --features-col v"), m);
    }

    private static String encodedProblem(List<String> categorical, List<String> hashed) {
        return assertThrows(BadInputException.class, () -> ParquetColumnChoice.resolve(MIXED,
                ParquetColumns.defaults().withEncoded(categorical, hashed), FILE, 0,
                dev.fullbatch.input.RowWeighting.NONE, 0)).getMessage();
    }
}
