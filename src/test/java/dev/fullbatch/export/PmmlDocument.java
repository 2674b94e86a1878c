package dev.fullbatch.export;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A minimal PMML 4.4 RegressionModel evaluator for tests, written from the PMML specification's Regression page
 * and independent of {@link PmmlExport}: it reads only the XML (JDK DOM), shares no code with the writer or with
 * fullbatch's scoring, and uses {@link Math#exp}. It covers what the spec says for {@code functionName} regression
 * (normalizationMethod none or exp: {@code exp(y)}) and classification with {@code normalizationMethod} none, logit (two tables: the first table's probability is
 * {@code 1/(1+exp(-y))}, the second's the rest) and softmax ({@code exp(y_j) / sum exp(y_k)}); NumericPredictor
 * terms {@code coefficient * x^exponent}; MiningField {@code missingValueReplacement}; and predictedValue as the
 * category of highest probability, the first table's on ties.
 */
final class PmmlDocument {
    private final Element model;
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, Double> replacements = new HashMap<>();

    private record Term(String field, double coefficient, int exponent) {
    }

    private record Table(String category, double intercept, List<Term> terms) {
    }

    /** A score: the predicted value (a number, or a category parsed as a number) and category probabilities. */
    record Score(double prediction, Map<String, Double> probabilities) {
    }

    PmmlDocument(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        NodeList models = doc.getElementsByTagNameNS("*", "RegressionModel");
        if (models.getLength() != 1) {
            throw new IllegalArgumentException("expected one RegressionModel, found " + models.getLength());
        }
        model = (Element) models.item(0);
        for (Element f : children(child(model, "MiningSchema"), "MiningField")) {
            if (f.hasAttribute("missingValueReplacement")) {
                replacements.put(f.getAttribute("name"), Double.parseDouble(f.getAttribute("missingValueReplacement")));
            }
        }
        for (Element t : children(model, "RegressionTable")) {
            List<Term> terms = new ArrayList<>();
            for (Element p : children(t, "NumericPredictor")) {
                terms.add(new Term(p.getAttribute("name"), Double.parseDouble(p.getAttribute("coefficient")),
                        p.hasAttribute("exponent") ? Integer.parseInt(p.getAttribute("exponent")) : 1));
            }
            if (!children(t, "CategoricalPredictor").isEmpty() || !children(t, "PredictorTerm").isEmpty()) {
                throw new IllegalArgumentException("only NumericPredictor terms are evaluated here");
            }
            tables.add(new Table(t.getAttribute("targetCategory"), Double.parseDouble(t.getAttribute("intercept")),
                    terms));
        }
    }

    /** Scores one row given as field name to value; absent fields take their missing-value replacement. */
    Score score(Map<String, Double> row) {
        double[] y = new double[tables.size()];
        for (int j = 0; j < y.length; j++) {
            Table t = tables.get(j);
            double sum = t.intercept();
            for (Term term : t.terms()) {
                Double x = row.containsKey(term.field()) ? row.get(term.field()) : replacements.get(term.field());
                if (x == null) {
                    throw new IllegalArgumentException("missing value for " + term.field());
                }
                sum += term.coefficient() * Math.pow(x, term.exponent());
            }
            y[j] = sum;
        }
        String function = model.getAttribute("functionName");
        String normalization = model.hasAttribute("normalizationMethod") ? model.getAttribute("normalizationMethod")
                : "none";
        if (function.equals("regression")) {
            return switch (normalization) {
                case "none" -> new Score(y[0], Map.of());
                case "exp" -> new Score(Math.exp(y[0]), Map.of());
                default -> throw new IllegalArgumentException("regression with " + normalization
                        + " is not covered here");
            };
        }
        double[] p = new double[y.length];
        switch (normalization) {
            case "logit" -> {
                if (y.length != 2) {
                    throw new IllegalArgumentException("logit is covered for two categories");
                }
                p[0] = 1 / (1 + Math.exp(-y[0]));
                p[1] = 1 - p[0];
            }
            case "softmax" -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : y) {
                    max = Math.max(max, v);
                }
                double z = 0;
                for (int j = 0; j < y.length; j++) {
                    p[j] = Math.exp(y[j] - max);
                    z += p[j];
                }
                for (int j = 0; j < y.length; j++) {
                    p[j] /= z;
                }
            }
            default -> throw new IllegalArgumentException("classification with " + normalization
                    + " is not covered here");
        }
        Map<String, Double> probabilities = new HashMap<>();
        int best = 0;
        for (int j = 0; j < p.length; j++) {
            probabilities.put(tables.get(j).category(), p[j]);
            if (p[j] > p[best]) {
                best = j;
            }
        }
        return new Score(Double.parseDouble(tables.get(best).category()), probabilities);
    }

    /**
     * Validates {@code xml} against the PMML 4.4 schema that JPMML-Model ships ({@code pmml.xsd}, BSD-3-Clause, in
     * the DMG's namespace): the DMG's own pmml-4-4.xsd cannot be fetched on the build machines.
     *
     * @throws org.xml.sax.SAXException naming the first violation
     */
    static void validate(byte[] xml) throws Exception {
        URL xsd = PmmlDocument.class.getResource("/pmml.xsd");
        if (xsd == null) {
            throw new IllegalStateException("pmml.xsd (org.jpmml:pmml-model) is not on the test classpath");
        }
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        factory.newSchema(xsd).newValidator().validate(new StreamSource(new ByteArrayInputStream(xml)));
    }

    private static Element child(Element parent, String name) {
        List<Element> c = children(parent, name);
        if (c.size() != 1) {
            throw new IllegalArgumentException("expected one " + name + ", found " + c.size());
        }
        return c.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (org.w3c.dom.Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }
}
