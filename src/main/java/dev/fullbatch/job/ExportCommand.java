package dev.fullbatch.job;

import dev.fullbatch.export.ExportFormat;
import dev.fullbatch.export.PredictionFunction;
import dev.fullbatch.export.UnsupportedModelException;
import dev.fullbatch.io.ExportFile;
import dev.fullbatch.io.ModelDirectory;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fullbatch export}: writes a saved model as one ONNX or PMML file (package {@code dev.fullbatch.export}),
 * whole or not at all. Starts no Spark. An existing file is replaced only with {@code --overwrite} and only when an
 * earlier export wrote it.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a saved model as an ONNX or PMML file for serving without Spark.")
final class ExportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfFileOption conf = new ConfFileOption();

    @Option(names = "--model", paramLabel = "DIR", description = "A model directory written by train. Required.")
    String model;

    @Option(names = "--format", paramLabel = "FMT", description = "onnx (linear models and networks) or pmml (linear models). Required.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "The file to write. Required.")
    String output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", description = "Replace an earlier export at --output.")
    boolean overwrite;

    @Override
    public Integer call() throws IOException {
        TrainCommand.require(model, "--model", "the model directory written by train");
        TrainCommand.require(format, "--format", "onnx or pmml");
        TrainCommand.require(output, "--output", "the file to write, e.g. model.onnx");
        ExportFormat fmt;
        try {
            fmt = ExportFormat.fromName(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        Configuration hconf = new Configuration();
        SavedModelSource source = SavedModelSource.read(model, hconf);
        SavedModel saved = source.saved();
        ExportFile file = target(source.directory(), hconf);
        byte[] bytes;
        try {
            bytes = fmt.write(PredictionFunction.of(saved, model), version());
        } catch (UnsupportedModelException e) {
            throw new UsageException(e.getMessage());
        }
        file.commit(bytes);
        spec.commandLine().getErr().printf(java.util.Locale.ROOT, "fullbatch: %s %s model (%s) written to %s "
                + "(%,d bytes)%n", saved.modelType(), saved.objective(), fmt.cliName(), output, bytes.length);
        return ExitCode.OK;
    }

    /** The output file, once it is known that writing it harms nothing that fullbatch did not write. */
    private ExportFile target(ModelDirectory dir, Configuration hconf) throws IOException {
        ExportFile file;
        try {
            file = new ExportFile(output, hconf);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--output '" + output + "' is not a valid path or URI: "
                    + OutputPath.reason(e));
        } catch (UncheckedIOException e) {
            throw new UsageException("--output " + output + ": " + e.getMessage());
        }
        Path modelDir = dir.fileSystem().makeQualified(dir.path());
        for (Path p = file.qualified(); p != null; p = p.getParent()) {
            if (p.equals(modelDir)) {
                throw new UsageException("--output " + output + " is inside the model directory " + model
                        + ", which train replaces as a whole; write the export elsewhere");
            }
        }
        Path blocking = file.fileAncestor();
        if (blocking != null) {
            throw new UsageException("--output " + output + " cannot be created: " + blocking + " is a file");
        }
        FileStatus existing = file.status();
        if (existing == null) {
            return file;
        }
        if (existing.isDirectory()) {
            throw new UsageException("--output " + output + " is a directory; give the path of the file to write, "
                    + "e.g. " + new Path(output, "model." + format.trim().toLowerCase(java.util.Locale.ROOT)));
        }
        if (!overwrite) {
            throw new UsageException("--output " + output + " already exists; pass --overwrite to replace it");
        }
        if (!ExportFormat.isOurs(file.head(ExportFormat.HEAD_BYTES))) {
            throw new UsageException("--output " + output + " exists and is not a model that fullbatch exported; "
                    + "fullbatch replaces only its own files, so choose another path");
        }
        return file;
    }

    private static String version() {
        String v = ExportCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
