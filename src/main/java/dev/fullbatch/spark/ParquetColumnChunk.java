package dev.fullbatch.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The values of one flat numeric column in one row group, decoded a page at a time into a buffer of doubles and
 * null flags and handed out row by row. Decodes as parquet-hadoop's own column reader does (the same level and value
 * decoders, dictionaries included, data pages of either version), a whole page in one loop; plain-encoded values are
 * read straight from the page's bytes. Each value becomes the double Spark SQL's number for the column gives
 * ({@link Number#doubleValue()} of its byte, short, int, long, float or double). Used by one task, not thread-safe.
 */
final class ParquetColumnChunk {
    private final ColumnDescriptor column;
    private final PageReader pages;
    private final Dictionary dictionary;
    /** 8 or 16 for an INT32 column read as a byte or short, else 32. */
    private final int integerBits;
    private final PrimitiveTypeName stored;
    private final int maxDefinition;
    private double[] values = new double[0];
    private boolean[] nulls = new boolean[0];
    private int size;
    private int position;

    /**
     * @param column a top-level column of type INT32, INT64, FLOAT or DOUBLE
     * @param pages its pages in one row group
     * @param sparkType the column's Spark type (INT32 is narrowed to a byte or short as Spark SQL does)
     */
    ParquetColumnChunk(ColumnDescriptor column, PageReader pages, DataType sparkType) {
        this.column = column;
        this.pages = pages;
        this.integerBits = sparkType.equals(DataTypes.ByteType) ? 8 : sparkType.equals(DataTypes.ShortType) ? 16 : 32;
        this.stored = column.getPrimitiveType().getPrimitiveTypeName();
        this.maxDefinition = column.getMaxDefinitionLevel();
        DictionaryPage page = pages.readDictionaryPage();
        try {
            this.dictionary = page == null ? null : page.getEncoding().initDictionary(column, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the current row's value is null (decoding the next page when the current one is used up). */
    boolean isNull() {
        if (position == size) {
            decodePage();
        }
        return nulls[position];
    }

    /** The current row's value (after {@link #isNull}), moving to the next row. */
    double next() {
        return values[position++];
    }

    /** Moves past the current row. */
    void skip() {
        if (position == size) {
            decodePage();
        }
        position++;
    }

    private void decodePage() {
        DataPage page = pages.readPage();
        if (page == null) {
            throw new ParquetDecodingException("column " + column + " has fewer values than its row group's rows");
        }
        int n = page.getValueCount();
        if (values.length < n) {
            values = new double[n];
            nulls = new boolean[n];
        }
        try {
            if (page instanceof DataPageV1 v1) {
                ByteBufferInputStream in = v1.getBytes().toInputStream();
                v1.getRlEncoding().getValuesReader(column, ValuesType.REPETITION_LEVEL).initFromPage(n, in);
                ValuesReader levels = v1.getDlEncoding().getValuesReader(column, ValuesType.DEFINITION_LEVEL);
                levels.initFromPage(n, in);
                for (int i = 0; i < n; i++) {
                    nulls[i] = levels.readInteger() < maxDefinition;
                }
                decodeValues(v1.getValueEncoding(), in, n);
            } else {
                DataPageV2 v2 = (DataPageV2) page;
                if (maxDefinition == 0) {
                    java.util.Arrays.fill(nulls, 0, n, false);
                } else {
                    RunLengthBitPackingHybridDecoder levels = new RunLengthBitPackingHybridDecoder(
                            BytesUtils.getWidthFromMaxInt(maxDefinition), v2.getDefinitionLevels().toInputStream());
                    for (int i = 0; i < n; i++) {
                        nulls[i] = levels.readInt() < maxDefinition;
                    }
                }
                decodeValues(v2.getDataEncoding(), v2.getData().toInputStream(), n);
            }
        } catch (IOException e) {
            throw new ParquetDecodingException("cannot decode a page of column " + column + ": " + e.getMessage(), e);
        }
        size = n;
        position = 0;
    }

    /** Decodes the non-null values of a page's {@code n} rows into {@link #values}. */
    private void decodeValues(Encoding encoding, ByteBufferInputStream in, int n) throws IOException {
        if (encoding == Encoding.PLAIN) {
            ByteBuffer bytes = in.slice(in.available()).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                if (!nulls[i]) {
                    values[i] = switch (stored) {
                        case DOUBLE -> bytes.getDouble();
                        case FLOAT -> bytes.getFloat();
                        case INT64 -> bytes.getLong();
                        default -> narrowed(bytes.getInt());
                    };
                }
            }
            return;
        }
        ValuesReader reader;
        if (encoding.usesDictionary()) {
            if (dictionary == null) {
                throw new ParquetDecodingException("column " + column + " has dictionary-encoded values but no "
                        + "dictionary page");
            }
            reader = encoding.getDictionaryBasedValuesReader(column, ValuesType.VALUES, dictionary);
        } else {
            reader = encoding.getValuesReader(column, ValuesType.VALUES);
        }
        reader.initFromPage(n, in);
        for (int i = 0; i < n; i++) {
            if (!nulls[i]) {
                values[i] = switch (stored) {
                    case DOUBLE -> reader.readDouble();
                    case FLOAT -> reader.readFloat();
                    case INT64 -> reader.readLong();
                    default -> narrowed(reader.readInteger());
                };
            }
        }
    }

    /** An INT32 value as Spark SQL gives it for a byte, short or int column. */
    private double narrowed(int v) {
        return integerBits == 8 ? (byte) v : integerBits == 16 ? (short) v : v;
    }
}
