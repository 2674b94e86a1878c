package dev.fullbatch.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import dev.fullbatch.data.Excerpt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;

/**
 * A {@code --conf FILE}: Java properties ({@code key = value}, {@code #} comments) whose keys are the long option
 * names without the leading dashes, e.g. {@code reg-l2 = 1e-3}. Values fill in options the command line does not
 * give (the command line wins). Unknown keys are errors that name the nearest valid key; a key set twice is an error
 * naming both lines (Java's properties would silently keep the last).
 */
final class ConfigFile implements CommandLine.IDefaultValueProvider {
    private final String source;
    private final Map<String, String> values;

    private ConfigFile(String source, Map<String, String> values) {
        this.source = source;
        this.values = values;
    }

    /**
     * Reads a config file from any Hadoop file system URI or local path, checking every key against
     * {@code validKeys}.
     *
     * @throws UsageException when the file is missing, unreadable, or has an unknown key
     */
    static ConfigFile read(String uri, Set<String> validKeys) {
        String text;
        try {
            Path path = new Path(uri);
            try (InputStream in = path.getFileSystem(hadoopConfiguration()).open(path)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (java.io.FileNotFoundException e) {
            throw new UsageException("--conf file '" + uri + "' does not exist");
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read --conf file '" + uri + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw new UsageException("cannot read --conf file '" + uri + "': "
                    + MissingFileSystem.explain(e).orElseThrow(() -> e));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        // Properties keeps the last of two equal keys; every key given is recorded to refuse that instead.
        Map<String, List<String>> given = new LinkedHashMap<>();
        Properties p = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                given.computeIfAbsent(normalize((String) key), k -> new ArrayList<>()).add((String) value);
                return super.put(key, value);
            }
        };
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("cannot read --conf file '" + uri + "': " + e.getMessage());
        }
        for (Map.Entry<String, List<String>> e : given.entrySet()) {
            if (e.getValue().size() > 1) {
                throw new UsageException("key '" + e.getKey() + "' is set " + e.getValue().size() + " times in --conf "
                        + "file " + uri + " (" + occurrences(text, e.getKey(), e.getValue()) + "); set it once");
            }
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            String k = normalize(key);
            if (!validKeys.contains(k)) {
                throw new UsageException("unknown key '" + key + "' in --conf file " + uri
                        + Suggestions.hint(k, validKeys, "") + " (keys are option names without the dashes)");
            }
            values.put(k, p.getProperty(key).trim());
        }
        return new ConfigFile(uri, values);
    }

    private static String normalize(String key) {
        String k = key.trim();
        return k.startsWith("--") ? k.substring(2) : k;
    }

    /**
     * "line 2: 'reg-l2 = 1e-3', line 5: 'reg-l2=1e-4'": where a key is set, found by the key at the start of each
     * line (the values alone when a line cannot be found, e.g. behind a continuation).
     */
    private static String occurrences(String text, String key, List<String> values) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && "=: \t\f".indexOf(line.charAt(end)) < 0) {
                end++;
            }
            if (normalize(line.substring(0, end)).equals(key)) {
                found.add("line " + (i + 1) + ": '" + Excerpt.printable(line) + "'");
            }
        }
        if (found.size() == values.size()) {
            return String.join(", ", found);
        }
        List<String> shown = new ArrayList<>();
        for (String v : values) {
            shown.add("'" + Excerpt.printable(v) + "'");
        }
        return "values " + String.join(", ", shown);
    }

    /** The file's keys and values, sorted by key. */
    Map<String, String> values() {
        return values;
    }

    /**
     * Where an error about an option came from, when the option's value came from this file: " (--max-iter is
     * set in --conf file f.properties)" for a message that names {@code --max-iter} when the command line does
     * not give it; "" otherwise.
     *
     * @param message an error message naming options as {@code --name}
     * @param args the command line
     */
    String provenance(String message, String[] args) {
        for (String key : values.keySet()) {
            String option = "--" + key;
            if (mentions(message, option) && !given(args, option)) {
                return " (" + option + " is set in --conf file " + source + ")";
            }
        }
        return "";
    }

    private static boolean mentions(String message, String option) {
        int at = message.indexOf(option);
        while (at >= 0) {
            int after = at + option.length();
            if (after == message.length() || !(Character.isLetterOrDigit(message.charAt(after))
                    || message.charAt(after) == '-')) {
                return true;
            }
            at = message.indexOf(option, after);
        }
        return false;
    }

    private static boolean given(String[] args, String option) {
        for (String a : args) {
            if (a.equals(option) || a.startsWith(option + "=")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (!argSpec.isOption()) {
            return null;
        }
        CommandLine.Model.OptionSpec option = (CommandLine.Model.OptionSpec) argSpec;
        String key = option.longestName().replaceFirst("^--", "");
        return values.get(key);
    }

    @Override
    public String toString() {
        return source;
    }

    /**
     * Hadoop settings for reading the file before Spark starts: the defaults plus every {@code spark.hadoop.*}
     * system property with the prefix removed, as Spark itself does. spark-submit turns its {@code --conf} values
     * into system properties, so an {@code s3a://} file sees the same endpoint and credentials as the data.
     */
    static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("spark.hadoop.")) {
                conf.set(name.substring("spark.hadoop.".length()), System.getProperty(name));
            }
        }
        return conf;
    }
}
