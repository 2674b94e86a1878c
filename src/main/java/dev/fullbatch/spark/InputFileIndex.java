package dev.fullbatch.spark;

import dev.fullbatch.input.InputFile;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.List;
import org.apache.hadoop.fs.Path;

/**
 * Finds a listed input file's position from the path Spark SQL reports for it in {@code _metadata.file_path} (a
 * URI string, e.g. {@code file:///data/a%20b.parquet} for the listed {@code file:/data/a b.parquet}). Immutable.
 */
final class InputFileIndex implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<String> paths;
    private final HashMap<String, Integer> positions = new HashMap<>();

    /** @param paths the listed files in path order, as {@link InputFile#path()} gives them */
    InputFileIndex(List<String> paths) {
        this.paths = List.copyOf(paths);
        for (int i = 0; i < paths.size(); i++) {
            positions.put(new Path(paths.get(i)).toString(), i);
        }
    }

    /** The listed path of file {@code i}. */
    String path(int i) {
        return paths.get(i);
    }

    /** Number of files. */
    int size() {
        return paths.size();
    }

    /**
     * The position of the file Spark names {@code uriText}.
     *
     * @throws IllegalStateException when it is not a listed file (Spark and the listing disagree: a bug)
     */
    int indexOf(String uriText) {
        Integer i = positions.get(normalize(uriText));
        if (i == null) {
            throw new IllegalStateException("Spark read " + uriText + ", which is not among the listed input files "
                    + paths);
        }
        return i;
    }

    private static String normalize(String uriText) {
        try {
            return new Path(new URI(uriText)).toString();
        } catch (URISyntaxException e) {
            return new Path(uriText).toString();
        }
    }
}
