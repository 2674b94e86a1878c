package dev.fullbatch.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One of the project's Markdown documents (README.md, docs/*.md) as the doc tests need it: its fenced code blocks
 * with their info strings and line numbers, its relative links, and the anchors its headings define. Only the
 * subset of Markdown the project writes is understood: backtick fences at the start of a line, inline links
 * {@code [text](target)}, ATX headings ({@code #} to {@code ######}) outside fences. As in CommonMark, a backtick
 * fence's info string holds no backtick (so a line starting with inline code is not a fence).
 *
 * @param path where the file is
 * @param name how messages name it, relative to the project root (e.g. {@code docs/cluster.md})
 * @param lines its lines
 */
record MarkdownFile(Path path, String name, List<String> lines) {
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,})\\s*([^`]*)$");
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    /**
     * A fenced code block.
     *
     * @param line the 1-based line of its opening fence
     * @param info the opening fence's info string, trimmed (e.g. {@code bash runnable})
     * @param text its lines, joined with newlines
     */
    record CodeBlock(int line, String info, String text) {
    }

    /**
     * A link to another file or an anchor, as written.
     *
     * @param line the 1-based line it is on
     * @param target the target, e.g. {@code docs/cluster.md#hdfs}
     */
    record Link(int line, String target) {
    }

    static MarkdownFile read(Path projectDir, Path path) {
        try {
            return new MarkdownFile(path, projectDir.relativize(path).toString(),
                    Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** README.md, then docs/*.md in name order. */
    static List<MarkdownFile> projectDocs(Path projectDir) {
        List<MarkdownFile> files = new ArrayList<>();
        files.add(read(projectDir, projectDir.resolve("README.md")));
        try (Stream<Path> docs = Files.list(projectDir.resolve("docs"))) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                    .forEach(p -> files.add(read(projectDir, p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Every fenced code block; an unclosed fence is an error (it would hide the rest of the file). */
    List<CodeBlock> codeBlocks() {
        List<CodeBlock> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            String fence = open.group(1);
            int start = i;
            List<String> body = new ArrayList<>();
            i++;
            while (i < lines.size() && !lines.get(i).strip().equals(fence)) {
                body.add(lines.get(i));
                i++;
            }
            if (i == lines.size()) {
                throw new IllegalStateException(name + ":" + (start + 1) + ": code fence is never closed");
            }
            blocks.add(new CodeBlock(start + 1, open.group(2).strip(), String.join("\n", body)));
            i++;
        }
        return blocks;
    }

    /** Links outside code blocks and inline code to relative targets (no scheme, not mail). */
    List<Link> relativeLinks() {
        List<Link> links = new ArrayList<>();
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher m = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    links.add(new Link(i + 1, target));
                }
            }
        }
        return links;
    }

    /** The anchors GitHub gives the headings: lower case, punctuation dropped, spaces to hyphens, -1... for repeats. */
    Set<String> anchors() {
        Set<String> anchors = new LinkedHashSet<>();
        boolean inFence = false;
        for (String line : lines) {
            if (FENCE.matcher(line).matches()) {
                inFence = !inFence;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (inFence || !m.matches()) {
                continue;
            }
            String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                    .replace(' ', '-');
            String unique = slug;
            for (int n = 1; anchors.contains(unique); n++) {
                unique = slug + "-" + n;
            }
            anchors.add(unique);
        }
        return anchors;
    }
}
