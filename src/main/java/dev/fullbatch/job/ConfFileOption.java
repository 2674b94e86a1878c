package dev.fullbatch.job;

import picocli.CommandLine.Option;

/**
 * The {@code --conf FILE} option, a picocli mixin of every command that takes its options from a properties file.
 * Declared here so that the command line parses; {@link Main} reads the file itself, before parsing, and installs
 * it as the command's default value provider ({@link ConfigFile}), so nothing reads this field.
 */
final class ConfFileOption {

    @Option(names = "--conf", paramLabel = "FILE", description = "Properties file with option values.")
    String conf;
}
