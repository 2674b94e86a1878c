package dev.fullbatch.job;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.engine.DataEngine;
import dev.fullbatch.io.SavedModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * {@code train} run from inside a process that already holds its data and its Spark session (the Spark ML
 * estimators): the command's own option parsing and validation, and the command's own training run, on data an
 * engine serves under a name. So a fit and {@code fullbatch train} with the same options on the same blocks give the
 * same bits: there is one training code path.
 *
 * <p>The run writes its model directory into a fresh temporary folder, which is read back and deleted; checkpoints
 * are off (a fit is not resumed).
 */
public final class EmbeddedTraining {
    private EmbeddedTraining() {
    }

    /**
     * What a run wrote.
     *
     * @param model model.json, read
     * @param files the model directory's text files by name (model.json, metrics.json, history.csv)
     */
    public record Result(SavedModel model, Map<String, String> files) {
        /** Copies. */
        public Result {
            files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        }
    }

    /** The files of a model directory that a result carries. */
    public static final List<String> FILES = List.of("model.json", "metrics.json", "history.csv");

    /**
     * Trains.
     *
     * @param options {@code train} options as on the command line (without {@code --data}, {@code --output},
     *     {@code --validation} and the checkpoint options)
     * @param engineFor the engine that serves the training data under the name given (a URI in the run's
     *     temporary folder that names no file)
     * @param log where progress lines go
     * @throws IllegalArgumentException for a bad option or bad data, with the command's one-line message
     * @throws dev.fullbatch.train.DivergenceException when training diverged
     */
    public static Result train(List<String> options, Function<String, DataEngine> engineFor, PrintWriter log) {
        Path folder;
        try {
            folder = Files.createTempDirectory("fullbatch-fit-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary folder for the training run", e);
        }
        try {
            Path output = folder.resolve("model");
            String dataName = folder.resolve("data").toUri().toString();
            List<String> args = new ArrayList<>(List.of("train", "--data", dataName, "--output",
                    output.toUri().toString(), "--checkpoint-every", "0", "--checkpoint-interval", "0"));
            args.addAll(options);
            TrainSettings settings = settings(args.toArray(new String[0]), log);
            new TrainJob(settings, log, engineFor.apply(dataName)).run();
            Map<String, String> files = new LinkedHashMap<>();
            for (String name : FILES) {
                files.put(name, Files.readString(output.resolve(name), StandardCharsets.UTF_8));
            }
            return new Result(SavedModel.fromJson(files.get("model.json"), "model.json"), files);
        } catch (UsageException | BadInputException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteTree(folder);
        }
    }

    private static TrainSettings settings(String[] args, PrintWriter log) {
        CommandLine cli = Main.commandLine(args);
        CommandLine.ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        TrainCommand command = parsed.subcommand().commandSpec().commandLine().getCommand();
        return command.settings(log);
    }

    /** Removes the run's temporary folder, which this class created and only it wrote into. */
    private static void deleteTree(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A leftover temporary folder is harmless; the model was read or the error is on its way.
        }
    }
}
