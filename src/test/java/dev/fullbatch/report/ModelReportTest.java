package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** report.html's text: self-contained, escaped, deterministic, with every section for each kind of model. */
class ModelReportTest {

    /** The text of the table with this id. */
    static String table(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\"");
        if (start < 0) {
            start = html.indexOf("id=\"" + id + "\"");
        }
        assertTrue(start >= 0, "no table " + id);
        return html.substring(start, html.indexOf("</table>", start));
    }

    @Test
    void thePageIsSelfContainedAsciiAndTheSameBytesEveryTime() {
        String html = SampleReports.binaryReport().html();
        assertEquals(html, SampleReports.binaryReport().html());
        assertTrue(html.chars().allMatch(c -> c == '\n' || (c >= 0x20 && c < 0x7F)), "pure ASCII");
        assertTrue(html.startsWith("<!DOCTYPE html>\n"));
        for (String external : List.of("<script", "<link", "src=", "url(", "@import", "href=")) {
            assertFalse(html.contains(external), "nothing to fetch: " + external);
        }
        // the only URL is the SVG namespace, which is a name, not a fetch
        assertEquals(SampleReports.count(html, "<svg"), SampleReports.count(html, "http://"));
        assertFalse(html.contains("<?xml"), "the SVG is inlined without its XML declaration");
    }

    @Test
    void namesAndFactsAreEscaped() {
        ModelReport report = new ModelReport("a <title> & more", List.of(java.util.Map.entry("note",
                "<script>alert(1)</script>")), SampleReports.history(false), null, null,
                SampleReports.coefficients(1), 12);
        String html = report.html();
        assertFalse(html.contains("<script") || html.contains("<b>bold") || html.contains("<title> &"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("<h1>a &lt;title&gt; &amp; more</h1>"));
        assertTrue(table(html, "coefficients-table").contains("<td>&lt;b&gt;bold&lt;/b&gt; &amp; co</td>"));
        assertTrue(SampleReports.binaryReport().html().contains("file:///data/&#233;t&#233;.libsvm"),
                "non-ASCII as references");
    }

    @Test
    void aBinaryReportHasCurvesMetricsBothConfusionMatricesAndTheLargestCoefficients() {
        String html = SampleReports.binaryReport().html();
        assertTrue(html.contains("<figure id=\"training-curves\">\n<svg"));
        assertTrue(html.contains("validation objective"), "the validation curve's legend");
        String metrics = table(html, "metrics-table");
        assertEquals(1 + 12, SampleReports.count(metrics, "<tr>"), "header and twelve metrics");
        assertTrue(metrics.contains("ROC AUC") && metrics.contains("best-F1 threshold"));
        assertEquals(3, SampleReports.count(table(html, "confusion-training"), "<tr>"));
        assertEquals(3, SampleReports.count(table(html, "confusion-validation"), "<tr>"));
        String coefficients = table(html, "coefficients-table");
        assertEquals(1 + 10, SampleReports.count(coefficients, "<tr>"));
        assertTrue(coefficients.contains("<th>std_error</th>"));
        int[] top = SampleReports.coefficients(1).largest(10);
        int previous = -1;
        for (int j : top) {
            String name = SampleReports.NAMES.get(j).replace("&", "&amp;").replace("<", "&lt;")
                    .replace(">", "&gt;").replace("\u00e9", "&#233;").replace("\u65e5", "&#26085;")
                    .replace("\u672c", "&#26412;");
            int at = coefficients.indexOf("<td>" + name + "</td>");
            assertTrue(at > previous, "rows by decreasing magnitude: " + name);
            previous = at;
        }
    }

    @Test
    void aMulticlassReportHasPerClassTablesAndAKByKMatrix() {
        String html = SampleReports.multiclassReport().html();
        assertEquals(1 + 3, SampleReports.count(table(html, "per-class-training"), "<tr>"));
        assertFalse(html.contains("per-class-validation"));
        assertEquals(1 + 3, SampleReports.count(table(html, "confusion-training"), "<tr>"));
        assertTrue(table(html, "coefficients-table").contains("<th>coefficient_2</th>"));
        String metrics = table(html, "metrics-table");
        assertTrue(metrics.contains("macro F1") && metrics.contains("<td class=\"n\">-</td>"),
                "no validation data: dashes");
    }

    @Test
    void aRegressionReportHasNoConfusionMatrixAndAModelWithoutMetricsOnlyItsCurves() {
        String html = new ModelReport("m", SampleReports.facts(), SampleReports.history(false),
                SampleReports.regression(), null, null, 10).html();
        assertTrue(table(html, "metrics-table").contains("R^2"));
        assertFalse(html.contains("confusion"));
        assertFalse(html.contains("coefficients-table"));
        String bare = new ModelReport("network", List.of(), List.of(), null, null, null, 10).html();
        assertTrue(bare.contains("training-curves") && !bare.contains("metrics-table"));
        assertThrows(IllegalArgumentException.class, () -> new ModelReport("m", List.of(), List.of(),
                SampleReports.regression(), SampleReports.binary(1), null, 10));
    }

    @Test
    void numbersHaveSixSignificantDigitsAndIntegersStayIntegers() {
        assertEquals("1168", ModelReport.number(1168));
        assertEquals("0.937938", ModelReport.number(0.93793769620864531));
        assertEquals("1.00000e-05", ModelReport.number(1e-5));
        assertEquals("NaN", ModelReport.number(Double.NaN));
        assertEquals("279.500", ModelReport.number(279.5));
    }
}
