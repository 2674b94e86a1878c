package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.RowWeighting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Resolves the columns a user asked for against a Parquet schema: checks that they exist and have usable types,
 * and fills in the defaults (the only vector column; else every numeric column but the label, in schema order).
 * Every problem is a {@link BadInputException} naming the file, the column and the fix.
 */
final class ParquetColumnChoice {
    private ParquetColumnChoice() {
    }

    /** As {@link #resolve(StructType, ParquetColumns, String, int, RowWeighting)} without weights or offsets. */
    static ParquetColumns resolve(StructType schema, ParquetColumns asked, String file, int declaredWidth) {
        return resolve(schema, asked, file, declaredWidth, RowWeighting.NONE);
    }

    /**
     * @param schema the schema of {@code file}
     * @param asked the user's choice, possibly open
     * @param file the file the schema was read from, for messages
     * @param declaredWidth the expected number of features (--num-features or a model's width), or 0
     * @param weighting the weight and offset columns, which are never features
     * @return the choice with the features fixed
     */
    static ParquetColumns resolve(StructType schema, ParquetColumns asked, String file, int declaredWidth,
                                  RowWeighting weighting) {
        String label = asked.labelColumn();
        StructField labelField = find(schema, label, file, "--label-col", label.equals(ParquetColumns.DEFAULT_LABEL)
                ? "; name the label column with --label-col NAME" : "");
        requireNumeric(labelField, "--label-col", file);
        Set<String> roles = new HashSet<>();
        for (String[] role : new String[][] {{"--weight-col", weighting.weightColumn()},
            {"--offset-col", weighting.offsetColumn()}}) {
            if (role[1] != null) {
                requireNumeric(find(schema, role[1], file, role[0], ""), role[0], file);
                if (role[1].equals(label)) {
                    throw new BadInputException(role[0] + " names the label column '" + label + "'");
                }
                if (!roles.add(role[1])) {
                    throw new BadInputException("--weight-col and --offset-col name the same column '" + role[1]
                            + "'");
                }
            }
        }
        if (asked.vectorColumn() != null) {
            StructField f = find(schema, asked.vectorColumn(), file, "--features-col", "");
            requireVector(f, file);
            requireNotLabel(f.name(), label, "--features-col");
            return asked;
        }
        if (!asked.numericColumns().isEmpty()) {
            Set<String> seen = new HashSet<>();
            for (String name : asked.numericColumns()) {
                StructField f = find(schema, name, file, "--feature-cols", "");
                requireNumeric(f, "--feature-cols", file);
                requireNotLabel(name, label, "--feature-cols");
                if (roles.contains(name)) {
                    throw new BadInputException("--feature-cols names column '" + name + "', which is the "
                            + (name.equals(weighting.weightColumn()) ? "--weight-col" : "--offset-col") + " column");
                }
                if (!seen.add(name)) {
                    throw new BadInputException("--feature-cols names column '" + name + "' twice");
                }
            }
            return checkWidth(asked, file, declaredWidth);
        }
        List<String> vectors = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (f.name().equals(label) || roles.contains(f.name())) {
                continue;
            }
            if (f.dataType() instanceof VectorUDT) {
                vectors.add(f.name());
            } else if (f.dataType() instanceof NumericType) {
                numeric.add(f.name());
            }
        }
        if (vectors.size() == 1) {
            return new ParquetColumns(label, vectors.get(0), List.of());
        }
        if (vectors.size() > 1) {
            throw new BadInputException(file + " has several vector columns (" + String.join(", ", vectors)
                    + "); choose the features with --features-col NAME");
        }
        if (numeric.isEmpty()) {
            throw new BadInputException(file + " has no feature columns besides the label '" + label
                    + "': expected one Spark ML vector column or numeric columns (its columns: "
                    + describe(schema) + ")");
        }
        return checkWidth(new ParquetColumns(label, null, numeric), file, declaredWidth);
    }

    private static ParquetColumns checkWidth(ParquetColumns c, String file, int declaredWidth) {
        int n = c.numericColumns().size();
        if (declaredWidth > 0 && n != declaredWidth) {
            throw new BadInputException(file + ": " + n + " feature columns (" + String.join(", ",
                    c.numericColumns()) + ") but " + declaredWidth + " features are expected (--num-features, "
                    + "or the width of the model or training data); choose the columns with --feature-cols");
        }
        return c;
    }

    private static StructField find(StructType schema, String name, String file, String option, String hint) {
        for (StructField f : schema.fields()) {
            if (f.name().equals(name)) {
                return f;
            }
        }
        String near = "";
        for (StructField f : schema.fields()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                near = "; did you mean '" + f.name() + "'? (names are case-sensitive)";
            }
        }
        throw new BadInputException(option + ": " + file + " has no column '" + name + "' (its columns: "
                + describe(schema) + ")" + near + hint);
    }

    private static void requireNumeric(StructField f, String option, String file) {
        if (!(f.dataType() instanceof NumericType)) {
            throw new BadInputException(option + ": column '" + f.name() + "' of " + file + " is "
                    + typeName(f.dataType()) + ", not a number");
        }
    }

    private static void requireVector(StructField f, String file) {
        DataType t = f.dataType();
        if (t instanceof VectorUDT) {
            return;
        }
        String fix = t.getClass().getName().startsWith("org.apache.spark.mllib.")
                ? "; it holds old org.apache.spark.mllib vectors: convert them with "
                + "MLUtils.convertVectorColumnsToML"
                : t instanceof NumericType ? "; for numeric columns use --feature-cols" : "";
        throw new BadInputException("--features-col: column '" + f.name() + "' of " + file + " is "
                + typeName(t) + ", not a Spark ML vector (org.apache.spark.ml.linalg.VectorUDT)" + fix);
    }

    private static void requireNotLabel(String name, String label, String option) {
        if (name.equals(label)) {
            throw new BadInputException(option + " names the label column '" + label + "' as a feature");
        }
    }

    private static String typeName(DataType t) {
        return t instanceof VectorUDT ? "a vector" : t.simpleString();
    }

    private static String describe(StructType schema) {
        List<String> parts = new ArrayList<>();
        for (StructField f : schema.fields()) {
            parts.add(f.name() + " " + typeName(f.dataType()));
        }
        return String.join(", ", parts);
    }
}
