package dev.fullbatch.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which folders fullbatch recognizes as its own, and which it must never touch. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private OutputFolder.Inspection inspect(Path folder, OutputFolder.Kind kind) throws IOException {
        return OutputFolder.inspect(FileSystem.getLocal(new Configuration()),
                new org.apache.hadoop.fs.Path(folder.toUri()), kind);
    }

    private Path folder(String name, String... files) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f);
        for (String file : files) {
            Path p = f.resolve(file);
            Files.createDirectories(p.getParent());
            if (file.endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.writeString(p, file.equals(OutputFolder.MARKER) ? OutputFolder.marker(OutputFolder.Kind.MODEL)
                        : file.equals("model.json") ? "{\"format\": \"fullbatch-model/1\"}" : "x");
            }
        }
        return f;
    }

    @Test
    void absentAndEmptyFoldersMayBeWritten() throws IOException {
        assertEquals(OutputFolder.State.ABSENT, inspect(dir.resolve("none"), OutputFolder.Kind.MODEL).state());
        assertEquals(OutputFolder.State.EMPTY, inspect(folder("empty"), OutputFolder.Kind.MODEL).state());
    }

    @Test
    void aModelWithItsMarkerIsCompleteAndARunWithoutSuccessIsUnfinished() throws IOException {
        assertEquals(OutputFolder.State.COMPLETE, inspect(folder("m", OutputFolder.MARKER, "model.json",
                "history.csv", "metrics.json", "training.svg", "encoding.json", "_SUCCESS", ".model.json.crc"),
                OutputFolder.Kind.MODEL).state());
        assertEquals(OutputFolder.State.UNFINISHED, inspect(folder("u", OutputFolder.MARKER,
                "_checkpoint/ckpt-00000003/state.json"), OutputFolder.Kind.MODEL).state());
    }

    @Test
    void everyFileTrainWritesIsRecognizedAsItsOwn() throws IOException {
        // coefficients and report (issue 17), --statistics (issue 19), a path run's files (issue 18)
        assertEquals(OutputFolder.State.COMPLETE, inspect(folder("all", OutputFolder.MARKER, "model.json",
                "history.csv", "metrics.json", "training.svg", "coefficients.csv", "report.html", "statistics.csv",
                "path.csv", "path-coefficients.csv", "path.svg", "_SUCCESS"), OutputFolder.Kind.MODEL).state());
    }

    @Test
    void foldersWrittenBeforeTheMarkerAreRecognizedByTheirContent() throws IOException {
        assertEquals(OutputFolder.State.COMPLETE, inspect(folder("old", "model.json", "history.csv", "_SUCCESS"),
                OutputFolder.Kind.MODEL).state());
        assertEquals(OutputFolder.State.UNFINISHED, inspect(folder("oldrun", "_checkpoint/ckpt-00000010/state.json",
                "_checkpoint/.ckpt-00000020.tmp/"), OutputFolder.Kind.MODEL).state());
        assertEquals(OutputFolder.State.COMPLETE, inspect(folder("scores", "predictions/part-0.csv",
                "metrics.json", "_SUCCESS"), OutputFolder.Kind.PREDICTIONS).state());
    }

    @Test
    void anyFileFullbatchDidNotWriteMakesTheFolderForeign() throws IOException {
        OutputFolder.Inspection user = inspect(folder("data", "train.libsvm", "notes.txt"), OutputFolder.Kind.MODEL);
        assertEquals(OutputFolder.State.FOREIGN, user.state());
        assertEquals(List.of("notes.txt", "train.libsvm"), user.entries());

        OutputFolder.Inspection mixed = inspect(folder("mixed", OutputFolder.MARKER, "model.json", "_SUCCESS",
                "README.md"), OutputFolder.Kind.MODEL);
        assertEquals(OutputFolder.State.FOREIGN, mixed.state());
        assertEquals(List.of("README.md"), mixed.entries());

        OutputFolder.Inspection many = inspect(folder("many", "a", "b", "c", "d", "e", "f", "g"),
                OutputFolder.Kind.MODEL);
        assertEquals(List.of("a", "b", "c", "d", "e"), many.entries());
        assertEquals("a, b, c, d, e; 2 more entries fullbatch did not write", OutputFolder.describe(many));
    }

    @Test
    void fullbatchNamesWithoutProofAreNotEnough() throws IOException {
        Path f = folder("lookalike", "history.csv");
        Files.writeString(f.resolve("model.json"), "{\"weights\": [1, 2]}");
        OutputFolder.Inspection i = inspect(f, OutputFolder.Kind.MODEL);
        assertEquals(OutputFolder.State.FOREIGN, i.state());
        assertEquals(List.of("history.csv", "model.json"), i.entries());
        assertEquals(OutputFolder.State.FOREIGN, inspect(folder("ckpt", "_checkpoint/my-own-state.bin"),
                OutputFolder.Kind.MODEL).state(), "another tool's _checkpoint folder");
    }

    @Test
    void predictionsAreNotAModelAndAModelIsNotPredictions() throws IOException {
        Path scores = folder("scores", "predictions/part-0.csv", "metrics.json", "_SUCCESS");
        Files.writeString(scores.resolve(OutputFolder.MARKER), OutputFolder.marker(OutputFolder.Kind.PREDICTIONS));
        assertEquals(OutputFolder.State.OTHER_KIND, inspect(scores, OutputFolder.Kind.MODEL).state());
        assertEquals(OutputFolder.State.OTHER_KIND, inspect(folder("model", OutputFolder.MARKER, "model.json",
                "_SUCCESS"), OutputFolder.Kind.PREDICTIONS).state());
        assertEquals(OutputFolder.State.OTHER_KIND, inspect(folder("legacy", "predictions/part-0.csv",
                "metrics.json", "_SUCCESS"), OutputFolder.Kind.MODEL).state());
    }
}
