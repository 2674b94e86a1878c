package dev.fullbatch.export;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Renders a {@link PredictionFunction} as an ONNX model: one graph, in double precision throughout (every operator
 * used has a double kernel in ONNX Runtime's CPU provider), taking the raw features and giving what {@code predict}
 * writes.
 *
 * <p>Input {@code features}: double {@code [N, d]}. Outputs (N is the batch dimension, left free):
 * <ul>
 * <li>{@link Response#IDENTITY}: {@code prediction} double {@code [N]}.</li>
 * <li>{@link Response#EXP}: a second input {@code offset} double {@code [N]}; {@code prediction} double {@code [N]},
 *     {@code exp(margin + offset)}.</li>
 * <li>{@link Response#LOGISTIC}: {@code prediction} double {@code [N]} (1 where the margin is positive, else 0) and
 *     {@code probability} double {@code [N]} (of class 1).</li>
 * <li>{@link Response#SOFTMAX}: {@code prediction} double {@code [N]} (the class, first of ties),
 *     {@code probability} double {@code [N]} (of that class) and {@code probabilities} double {@code [N, K]}.</li>
 * </ul>
 * When the model has feature names, metadata {@code featureNames} lists them (a JSON array, column order).
 * Each layer is one {@code Gemm} (weights as initializers, {@code transB} so they keep model.json's row-major
 * layout), each hidden activation one node; the graph uses ONNX opset {@value #OPSET} (IR version {@value #IR}).
 * The protobuf messages are the classes generated from ONNX's own {@code onnx-ml.proto}.
 */
public final class OnnxExport {
    /** The default-domain operator set the graph is written against. */
    public static final int OPSET = 17;
    /** The ONNX IR version that goes with {@link #OPSET}. */
    public static final int IR = 8;
    /** The model's producer name, which also marks a file as fullbatch's own (see {@link #isOurs}). */
    public static final String PRODUCER = "fullbatch";

    /** The second input of a log-link model: each row's offset. */
    public static final String OFFSET = "offset";

    private static final int DOUBLE = TensorProto.DataType.DOUBLE_VALUE;

    private OnnxExport() {
    }

    /**
     * The ONNX model bytes.
     *
     * @param f the prediction function
     * @param producerVersion the fullbatch version, recorded in the file
     */
    public static byte[] write(PredictionFunction f, String producerVersion) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("fullbatch")
                .setDocString(f.model() + ": " + outputsDoc(f.response()))
                .addInput(tensor("features", f.numFeatures()));
        String x = "features";
        for (int l = 0; l < f.hidden().size(); l++) {
            HiddenLayer h = f.hidden().get(l);
            String z = gemm(g, "hidden" + l, x, h.affine());
            x = "hidden" + l + "_output";
            g.addNode(node(switch (h.activation()) {
                case RELU -> "Relu";
                case TANH -> "Tanh";
                case SIGMOID -> "Sigmoid";
            }, "hidden" + l + "_activation", new String[] {z}, x));
        }
        String margins = gemm(g, "output", x, f.output());
        switch (f.response()) {
            case IDENTITY -> {
                g.addNode(squeeze(g, margins, "prediction"));
                g.addOutput(tensor("prediction"));
            }
            case EXP -> {
                g.addInput(tensor(OFFSET));
                g.addNode(squeeze(g, margins, "model_margin"));
                g.addNode(node("Add", "margin", new String[] {"model_margin", OFFSET}, "margin"));
                g.addNode(node("Exp", "prediction", new String[] {"margin"}, "prediction"));
                g.addOutput(tensor("prediction"));
            }
            case LOGISTIC -> {
                g.addNode(squeeze(g, margins, "margin"));
                g.addNode(node("Sigmoid", "probability", new String[] {"margin"}, "probability"));
                g.addInitializer(doubles("zero", new long[0], new double[] {0.0}));
                g.addNode(node("Greater", "positive", new String[] {"margin", "zero"}, "positive"));
                g.addNode(node("Cast", "prediction", new String[] {"positive"}, "prediction").toBuilder()
                        .addAttribute(intAttribute("to", DOUBLE)).build());
                g.addOutput(tensor("prediction")).addOutput(tensor("probability"));
            }
            case SOFTMAX -> {
                g.addNode(node("Softmax", "probabilities", new String[] {margins}, "probabilities").toBuilder()
                        .addAttribute(intAttribute("axis", 1)).build());
                // ArgMax keeps the first of equal maxima, as predict does; it reads the margins, not the
                // rounded probabilities.
                g.addNode(node("ArgMax", "class", new String[] {margins}, "class").toBuilder()
                        .addAttribute(intAttribute("axis", 1)).addAttribute(intAttribute("keepdims", 0))
                        .addAttribute(intAttribute("select_last_index", 0)).build());
                g.addNode(node("Cast", "prediction", new String[] {"class"}, "prediction").toBuilder()
                        .addAttribute(intAttribute("to", DOUBLE)).build());
                g.addNode(node("ReduceMax", "probability", new String[] {"probabilities"}, "probability").toBuilder()
                        .addAttribute(AttributeProto.newBuilder().setName("axes")
                                .setType(AttributeProto.AttributeType.INTS).addInts(1))
                        .addAttribute(intAttribute("keepdims", 0)).build());
                g.addOutput(tensor("prediction")).addOutput(tensor("probability"))
                        .addOutput(tensor("probabilities", f.margins()));
            }
        }
        ModelProto.Builder model = ModelProto.newBuilder()
                .setIrVersion(IR)
                .setProducerName(PRODUCER)
                .setProducerVersion(producerVersion)
                .setDocString("Exported by fullbatch from " + f.model() + ". Input 'features': double [N, "
                        + f.numFeatures() + "], the features as given to train and predict. "
                        + outputsDoc(f.response()))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g)
                .addMetadataProps(entry("objective", f.objective()))
                .addMetadataProps(entry("model", f.modelType()))
                .addMetadataProps(entry("numFeatures", Integer.toString(f.numFeatures())))
                .addMetadataProps(entry("margins", Integer.toString(f.margins())));
        if (f.featureNames() != null) {
            // A tensor input has no column names; the file records them in column order.
            model.addMetadataProps(entry("featureNames", jsonArray(f.featureNames())));
        }
        return model.build().toByteArray();
    }

    private static String jsonArray(java.util.List<String> names) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(names);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether {@code head}, the first bytes of a file, starts as {@link #write} starts every file: the IR version
     * (field 1) and then the producer name {@value #PRODUCER} (field 2). Protobuf writes fields in number order, so
     * this prefix is fixed; it lets the job replace an earlier export but never someone else's file.
     */
    public static boolean isOurs(byte[] head) {
        byte[] name = PRODUCER.getBytes(StandardCharsets.US_ASCII);
        byte[] expected = new byte[4 + name.length];
        expected[0] = 0x08; // field 1, varint
        expected[1] = IR; // a one-byte varint
        expected[2] = 0x12; // field 2, length-delimited
        expected[3] = (byte) name.length;
        System.arraycopy(name, 0, expected, 4, name.length);
        return head.length >= expected.length && Arrays.equals(Arrays.copyOf(head, expected.length), expected);
    }

    private static String outputsDoc(Response r) {
        return switch (r) {
            case IDENTITY -> "Output 'prediction': double [N], the predicted value.";
            case EXP -> "Input 'offset': double [N], each row's offset (log exposure; 0 for none). Output "
                    + "'prediction': double [N], the mean exp(margin + offset).";
            case LOGISTIC -> "Outputs 'prediction': double [N], 1 where the margin is positive, else 0; "
                    + "'probability': double [N], of class 1 (1 / (1 + exp(-margin))).";
            case SOFTMAX -> "Outputs 'prediction': double [N], the class with the largest margin (the first of "
                    + "ties); 'probability': double [N], of that class; 'probabilities': double [N, K], softmax of "
                    + "the margins.";
        };
    }

    /** Adds {@code x W^T + b} for {@code layer}; returns the output's name. */
    private static String gemm(GraphProto.Builder g, String name, String x, Affine layer) {
        g.addInitializer(doubles(name + "_weights", new long[] {layer.outputs(), layer.inputs()}, layer.weights()));
        g.addInitializer(doubles(name + "_bias", new long[] {layer.outputs()}, layer.bias()));
        String out = name + "_margins";
        if (name.startsWith("hidden")) {
            out = name + "_preactivation";
        }
        g.addNode(node("Gemm", name, new String[] {x, name + "_weights", name + "_bias"}, out).toBuilder()
                .addAttribute(intAttribute("transB", 1)).build());
        return out;
    }

    /** [N, 1] to [N]. */
    private static NodeProto squeeze(GraphProto.Builder g, String in, String out) {
        g.addInitializer(TensorProto.newBuilder().setName("axis1").addDims(1)
                .setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(1));
        return node("Squeeze", out, new String[] {in, "axis1"}, out);
    }

    private static NodeProto node(String op, String name, String[] inputs, String output) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String i : inputs) {
            n.addInput(i);
        }
        return n.build();
    }

    private static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    /** A double tensor stored as raw little-endian bytes, which keep every bit. */
    private static TensorProto doubles(String name, long[] dims, double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asDoubleBuffer().put(values);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DOUBLE)
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** A double tensor value of shape [N] or [N, width...] with a free batch dimension. */
    private static ValueInfoProto tensor(String name, int... widths) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (int w : widths) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(w));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(DOUBLE).setShape(shape))).build();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
