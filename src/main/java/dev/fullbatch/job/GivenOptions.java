package dev.fullbatch.job;

import java.util.Optional;
import java.util.Set;

/**
 * Which options a user set for one command, and where: on the command line, or in a {@code --conf} file. Options
 * set in neither keep their built-in defaults. Immutable.
 *
 * @param onCommandLine option names without the dashes (e.g. {@code momentum}) given on the command line
 * @param inConfFile option names without the dashes that the {@code --conf} file sets; empty without one
 * @param confFile the {@code --conf} file as given, or null without one
 */
record GivenOptions(Set<String> onCommandLine, Set<String> inConfFile, String confFile) {

    GivenOptions {
        onCommandLine = Set.copyOf(onCommandLine);
        inConfFile = Set.copyOf(inConfFile);
    }

    /** Whether the user set {@code name} (without the dashes) anywhere. */
    boolean isSet(String name) {
        return onCommandLine.contains(name) || inConfFile.contains(name);
    }

    /**
     * The {@code --conf} file that set {@code name}, when that is where its value came from (the command line
     * wins, so an option given there too is not the file's).
     */
    Optional<String> setOnlyInConfFile(String name) {
        return onCommandLine.contains(name) || !inConfFile.contains(name) ? Optional.empty() : Optional.of(confFile);
    }
}
