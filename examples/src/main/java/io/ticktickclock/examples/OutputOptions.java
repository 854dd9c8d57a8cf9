package io.ticktickclock.examples;

import picocli.CommandLine.Option;

/** {@code --json} and {@code --quiet}: what goes to stdout and whether progress goes to stderr. Every command has them. */
final class OutputOptions {

    @Option(names = "--json", description = "Print the results as one JSON document on stdout (with the "
            + "--analyze analysis and, for pagerank, the top ranks) instead of lines for a person.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr (warnings and errors still go there).")
    boolean quiet;

    private Progress progress;

    /** The command's progress on stderr; one per command. */
    Progress progress() {
        if (progress == null) {
            progress = Progress.toStderr(quiet);
        }
        return progress;
    }

    /** The command's stdout. */
    Report report(String command) {
        return new Report(System.out, json, command);
    }
}
