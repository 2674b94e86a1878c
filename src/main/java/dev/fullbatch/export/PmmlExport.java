package dev.fullbatch.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders a linear {@link PredictionFunction} as a PMML 4.4 document holding one {@code RegressionModel}, written
 * with the JDK's XML stream writer (which escapes every name and value).
 *
 * <p>Fields: the features are named as the model's columns when it has names
 * ({@link PredictionFunction#featureNames()}), else {@code x1 .. xd} (feature j is the LIBSVM index j, or the j-th
 * feature column of a CSV or Parquet input), continuous doubles whose missing values are replaced by 0, as LIBSVM reads an absent
 * index; the target is {@code label}. Outputs: {@code prediction}, plus for classification {@code probability} (of
 * class 1 for two classes, of the predicted class for softmax) and, for softmax, {@code probability_0 ..
 * probability_K-1}. The model:
 * <ul>
 * <li>{@link Response#IDENTITY}: {@code functionName="regression"}, one table.</li>
 * <li>{@link Response#EXP}: {@code functionName="regression"}, {@code normalizationMethod="exp"}, one table with
 *     the field {@code offset} (missing: 0) as a predictor of coefficient 1, so the value is
 *     {@code exp(margin + offset)}.</li>
 * <li>{@link Response#LOGISTIC}: {@code functionName="classification"}, {@code normalizationMethod="logit"}, the
 *     table of class 1 then an empty table of class 0 (whose probability is the rest).</li>
 * <li>{@link Response#SOFTMAX}: {@code normalizationMethod="softmax"}, one table per class 0..K-1.</li>
 * </ul>
 * Coefficients are written with {@link Double#toString}, which reads back to the identical double; zero
 * coefficients are left out (a term of 0 adds nothing). Networks are refused: a RegressionModel is one affine map.
 */
public final class PmmlExport {
    /** The PMML namespace the document is written in. */
    public static final String NAMESPACE = "http://www.dmg.org/PMML-4_4";
    /** The Header's application name, which also marks a file as fullbatch's own (see {@link #isOurs}). */
    public static final String APPLICATION = "fullbatch";

    private PmmlExport() {
    }

    /**
     * The PMML document as UTF-8 bytes.
     *
     * @param f a linear prediction function
     * @param producerVersion the fullbatch version, recorded in the Header
     * @throws UnsupportedModelException for a network
     */
    public static byte[] write(PredictionFunction f, String producerVersion) {
        if (!f.isLinear()) {
            throw new UnsupportedModelException(f.model() + " has " + f.hidden().size() + " hidden layer"
                    + (f.hidden().size() == 1 ? "" : "s") + "; PMML export writes a RegressionModel, which holds "
                    + "linear models only; export networks with --format onnx");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newDefaultFactory()
                    .createXMLStreamWriter(bytes, StandardCharsets.UTF_8.name());
            new Document(xml, f).write(producerVersion);
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write PMML", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Whether {@code head}, the first bytes of a file, holds the Header that {@link #write} puts near the start of
     * every document: {@code <Application name="fullbatch"}. It lets the job replace an earlier export but never
     * someone else's file.
     */
    public static boolean isOurs(byte[] head) {
        String text = new String(head, 0, Math.min(head.length, 1024), StandardCharsets.UTF_8);
        return text.startsWith("<?xml") && text.contains("<PMML xmlns=\"" + NAMESPACE + "\"")
                && text.contains("<Application name=\"" + APPLICATION + "\"");
    }

    /** The field of a log-link model's offset (log exposure), added to the margin; missing means 0. */
    public static final String OFFSET = "offset";


    /** One document being written: indentation and the element sequence of the PMML schema. */
    private static final class Document {
        private final XMLStreamWriter xml;
        private final PredictionFunction f;
        private int depth;

        Document(XMLStreamWriter xml, PredictionFunction f) {
            this.xml = xml;
            this.f = f;
        }

        void write(String producerVersion) throws XMLStreamException {
            Response r = f.response();
            int d = f.numFeatures();
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.setDefaultNamespace(NAMESPACE);
            start("PMML");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("version", "4.4");
            start("Header");
            xml.writeAttribute("description", "Exported by fullbatch from " + f.model());
            empty("Application");
            xml.writeAttribute("name", APPLICATION);
            xml.writeAttribute("version", producerVersion);
            end();

            start("DataDictionary");
            xml.writeAttribute("numberOfFields", Integer.toString(d + 1 + (r == Response.EXP ? 1 : 0)));
            for (int j = 0; j < d; j++) {
                empty("DataField");
                xml.writeAttribute("name", f.featureName(j));
                xml.writeAttribute("optype", "continuous");
                xml.writeAttribute("dataType", "double");
            }
            if (r == Response.EXP) {
                empty("DataField");
                xml.writeAttribute("name", OFFSET);
                xml.writeAttribute("optype", "continuous");
                xml.writeAttribute("dataType", "double");
            }
            if (r.isClassification()) {
                start("DataField");
                xml.writeAttribute("name", "label");
                xml.writeAttribute("optype", "categorical");
                xml.writeAttribute("dataType", "integer");
                for (int c = 0; c < classes(); c++) {
                    empty("Value");
                    xml.writeAttribute("value", Integer.toString(c));
                }
                end();
            } else {
                empty("DataField");
                xml.writeAttribute("name", "label");
                xml.writeAttribute("optype", "continuous");
                xml.writeAttribute("dataType", "double");
            }
            end();

            start("RegressionModel");
            xml.writeAttribute("modelName", f.model());
            xml.writeAttribute("functionName", r.isClassification() ? "classification" : "regression");
            xml.writeAttribute("algorithmName", "fullbatch " + f.objective());
            xml.writeAttribute("normalizationMethod", switch (r) {
                case IDENTITY -> "none";
                case EXP -> "exp";
                case LOGISTIC -> "logit";
                case SOFTMAX -> "softmax";
            });
            start("MiningSchema");
            empty("MiningField");
            xml.writeAttribute("name", "label");
            xml.writeAttribute("usageType", "target");
            for (int j = 0; j < d; j++) {
                empty("MiningField");
                xml.writeAttribute("name", f.featureName(j));
                xml.writeAttribute("missingValueReplacement", "0");
            }
            if (r == Response.EXP) {
                empty("MiningField");
                xml.writeAttribute("name", OFFSET);
                xml.writeAttribute("missingValueReplacement", "0");
            }
            end();

            start("Output");
            outputField("prediction", r.isClassification() ? "categorical" : "continuous",
                    r.isClassification() ? "integer" : "double", "predictedValue", null);
            if (r == Response.LOGISTIC) {
                outputField("probability", "continuous", "double", "probability", "1");
            } else if (r == Response.SOFTMAX) {
                outputField("probability", "continuous", "double", "probability", null);
                for (int c = 0; c < classes(); c++) {
                    outputField("probability_" + c, "continuous", "double", "probability", Integer.toString(c));
                }
            }
            end();

            Affine a = f.output();
            switch (r) {
                case IDENTITY -> table(a, 0, null);
                case EXP -> table(a, 0, null, OFFSET);
                case LOGISTIC -> {
                    table(a, 0, "1");
                    empty("RegressionTable");
                    xml.writeAttribute("intercept", "0.0");
                    xml.writeAttribute("targetCategory", "0");
                }
                case SOFTMAX -> {
                    for (int c = 0; c < a.outputs(); c++) {
                        table(a, c, Integer.toString(c));
                    }
                }
            }
            end();
            end();
            xml.writeEndDocument();
            xml.writeCharacters("\n");
        }

        private int classes() {
            return f.response() == Response.SOFTMAX ? f.margins() : 2;
        }

        private void table(Affine a, int unit, String category) throws XMLStreamException {
            table(a, unit, category, null);
        }

        /** @param offset a field added to the margin with coefficient 1, or null */
        private void table(Affine a, int unit, String category, String offset) throws XMLStreamException {
            start("RegressionTable");
            xml.writeAttribute("intercept", Double.toString(a.bias(unit)));
            if (category != null) {
                xml.writeAttribute("targetCategory", category);
            }
            for (int j = 0; j < a.inputs(); j++) {
                double w = a.weight(unit, j);
                if (w != 0.0) {
                    empty("NumericPredictor");
                    xml.writeAttribute("name", f.featureName(j));
                    xml.writeAttribute("coefficient", Double.toString(w));
                }
            }
            if (offset != null) {
                empty("NumericPredictor");
                xml.writeAttribute("name", offset);
                xml.writeAttribute("coefficient", "1.0");
            }
            end();
        }

        private void outputField(String name, String optype, String dataType, String feature, String value)
                throws XMLStreamException {
            empty("OutputField");
            xml.writeAttribute("name", name);
            xml.writeAttribute("optype", optype);
            xml.writeAttribute("dataType", dataType);
            xml.writeAttribute("feature", feature);
            if (value != null) {
                xml.writeAttribute("value", value);
            }
        }

        private void start(String element) throws XMLStreamException {
            indent();
            xml.writeStartElement(NAMESPACE, element);
            depth++;
        }

        /** An element without children; its attributes follow. */
        private void empty(String element) throws XMLStreamException {
            indent();
            xml.writeEmptyElement(NAMESPACE, element);
        }

        private void end() throws XMLStreamException {
            depth--;
            xml.writeCharacters("\n" + "  ".repeat(depth));
            xml.writeEndElement();
        }

        /** Puts every element but the root on a line of its own, two spaces a level. */
        private void indent() throws XMLStreamException {
            if (depth > 0) {
                xml.writeCharacters("\n" + "  ".repeat(depth));
            }
        }
    }
}
