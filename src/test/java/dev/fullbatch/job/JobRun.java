package dev.fullbatch.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The result of running the command line in-process: exit code and what it printed. */
record JobRun(int exitCode, String out, String err) {

    static JobRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new JobRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * {@code base} with {@code more} applied as a user would edit the command: an option of {@code more} that
     * {@code base} already gives replaces it (with its value, when the next word is not an option); the others are
     * appended. The command line refuses an option given twice, so tests build their variants this way.
     */
    static String[] with(String[] base, String... more) {
        java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(base));
        for (int i = 0; i < more.length; i++) {
            String option = more[i];
            boolean hasValue = i + 1 < more.length && !more[i + 1].startsWith("--");
            int at = option.startsWith("--") ? out.indexOf(option) : -1;
            if (at >= 0) {
                boolean baseHasValue = at + 1 < out.size() && !out.get(at + 1).startsWith("--");
                out.remove(at);
                if (baseHasValue) {
                    out.remove(at);
                }
                out.add(at, option);
                if (hasValue) {
                    out.add(at + 1, more[++i]);
                }
            } else {
                out.add(option);
                if (hasValue) {
                    out.add(more[++i]);
                }
            }
        }
        return out.toArray(new String[0]);
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out\n" + out + "\n--- err\n" + err;
    }
}
