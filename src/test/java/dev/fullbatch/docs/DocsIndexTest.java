package dev.fullbatch.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The documentation's shape: a short README that indexes every page under docs/, links that lead somewhere, and the
 * README's test command being the one CI runs. (The runnable examples themselves are run by DocExamplesIT.)
 */
class DocsIndexTest {
    private static final Path PROJECT = Path.of(System.getProperty("fullbatch.project.dir", "."));

    @Test
    void readmeStaysAtMost150Lines() throws IOException {
        int lines = Files.readAllLines(PROJECT.resolve("README.md")).size();
        assertTrue(lines <= 150, "README.md has " + lines + " lines; keep it at most 150 and move the topic to its "
                + "page under docs/");
    }

    @Test
    void everyDocsPageIsLinkedFromTheReadme() {
        MarkdownFile readme = MarkdownFile.read(PROJECT, PROJECT.resolve("README.md"));
        Set<String> linked = new TreeSet<>();
        for (MarkdownFile.Link link : readme.relativeLinks()) {
            linked.add(link.target().replaceFirst("#.*", ""));
        }
        List<String> missing = new ArrayList<>();
        for (MarkdownFile page : MarkdownFile.projectDocs(PROJECT)) {
            if (page.name().startsWith("docs/") && !linked.contains(page.name())) {
                missing.add(page.name());
            }
        }
        assertEquals(List.of(), missing, "docs pages missing from README.md's index of docs/");
    }

    @Test
    void everyRelativeLinkLeadsToAFileAndHeadingThatExist() {
        List<String> broken = new ArrayList<>();
        for (MarkdownFile file : MarkdownFile.projectDocs(PROJECT)) {
            for (MarkdownFile.Link link : file.relativeLinks()) {
                String target = link.target();
                int hash = target.indexOf('#');
                String pathPart = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path resolved = pathPart.isEmpty() ? file.path()
                        : file.path().getParent().resolve(pathPart).normalize();
                String where = file.name() + ":" + link.line() + ": " + target;
                if (!Files.exists(resolved)) {
                    broken.add(where + " (no such file)");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !MarkdownFile.read(PROJECT, resolved).anchors().contains(anchor)) {
                    broken.add(where + " (no such heading in " + PROJECT.relativize(resolved) + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void ciRunsTheTestCommandTheReadmeShowsFirst() throws IOException {
        MarkdownFile readme = MarkdownFile.read(PROJECT, PROJECT.resolve("README.md"));
        String first = readme.codeBlocks().get(0).text();
        assertTrue(first.lines().anyMatch(l -> l.startsWith("scripts/fullbatch demo")),
                "README.md's first code block starts the demo:\n" + first);
        assertTrue(first.lines().anyMatch(l -> l.startsWith("scripts/test")),
                "README.md's first code block runs the tests with scripts/test:\n" + first);
        String ci = Files.readString(PROJECT.resolve(".ci/run"));
        assertTrue(ci.lines().anyMatch(l -> l.strip().equals("exec scripts/test")),
                ".ci/run runs the README's test command, scripts/test:\n" + ci);
    }
}
