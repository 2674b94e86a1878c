package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.data.CategoricalEncoding;
import dev.fullbatch.data.CategoryCounts;
import dev.fullbatch.data.FeatureHashing;
import java.util.List;
import org.junit.jupiter.api.Test;

/** encoding.json: written and read back to the same dictionaries and settings; damaged files are refused. */
class EncodingFileTest {

    private static CategoricalEncoding encoding() {
        CategoryCounts counts = new CategoryCounts(List.of("color", "size \"L\""), 100);
        String[][] rows = {{"red", "1"}, {"red", "2"}, {null, "2"}, {null, "3"}, {"\u65e5\u672c", "2"},
            {"\u65e5\u672c", null}, {"(other)", null}, {"(other)", "2"}};
        for (String[] row : rows) {
            counts.addRow(row);
        }
        return counts.encoding(2);
    }

    @Test
    void theDictionariesAndHashingReadBackEqual() {
        EncodingFile file = new EncodingFile(encoding(), new FeatureHashing(18, true));
        String text = file.toJson();
        assertEquals(file, EncodingFile.fromJson(text, "m/encoding.json"));
        assertEquals(text, EncodingFile.fromJson(text, "m/encoding.json").toJson(), "the bytes are stable");
        assertTrue(text.contains("\"value\" : null") && text.contains("\"minCategoryCount\" : 2"), text);
        EncodingFile onlyHashing = EncodingFile.fromJson(new EncodingFile(null, new FeatureHashing(4, false))
                .toJson(), "x");
        assertNull(onlyHashing.categorical());
        assertEquals(new FeatureHashing(4, false), onlyHashing.hashing());
    }

    @Test
    void aDamagedFileIsRefusedNamingItAndTheProblem() {
        String text = new EncodingFile(encoding(), null).toJson();
        String m = assertThrows(IllegalArgumentException.class,
                () -> EncodingFile.fromJson("{", "m/encoding.json")).getMessage();
        assertTrue(m.startsWith("m/encoding.json is not valid JSON"), m);
        m = assertThrows(IllegalArgumentException.class,
                () -> EncodingFile.fromJson("{\"format\": \"other\"}", "m/encoding.json")).getMessage();
        assertTrue(m.contains("not a fullbatch encoding"), m);
        m = assertThrows(IllegalArgumentException.class, () -> EncodingFile.fromJson(
                text.replace("\"rows\" : 2", "\"rows\" : -2"), "m/encoding.json")).getMessage();
        assertTrue(m.contains("m/encoding.json") && m.contains("\"rows\" must be a count"), m);
        m = assertThrows(IllegalArgumentException.class, () -> EncodingFile.fromJson(
                text.replace("\"value\" : \"(other)\"", "\"value\" : \"zzz\""), "m/encoding.json")).getMessage();
        assertTrue(m.contains("must ascend"), m);
    }
}
