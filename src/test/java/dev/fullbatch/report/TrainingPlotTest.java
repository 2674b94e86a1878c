package dev.fullbatch.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class TrainingPlotTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(Document doc, String name) {
        NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static Element polyline(Document doc, String series) {
        return elements(doc, "polyline").stream().filter(e -> e.getAttribute("class").equals("series " + series))
                .findFirst().orElseThrow(() -> new AssertionError("no polyline for " + series));
    }

    private static double[][] coordinates(Element polyline) {
        String[] pairs = polyline.getAttribute("points").trim().split(" ");
        double[][] xy = new double[pairs.length][];
        for (int i = 0; i < pairs.length; i++) {
            String[] parts = pairs[i].split(",");
            xy[i] = new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
        }
        return xy;
    }

    private static Set<String> logTickExponents(Document doc) {
        Set<String> exponents = new TreeSet<>();
        for (Element text : elements(doc, "text")) {
            if (text.getAttribute("class").equals("log-tick")) {
                assertTrue(text.getTextContent().startsWith("10"), text.getTextContent());
                exponents.add(text.getTextContent().substring(2));
            }
        }
        return exponents;
    }

    /** A converging run: objective 1 + e^-i/20, gradient norm 10^(-i/20), validation slightly above. */
    private static List<PlotPoint> run(int iterations, boolean validation) {
        List<PlotPoint> points = new ArrayList<>();
        for (int i = 1; i <= iterations; i++) {
            double objective = 1 + StrictMath.exp(-i / 20.0);
            points.add(new PlotPoint(i, objective, StrictMath.pow(10, -i / 20.0),
                    validation ? objective + 0.1 : null));
        }
        return points;
    }

    @Test
    void isAnSvgDocumentOfAboutEightHundredByFiveHundredWithTheTitle() throws Exception {
        String title = "run <1> & \"friends\" 'quoted' \u03bb=0.1";
        String svg = TrainingPlot.svg(run(50, false), title);
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals("800", root.getAttribute("width"));
        assertEquals("500", root.getAttribute("height"));
        assertEquals(title, elements(doc, "title").get(0).getTextContent());
        assertTrue(elements(doc, "text").stream().anyMatch(t -> t.getTextContent().equals(title)));
        assertTrue(svg.chars().allMatch(c -> c < 128), "pure ASCII whatever the title");
        assertFalse(svg.contains("<script") || svg.contains("href") || svg.contains("@font-face"));
    }

    @Test
    void drawsOnePolylinePerSeriesAndALegendEntryForEach() throws Exception {
        Document without = parse(TrainingPlot.svg(run(40, false), "t"));
        assertEquals(2, elements(without, "polyline").size());
        polyline(without, "objective");
        polyline(without, "gradient");
        Document with = parse(TrainingPlot.svg(run(40, true), "t"));
        assertEquals(3, elements(with, "polyline").size());
        assertEquals(40, coordinates(polyline(with, "validation")).length);
        String legend = with.getDocumentElement().getTextContent();
        assertTrue(legend.contains("training objective") && legend.contains("validation objective")
                && legend.contains("gradient norm"), legend);
    }

    @Test
    void labelsLogAxesWithEveryPowerOfTenTheDataSpans() throws Exception {
        // Gradient norms from 10^-0.05 down to 10^-5: the right axis spans 10^-5..10^0.
        Document doc = parse(TrainingPlot.svg(run(100, false), "t"));
        Set<String> exponents = logTickExponents(doc);
        for (String e : List.of("-5", "-4", "-3", "-2", "-1", "0", "1")) {
            assertTrue(exponents.contains(e), "tick 10^" + e + " in " + exponents);
        }
        double[][] gradient = coordinates(polyline(doc, "gradient"));
        assertTrue(gradient[0][1] < gradient[gradient.length - 1][1], "a falling norm is drawn going down");
    }

    @Test
    void labelsTwoAndFiveOnAnAxisOfOneDecade() throws Exception {
        Document doc = parse(TrainingPlot.svg(run(30, false), "t"));
        List<String> minor = elements(doc, "text").stream().filter(t -> t.getAttribute("class").equals("minor-tick"))
                .map(Element::getTextContent).toList();
        assertTrue(minor.containsAll(List.of("2", "5")), "objective 1..2 spans 10^0..10^1: " + minor);
    }

    @Test
    void skipsNonFiniteAndNonPositiveValues() throws Exception {
        List<PlotPoint> points = new ArrayList<>(run(10, true));
        points.set(2, new PlotPoint(3, Double.NaN, 0.0, Double.POSITIVE_INFINITY));
        points.set(5, new PlotPoint(6, Double.POSITIVE_INFINITY, Double.NaN, null));
        points.set(7, new PlotPoint(8, 1.5, -1.0, Double.NaN));
        String svg = TrainingPlot.svg(points, "t");
        Document doc = parse(svg);
        assertEquals(8, coordinates(polyline(doc, "objective")).length);
        assertEquals(7, coordinates(polyline(doc, "gradient")).length);
        assertEquals(7, coordinates(polyline(doc, "validation")).length);
        assertFalse(svg.contains("NaN") || svg.contains("Infinity"));
    }

    @Test
    void shiftsObjectivesThatAreNotPositiveAndSaysSoOnTheAxis() throws Exception {
        List<PlotPoint> points = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            points.add(new PlotPoint(i, -3 + 1.0 / (i + 1), 1.0 / (i + 1), null));
        }
        Document doc = parse(TrainingPlot.svg(points, "t"));
        assertEquals(20, coordinates(polyline(doc, "objective")).length, "no point is lost to the log axis");
        assertTrue(doc.getDocumentElement().getTextContent().contains("objective - min + "));
        Document positive = parse(TrainingPlot.svg(run(5, false), "t"));
        assertFalse(positive.getDocumentElement().getTextContent().contains("objective - min"));
    }

    @Test
    void thinsALongRunToAtMostTwoThousandPointsKeepingItsEndsAndSpikes() throws Exception {
        List<PlotPoint> points = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            double gradient = i == 6_543 ? 50 : StrictMath.exp(-i / 1000.0);
            points.add(new PlotPoint(i, 2 + StrictMath.exp(-i / 500.0), gradient, 2.5));
        }
        Document doc = parse(TrainingPlot.svg(points, "long"));
        for (String series : List.of("objective", "gradient", "validation")) {
            double[][] xy = coordinates(polyline(doc, series));
            assertTrue(xy.length <= 2000 && xy.length > 1000, series + " draws " + xy.length);
            for (int i = 1; i < xy.length; i++) {
                assertTrue(xy[i][0] >= xy[i - 1][0], "drawn in iteration order");
            }
        }
        double[][] gradient = coordinates(polyline(doc, "gradient"));
        assertEquals(480, gradient[0][0], 0.01, "first iteration at the left edge");
        assertEquals(780, gradient[gradient.length - 1][0], 0.01, "last iteration at the right edge");
        double top = Double.POSITIVE_INFINITY;
        for (double[] p : gradient) {
            top = Math.min(top, p[1]);
        }
        assertTrue(top < 100, "the spike at iteration 6543 is still drawn near the top: " + top);
    }

    @Test
    void sameInputGivesTheSameStringWhateverThePointOrder() {
        List<PlotPoint> points = run(300, true);
        String first = TrainingPlot.svg(points, "same");
        List<PlotPoint> shuffled = new ArrayList<>(points);
        Collections.shuffle(shuffled, new Random(7));
        assertEquals(first, TrainingPlot.svg(points, "same"));
        assertEquals(first, TrainingPlot.svg(shuffled, "same"));
    }

    @Test
    void drawsASinglePointAsAMarkerInsideThePanel() throws Exception {
        Document doc = parse(TrainingPlot.svg(List.of(new PlotPoint(1, 0.5, 0.01, null)), "one"));
        assertEquals(2, elements(doc, "circle").size());
        for (Element circle : elements(doc, "circle")) {
            double y = Double.parseDouble(circle.getAttribute("cy"));
            assertTrue(y >= 72 && y <= 430, "inside the plot area: " + y);
        }
        assertEquals(1, coordinates(polyline(doc, "objective")).length);
    }

    @Test
    void anEmptyRunIsAValidPictureSayingThereIsNothingToPlot() throws Exception {
        Document doc = parse(TrainingPlot.svg(List.of(), ""));
        assertTrue(elements(doc, "polyline").isEmpty());
        assertTrue(doc.getDocumentElement().getTextContent().contains("no positive finite values"));
        Document allBad = parse(TrainingPlot.svg(List.of(new PlotPoint(0, Double.NaN, 0, null)), "bad"));
        assertTrue(elements(allBad, "polyline").isEmpty());
    }

    @Test
    void rejectsNullArgumentsAndNegativeIterations() {
        assertThrows(IllegalArgumentException.class, () -> TrainingPlot.svg(null, "t"));
        assertThrows(IllegalArgumentException.class, () -> TrainingPlot.svg(List.of(), null));
        List<PlotPoint> withNull = new ArrayList<>(run(3, false));
        withNull.add(null);
        String message = assertThrows(IllegalArgumentException.class, () -> TrainingPlot.svg(withNull, "t"))
                .getMessage();
        assertTrue(message.contains("index 3"), message);
        assertEquals("iteration must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> new PlotPoint(-1, 1, 1, null)).getMessage());
    }
}
