package dev.fullbatch.spark;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.engine.RowOutputs;
import dev.fullbatch.input.ParquetColumns;
import dev.fullbatch.input.RowWeighting;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Resolves the columns a user asked for against a Parquet schema: checks that they exist and have usable types,
 * and fills in the defaults (the only vector column; else every numeric column but the label, in schema order;
 * with categorical or hashed columns, every numeric column but the label and those). Categorical columns are string
 * or integer columns, hashed ones string or array-of-string columns; neither combines with a vector column. A vector
 * column's slot names come from its Spark ML attributes ({@code ml_attr}). Every problem is a
 * {@link BadInputException} naming the file, the column and the fix.
 */
final class ParquetColumnChoice {
    private ParquetColumnChoice() {
    }

    /** As {@link #resolve(StructType, ParquetColumns, String, int, RowWeighting, int)}: no weights, nothing encoded. */
    static ParquetColumns resolve(StructType schema, ParquetColumns asked, String file, int declaredWidth) {
        return resolve(schema, asked, file, declaredWidth, RowWeighting.NONE, 0);
    }

    /** As {@link #resolve(StructType, ParquetColumns, String, int, RowWeighting, int)} with nothing encoded. */
    static ParquetColumns resolve(StructType schema, ParquetColumns asked, String file, int declaredWidth,
                                  RowWeighting weighting) {
        return resolve(schema, asked, file, declaredWidth, weighting, 0);
    }

    /**
     * @param schema the schema of {@code file}
     * @param asked the user's choice, possibly open
     * @param file the file the schema was read from, for messages
     * @param declaredWidth the expected number of features (--num-features or a model's width), or 0
     * @param weighting the weight and offset columns, which are never features
     * @param encodedWidth the features of the categorical and hashed columns (their levels and 2^bits), which
     *     follow the numeric columns'
     * @return the choice with the features fixed
     */
    static ParquetColumns resolve(StructType schema, ParquetColumns asked, String file, int declaredWidth,
                                  RowWeighting weighting, int encodedWidth) {
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
        Set<String> encoded = new HashSet<>();
        for (String name : asked.categoricalColumns()) {
            requireEncodable(find(schema, name, file, "--categorical-cols", ""), "--categorical-cols", file);
            requireOwnColumn(name, label, weighting, roles, encoded, "--categorical-cols");
        }
        for (String name : asked.hashedColumns()) {
            requireEncodable(find(schema, name, file, "--hash-cols", ""), "--hash-cols", file);
            requireOwnColumn(name, label, weighting, roles, encoded, "--hash-cols");
        }
        if (asked.vectorColumn() != null) {
            if (asked.encoded()) {
                throw new BadInputException("--" + (asked.categoricalColumns().isEmpty() ? "hash" : "categorical")
                        + "-cols adds features after numeric columns, not after a vector column: name the numeric "
                        + "columns with --feature-cols instead of --features-col " + asked.vectorColumn());
            }
            StructField f = find(schema, asked.vectorColumn(), file, "--features-col", "");
            requireVector(f, file);
            requireNotLabel(f.name(), label, "--features-col");
            return asked.withVectorSlotNames(slotNames(f));
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
                if (encoded.contains(name)) {
                    throw new BadInputException("--feature-cols names column '" + name + "', which is encoded ("
                            + (asked.categoricalColumns().contains(name) ? "--categorical-cols" : "--hash-cols")
                            + "); a column is read one way");
                }
                if (!seen.add(name)) {
                    throw new BadInputException("--feature-cols names column '" + name + "' twice");
                }
            }
            return checkWidth(asked, file, declaredWidth, encodedWidth);
        }
        List<String> vectors = new ArrayList<>();
        List<String> numeric = new ArrayList<>();
        for (StructField f : schema.fields()) {
            if (f.name().equals(label) || roles.contains(f.name()) || encoded.contains(f.name())) {
                continue;
            }
            if (f.dataType() instanceof VectorUDT) {
                vectors.add(f.name());
            } else if (f.dataType() instanceof NumericType) {
                numeric.add(f.name());
            }
        }
        if (asked.encoded()) {
            // the encoded columns are the features, with any numeric ones; a vector column is never chosen then
            return checkWidth(new ParquetColumns(label, null, numeric, asked.categoricalColumns(),
                    asked.hashedColumns(), List.of()), file, declaredWidth, encodedWidth);
        }
        if (vectors.size() == 1) {
            StructField f = schema.apply(vectors.get(0));
            return new ParquetColumns(label, vectors.get(0), List.of()).withVectorSlotNames(slotNames(f));
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
        return checkWidth(new ParquetColumns(label, null, numeric), file, declaredWidth, 0);
    }

    /**
     * The kept columns ({@code predict --id-col}, {@code --keep-cols}) as output columns of their own types: any
     * column of a string, number, boolean, date or timestamp type may be kept, a label or feature column too.
     *
     * @param names the kept columns, in order
     * @param file the file the schema was read from, for messages
     */
    static List<RowOutputs.Column> keptColumns(StructType schema, List<String> names, String file) {
        List<RowOutputs.Column> out = new ArrayList<>();
        for (String name : names) {
            StructField f = find(schema, name, file, "--id-col/--keep-cols", "");
            DataType t = f.dataType();
            if (!(t instanceof StringType || t instanceof NumericType || t instanceof BooleanType
                    || t instanceof DateType || t instanceof TimestampType || t instanceof TimestampNTZType)) {
                throw new BadInputException("--id-col/--keep-cols: column '" + name + "' of " + file + " is "
                        + typeName(t) + "; predictions pass through string, number, boolean, date and timestamp "
                        + "columns only");
            }
            out.add(new RowOutputs.Column(name, RowOutputs.Type.INPUT, true, t.json()));
        }
        return out;
    }

    private static ParquetColumns checkWidth(ParquetColumns c, String file, int declaredWidth, int encodedWidth) {
        int n = c.numericColumns().size();
        if (declaredWidth > 0 && n + encodedWidth != declaredWidth) {
            throw new BadInputException(file + ": " + n + " feature columns (" + String.join(", ",
                    c.numericColumns()) + ")" + (encodedWidth > 0 ? " and " + encodedWidth + " encoded features" : "")
                    + " but " + declaredWidth + " features are expected (--num-features, "
                    + "or the width of the model or training data); choose the columns with --feature-cols");
        }
        return c;
    }

    /**
     * The names of a vector column's slots from its Spark ML attribute group ({@code ml_attr} in the field's
     * metadata, which {@code VectorAssembler} and the ML feature transformers write): slot k named by its attribute,
     * {@code xk} where an attribute has no name; empty when the column has no attributes or none is named.
     */
    static List<String> slotNames(StructField f) {
        AttributeGroup group;
        try {
            group = AttributeGroup.fromStructField(f);
        } catch (RuntimeException e) {
            return List.of(); // metadata that is not an attribute group names nothing
        }
        if (group.attributes().isEmpty()) {
            return List.of();
        }
        Attribute[] attributes = group.attributes().get();
        List<String> names = new ArrayList<>(attributes.length);
        boolean named = false;
        for (int k = 0; k < attributes.length; k++) {
            Attribute a = attributes[k];
            if (a.name().isDefined() && !a.name().get().isEmpty()) {
                names.add(a.name().get());
                named = true;
            } else {
                names.add("x" + k);
            }
        }
        return named ? names : List.of();
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

    /** A categorical or hashed column: a string, an integer, or an array of strings. */
    private static void requireEncodable(StructField f, String option, String file) {
        DataType t = f.dataType();
        boolean ok = option.equals("--hash-cols")
                ? t instanceof StringType || t instanceof ArrayType a && a.elementType() instanceof StringType
                : t instanceof StringType || t instanceof ByteType || t instanceof ShortType || t instanceof IntegerType
                || t instanceof LongType;
        if (!ok) {
            throw new BadInputException(option + ": column '" + f.name() + "' of " + file + " is "
                    + typeName(t) + (option.equals("--hash-cols") ? "; hashed columns are strings or arrays of "
                    + "strings" : "; categorical columns are strings or integers (byte, short, int, long)")
                    + (t instanceof NumericType ? ": read a number with --feature-cols" : ""));
        }
    }

    /** A categorical or hashed column is no other role's and is named once. */
    private static void requireOwnColumn(String name, String label, RowWeighting weighting, Set<String> roles,
                                         Set<String> encoded, String option) {
        requireNotLabel(name, label, option);
        if (roles.contains(name)) {
            throw new BadInputException(option + " names column '" + name + "', which is the "
                    + (name.equals(weighting.weightColumn()) ? "--weight-col" : "--offset-col") + " column");
        }
        if (!encoded.add(name)) {
            throw new BadInputException(option + " names column '" + name + "' twice (or also in "
                    + (option.equals("--hash-cols") ? "--categorical-cols" : "--hash-cols") + ")");
        }
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
