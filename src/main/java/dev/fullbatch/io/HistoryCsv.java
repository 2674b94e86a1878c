package dev.fullbatch.io;

import dev.fullbatch.train.HistoryRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * history.csv: header {@code iteration,objective,grad_norm,step_size,seconds}, then one row per iteration, plus
 * one {@code validation_NAME} column per validation metric when there is validation data. Numbers use
 * {@link Double#toString}, so they read back to the identical doubles.
 */
public final class HistoryCsv {
    private static final String BASE = "iteration,objective,grad_norm,step_size,seconds";

    private HistoryCsv() {
    }

    /** The CSV text for the rows. */
    public static String format(List<HistoryRow> rows) {
        TreeSet<String> names = new TreeSet<>();
        for (HistoryRow r : rows) {
            names.addAll(r.validation().keySet());
        }
        StringBuilder sb = new StringBuilder(BASE);
        for (String n : names) {
            sb.append(",validation_").append(n);
        }
        sb.append('\n');
        for (HistoryRow r : rows) {
            sb.append(r.iteration()).append(',').append(r.objective()).append(',').append(r.gradNorm()).append(',')
                    .append(r.stepSize()).append(',').append(r.seconds());
            for (String n : names) {
                Double v = r.validation().get(n);
                sb.append(',').append(v == null ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Reads rows back.
     *
     * @throws IllegalArgumentException when the text is not a history written by {@link #format}
     */
    public static List<HistoryRow> parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].startsWith(BASE)) {
            throw new IllegalArgumentException("not a fullbatch history (expected header '" + BASE + "')");
        }
        String[] header = lines[0].split(",", -1);
        List<HistoryRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            String[] c = lines[i].split(",", -1);
            if (c.length != header.length) {
                throw new IllegalArgumentException("history line " + (i + 1) + " has " + c.length
                        + " columns, expected " + header.length);
            }
            Map<String, Double> validation = new LinkedHashMap<>();
            for (int k = 5; k < header.length; k++) {
                if (!c[k].isEmpty()) {
                    validation.put(header[k].substring("validation_".length()), Double.parseDouble(c[k]));
                }
            }
            rows.add(new HistoryRow(Integer.parseInt(c[0]), Double.parseDouble(c[1]), Double.parseDouble(c[2]),
                    Double.parseDouble(c[3]), Double.parseDouble(c[4]), validation));
        }
        return rows;
    }
}
