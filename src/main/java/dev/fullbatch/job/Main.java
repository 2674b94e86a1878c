package dev.fullbatch.job;

import dev.fullbatch.data.BadInputException;
import dev.fullbatch.io.CheckpointStore;
import dev.fullbatch.train.DivergenceException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code fullbatch} command: {@code train}, {@code predict} and {@code generate}. The same class is the main
 * class for {@code scripts/fullbatch} (local mode) and for {@code spark-submit --class dev.fullbatch.job.Main}.
 *
 * <p>Errors a user can cause print one message naming the option, file or value and the fix, never a stack trace,
 * and map to the contract's exit codes ({@link ExitCode}).
 */
@Command(name = "fullbatch", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact, bit-reproducible full-batch gradient descent on Apache Spark.",
        subcommands = {TrainCommand.class, PredictCommand.class, GenerateCommand.class, DemoCommand.class,
            ExportCommand.class},
        footer = {"", "Exit codes: 0 success, 1 internal failure, 2 bad usage/configuration/input, 3 diverged.",
            "Run 'fullbatch SUBCOMMAND --help' for the options of each."})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** Entry point: runs and exits with the command's exit code. */
    public static void main(String[] args) {
        System.exit(execute(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit code, printing to the given streams. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        PrintWriter outWriter = new PrintWriter(out, true);
        PrintWriter errWriter = new PrintWriter(err, true);
        CommandLine cli;
        try {
            cli = commandLine(args);
        } catch (UsageException e) {
            errWriter.println("fullbatch: " + e.getMessage());
            return ExitCode.USAGE;
        }
        cli.setOut(outWriter);
        cli.setErr(errWriter);
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> handle(ex, errWriter,
                message -> message + provenance(line, message, args)));
        cli.setParameterExceptionHandler((ex, a) -> {
            String name = commandName(ex.getCommandLine());
            String prefix = name.isEmpty() ? "fullbatch" : "fullbatch " + name;
            String message = ex instanceof CommandLine.OverwrittenOptionException o ? repeated(o, a)
                    : ex.getMessage() + suggestion(ex) + provenance(ex.getCommandLine(), ex.getMessage(), args);
            errWriter.println(prefix + ": " + message);
            errWriter.println("Run '" + prefix + " --help' for the options.");
            return ExitCode.USAGE;
        });
        return cli.execute(args);
    }

    private static String commandName(CommandLine line) {
        String name = line.getCommandName();
        return name.equals("fullbatch") ? "" : name;
    }

    /** "--reg-l2 is given 2 times on the command line (--reg-l2 1e-3, --reg-l2=1e-4); give it once". */
    private static String repeated(CommandLine.OverwrittenOptionException ex, String[] args) {
        if (!(ex.getOverwritten() instanceof CommandLine.Model.OptionSpec option)) {
            return ex.getMessage();
        }
        List<String> seen = new java.util.ArrayList<>();
        boolean takesValue = option.arity().min() > 0;
        for (int i = 0; i < args.length; i++) {
            for (String name : option.names()) {
                if (args[i].equals(name)) {
                    seen.add(takesValue && i + 1 < args.length ? name + " " + args[i + 1] : name);
                } else if (args[i].startsWith(name + "=")) {
                    seen.add(args[i]);
                }
            }
        }
        return option.longestName() + " is given " + seen.size() + " times on the command line ("
                + String.join(", ", seen) + "); give it once";
    }

    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> s = u.getSuggestions();
            if (!s.isEmpty()) {
                return "; did you mean " + String.join(" or ", s) + "?";
            }
        }
        return "";
    }

    /** Says which --conf file set an option an error names, when the command line did not give it. */
    private static String provenance(CommandLine line, String message, String[] args) {
        if (message != null && line != null
                && line.getCommandSpec().defaultValueProvider() instanceof ConfigFile conf) {
            return conf.provenance(message, args);
        }
        return "";
    }

    static int handle(Exception ex, PrintWriter err) {
        return handle(ex, err, message -> message);
    }

    /** Prints a user error's message (passed through {@code annotate}) or a bug's trace; returns the exit code. */
    static int handle(Exception ex, PrintWriter err, java.util.function.UnaryOperator<String> annotate) {
        Throwable t = ex;
        while (t != null) {
            if (t instanceof UsageException) {
                err.println("fullbatch: " + annotate.apply(t.getMessage()));
                return ExitCode.USAGE;
            }
            if (t instanceof BadInputException) {
                err.println("fullbatch: " + t.getMessage());
                return ExitCode.USAGE;
            }
            if (t instanceof DivergenceException) {
                err.println("fullbatch: " + t.getMessage());
                return ExitCode.DIVERGED;
            }
            if (t instanceof CheckpointStore.ReadFailure) {
                // The file system failed, not fullbatch: exit 1, which schedulers retry, with the reason only.
                err.println("fullbatch: " + t.getMessage());
                return ExitCode.INTERNAL;
            }
            t = t.getCause();
        }
        Optional<String> missing = MissingFileSystem.explain(ex);
        if (missing.isPresent()) {
            err.println("fullbatch: " + missing.get());
            return ExitCode.USAGE;
        }
        err.println("fullbatch: internal error (a bug; please report it with this trace):");
        ex.printStackTrace(err);
        return ExitCode.INTERNAL;
    }

    /** Builds the command line, applying a {@code --conf FILE} to the chosen subcommand. */
    static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        // A single-valued option given twice is refused, never a silent last-wins (see repeated()).
        cli.setOverwrittenOptionsAllowed(false);
        if (args.length == 0) {
            return cli;
        }
        CommandLine sub = cli.getSubcommands().get(args[0]);
        String conf = confArgument(args);
        if (sub != null && conf != null) {
            Set<String> keys = new TreeSet<>();
            for (CommandLine.Model.OptionSpec o : sub.getCommandSpec().options()) {
                String name = o.longestName().replaceFirst("^--", "");
                if (!name.equals("conf") && !name.equals("help") && !name.equals("version")) {
                    keys.add(name);
                }
            }
            sub.setDefaultValueProvider(ConfigFile.read(conf, keys));
        }
        return cli;
    }

    private static String confArgument(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--conf")) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--conf needs a file path");
                }
                return args[i + 1];
            }
            if (args[i].startsWith("--conf=")) {
                return args[i].substring("--conf=".length());
            }
        }
        return null;
    }

    /**
     * Reports the version and the commit the build was made from, from the same build description that model.json's
     * provenance records ({@link dev.fullbatch.io.Provenance}), so the two never disagree.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            dev.fullbatch.io.Provenance p = dev.fullbatch.io.Provenance.of(null, null);
            String commit = p.commit() == null ? "unknown"
                    : p.commit().substring(0, 12) + (p.dirty() ? " with uncommitted changes" : "");
            return new String[] {"fullbatch " + p.version() + ", commit " + commit};
        }
    }
}
