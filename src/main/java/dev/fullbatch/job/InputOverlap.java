package dev.fullbatch.job;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * Refuses an output folder that is an input, lies inside one, or contains one, before anything is read or written:
 * replacing or resuming such a folder could delete the input, and a model inside an input folder would be read as
 * data by the next run. Paths are compared after qualification (scheme, authority, absolute path) and, on the local
 * file system, after resolving symbolic links. A glob input is compared by its pattern (an output that the
 * pattern matches, or that lies below a match, now or once written) and by what it matches now (an output above a
 * match).
 */
final class InputOverlap {
    private InputOverlap() {
    }

    /**
     * @param outputOption the output's option, for messages (e.g. "--output")
     * @param outputUri the output folder
     * @param inputs option name to input URI (e.g. "--data"); null URIs are skipped
     * @throws UsageException naming both paths and the fix
     */
    static void check(String outputOption, String outputUri, Map<String, String> inputs, Configuration conf) {
        Path output = canonical(outputUri, conf);
        if (output == null) {
            return;
        }
        for (Map.Entry<String, String> input : inputs.entrySet()) {
            if (input.getValue() == null || input.getValue().isBlank()) {
                continue;
            }
            Path pattern = canonical(input.getValue(), conf);
            if (pattern == null || !sameFileSystem(pattern, output)) {
                continue;
            }
            String what = input.getKey() + " " + input.getValue();
            List<String> out = components(output);
            List<String> in = components(pattern);
            if (out.size() >= in.size() && matchesPrefix(out, in)) {
                String relation = out.size() > in.size()
                        ? " is inside the " + what + " input, whose next read would take the written files for data"
                        : hasGlob(pattern.toUri().getPath())
                        ? " is matched by the " + what + " input, whose next read would take the written files for "
                        + "data"
                        : " is the " + what + " input itself";
                throw new UsageException(outputOption + " " + outputUri + relation + ". fullbatch never writes into "
                        + "its input: choose an " + outputOption + " outside it");
            }
            for (Path match : matches(input.getValue(), pattern, conf)) {
                List<String> m = components(match);
                if (m.size() > out.size() && matchesPrefix(m, out)) {
                    throw new UsageException(outputOption + " " + outputUri + " contains the " + what + " input"
                            + (match.equals(pattern) ? "" : " (" + match + ")") + ", which replacing or resuming "
                            + "the output could delete. Choose an " + outputOption + " outside the input");
                }
            }
        }
    }

    private static boolean sameFileSystem(Path a, Path b) {
        URI x = a.toUri();
        URI y = b.toUri();
        return java.util.Objects.equals(x.getScheme(), y.getScheme())
                && java.util.Objects.equals(x.getAuthority(), y.getAuthority());
    }

    /** Whether the first {@code prefix.size()} components of {@code path} match {@code prefix} (globs allowed). */
    private static boolean matchesPrefix(List<String> path, List<String> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            String p = prefix.get(i);
            String c = path.get(i);
            if (hasGlob(p) ? !matches(p, c) : !p.equals(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(String glob, String name) {
        try {
            return new GlobPattern(glob).matches(name);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean hasGlob(String s) {
        return s.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{' || c == '\\');
    }

    private static List<String> components(Path p) {
        List<String> out = new ArrayList<>();
        for (Path q = p; q != null && !q.isRoot(); q = q.getParent()) {
            out.add(0, q.getName());
        }
        return out;
    }

    /** What a glob input matches now (qualified and canonical); the input itself when it is no glob. */
    private static List<Path> matches(String uri, Path canonical, Configuration conf) {
        if (!hasGlob(canonical.toUri().getPath())) {
            return List.of(canonical);
        }
        List<Path> out = new ArrayList<>();
        try {
            Path p = new Path(uri);
            FileStatus[] found = p.getFileSystem(conf).globStatus(p);
            if (found != null) {
                for (FileStatus f : found) {
                    Path c = canonical(f.getPath().toString(), conf);
                    if (c != null) {
                        out.add(c);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // Listing fails later, with the input named, when the input is read.
        }
        return out;
    }

    /**
     * The qualified path, with symbolic links resolved on the local file system (in the longest existing prefix
     * without glob characters); null when the URI cannot be qualified (other checks report it).
     */
    private static Path canonical(String uri, Configuration conf) {
        Path qualified;
        FileSystem fs;
        try {
            Path p = new Path(uri);
            fs = p.getFileSystem(conf);
            qualified = fs.makeQualified(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!"file".equals(qualified.toUri().getScheme())) {
            return qualified;
        }
        List<String> parts = components(qualified);
        java.nio.file.Path real = java.nio.file.Path.of("/");
        int used = 0;
        for (String part : parts) {
            java.nio.file.Path next = real.resolve(part);
            if (hasGlob(part) || !Files.exists(next)) {
                break;
            }
            real = next;
            used++;
        }
        try {
            real = real.toRealPath();
        } catch (IOException e) {
            return qualified;
        }
        StringBuilder sb = new StringBuilder(real.toString());
        for (int i = used; i < parts.size(); i++) {
            if (sb.charAt(sb.length() - 1) != '/') {
                sb.append('/');
            }
            sb.append(parts.get(i));
        }
        return fs.makeQualified(new Path("file://" + sb));
    }
}
