package dev.fullbatch.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Optional;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.util.VersionInfo;
import org.junit.jupiter.api.Test;

/** A URI whose file system connector is missing is a user error that says which jar to add. */
class MissingFileSystemTest {

    @Test
    void missingS3aConnectorNamesTheHadoopAwsPackageOfTheRunningHadoop() {
        // Hadoop's own wording when core-default.xml knows the scheme but the class is absent.
        RuntimeException e = new RuntimeException(new ClassNotFoundException(
                "Class org.apache.hadoop.fs.s3a.S3AFileSystem not found"));
        Optional<String> text = MissingFileSystem.explain(new IllegalStateException("wrapped", e));
        assertTrue(text.isPresent());
        assertTrue(text.get().contains("--packages org.apache.hadoop:hadoop-aws:" + VersionInfo.getVersion()),
                text.get());
        assertTrue(text.get().contains("S3AFileSystem"), text.get());
    }

    @Test
    void unknownSchemeIsExplained() {
        Optional<String> text = MissingFileSystem.explain(new UnsupportedFileSystemException(
                "No FileSystem for scheme \"foo\""));
        assertTrue(text.isPresent());
        assertTrue(text.get().contains("\"foo\"") && text.get().contains("--jars"), text.get());
    }

    @Test
    void otherFailuresAreNotExplainedAway() {
        assertFalse(MissingFileSystem.explain(new IOException("disk full")).isPresent());
        assertFalse(MissingFileSystem.explain(new RuntimeException(new ClassNotFoundException(
                "Class com.example.Missing not found"))).isPresent());
    }

    @Test
    void confFileOnS3aWithoutTheConnectorExitsTwoWithoutAStackTrace() {
        JobRun run = JobRun.of("train", "--conf", "s3a://bucket/train.properties", "--data", "x", "--output", "y");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("hadoop-aws"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }
}
