package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fullbatch.cluster.RequiredTool;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser: headless Chromium (Debian's {@code chromium}) loads the file, with the network
 * features that would reach out switched off, and then (1) its DOM after load holds the inline SVG figure with its
 * drawn series, the metrics table, both confusion matrices and the coefficient rows; (2) a screenshot is not blank
 * and shows the training curve's color, so the SVG was drawn. Each run has its own profile folder; every wait is
 * bounded and the browser's process tree is killed afterwards. Chromium is required in CI and under scripts/test,
 * which installs it (see {@link RequiredTool}).
 */
class ReportInBrowserTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void needsChromium() {
        RequiredTool.require("chromium", "the report.html browser test (ReportInBrowserTest)");
    }

    private String chromium(Path page, String... arguments) throws IOException, InterruptedException {
        return HeadlessChromium.run(dir, page, arguments);
    }

    private static String element(String dom, String id, String tag) {
        return HeadlessChromium.element(dom, id, tag);
    }

    private Path write(ModelReport report) throws IOException {
        Path page = dir.resolve("report.html");
        Files.writeString(page, report.html(), StandardCharsets.US_ASCII);
        return page;
    }

    @Test
    void theLoadedPageHasTheFigureTheMetricsTheConfusionMatricesAndTheCoefficientTable() throws Exception {
        String dom = chromium(write(SampleReports.binaryReport()), "--dump-dom");
        String figure = element(dom, "training-curves", "figure");
        assertEquals(1, SampleReports.count(figure, "<svg"), "one inline SVG figure");
        assertTrue(SampleReports.count(figure, "<polyline") >= 3, "training, validation and gradient series are drawn");
        assertEquals(1 + 12, SampleReports.count(element(dom, "metrics-table", "table"), "<tr>"));
        assertEquals(3, SampleReports.count(element(dom, "confusion-training", "table"), "<tr>"));
        assertEquals(3, SampleReports.count(element(dom, "confusion-validation", "table"), "<tr>"));
        String coefficients = element(dom, "coefficients-table", "table");
        assertEquals(1 + 10, SampleReports.count(coefficients, "<tr>"));
        assertTrue(coefficients.contains("\u65e5\u672c") || coefficients.contains("caf\u00e9")
                || coefficients.contains("&lt;b&gt;"), "names came through the browser's parser intact");

        String softmax = chromium(write(SampleReports.multiclassReport()), "--dump-dom");
        assertEquals(1 + 3, SampleReports.count(element(softmax, "per-class-training", "table"), "<tr>"));
        assertEquals(1 + 3, SampleReports.count(element(softmax, "confusion-training", "table"), "<tr>"));
    }

    @Test
    void theScreenshotShowsTheDrawnCurves() throws Exception {
        Path page = write(SampleReports.binaryReport());
        Path shot = dir.resolve("report.png");
        chromium(page, "--window-size=1000,2400", "--hide-scrollbars", "--screenshot=" + shot);
        assertTrue(Files.size(shot) > 0, "a screenshot was written");
        BufferedImage image = ImageIO.read(shot.toFile());
        int nonWhite = 0;
        int objectiveColor = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
                int r = rgb >> 16;
                int g = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                if (Math.abs(r - 0x1f) < 24 && Math.abs(g - 0x77) < 24 && Math.abs(b - 0xb4) < 24) {
                    objectiveColor++; // TrainingPlot's objective series, #1f77b4
                }
            }
        }
        int pixels = image.getWidth() * image.getHeight();
        assertTrue(nonWhite > pixels / 100, "not blank: " + nonWhite + " of " + pixels + " pixels are not white");
        assertTrue(objectiveColor > 100, "the objective curve is drawn: " + objectiveColor + " pixels of its color");
    }
}
