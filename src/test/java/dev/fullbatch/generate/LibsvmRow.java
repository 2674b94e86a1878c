package dev.fullbatch.generate;

import java.util.Arrays;

/** A strictly checked LIBSVM line for the tests: 1-based, strictly increasing indices, finite numbers. */
record LibsvmRow(double label, int[] indices, double[] values) {

    static LibsvmRow parse(String line, int maxIndex) {
        if (line.isEmpty() || line.startsWith(" ") || line.endsWith(" ") || line.contains("  ")) {
            throw new AssertionError("badly spaced line: '" + line + "'");
        }
        String[] tokens = line.split(" ");
        double label = finite(tokens[0], line);
        int[] indices = new int[tokens.length - 1];
        double[] values = new double[tokens.length - 1];
        int previous = 0;
        for (int t = 1; t < tokens.length; t++) {
            int colon = tokens[t].indexOf(':');
            if (colon <= 0) {
                throw new AssertionError("token without index: '" + tokens[t] + "' in '" + line + "'");
            }
            int index = Integer.parseInt(tokens[t].substring(0, colon));
            if (index <= previous || index > maxIndex) {
                throw new AssertionError("index " + index + " after " + previous + " (max " + maxIndex + ") in '"
                        + line + "'");
            }
            previous = index;
            indices[t - 1] = index;
            values[t - 1] = finite(tokens[t].substring(colon + 1), line);
        }
        return new LibsvmRow(label, indices, values);
    }

    private static double finite(String text, String line) {
        if (!text.matches("-?[0-9]+(\\.[0-9]*[1-9])?")) {
            throw new AssertionError("not a compact plain decimal: '" + text + "' in '" + line + "'");
        }
        double v = Double.parseDouble(text);
        if (!Double.isFinite(v)) {
            throw new AssertionError("non-finite '" + text + "' in '" + line + "'");
        }
        return v;
    }

    double dot(double[] weights, int offset) {
        double sum = 0;
        for (int t = 0; t < indices.length; t++) {
            sum += values[t] * weights[offset + indices[t] - 1];
        }
        return sum;
    }

    @Override
    public String toString() {
        return label + " " + Arrays.toString(indices) + " " + Arrays.toString(values);
    }
}
