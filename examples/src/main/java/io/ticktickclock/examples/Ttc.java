package io.ticktickclock.examples;

import io.ticktickclock.cost.MachineProfile;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code ttc} command line: runs the examples on the local runtime, one class per command
 * ({@link PageRankCommand}, {@link SortCommand}, ...) sharing the options of {@link RuntimeOptions} and
 * {@link OutputOptions}, with the values checked by {@link Values}. Exit codes: 0 success, 1 a failed run,
 * malformed input or out of memory, 2 a usage error (bad option, bad value, a file that is missing or cannot
 * be opened or created). Every failure is one line on stderr (see {@link Failures}); outputs are written as
 * {@link OutputFile} describes; stdout carries only results (see {@link Report}).
 */
@Command(name = "ttc", mixinStandardHelpOptions = true, version = "TickTickClock 0.2.0",
        description = "Runs Bulk Synchronous Parallel examples on the local (threads) runtime.",
        subcommands = {PageRankCommand.class, ComponentsCommand.class, ShortestPathsCommand.class,
            BreadthFirstSearchCommand.class, SortCommand.class, SumCommand.class, ProbeCommand.class,
            ScalingCommand.class, WorkerCommand.class},
        footer = {"", "Run 'ttc COMMAND --help' for a command's options. Example: ttc pagerank --processors 2"})
public final class Ttc implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, also print the Java stack trace (or set TTC_DEBUG=1).")
    boolean debug;

    /** {@code ttc} alone: the usage on stderr, exit 2 (a command is missing). */
    @Override
    public Integer call() {
        spec.commandLine().usage(System.err);
        return 2;
    }

    public static void main(String[] args) {
        Failures.installLastResort(debug(args));
        System.exit(run(args));
    }

    /**
     * Runs one command line and returns its exit code. Nothing escapes as an exception: picocli reports
     * usage errors, {@link Failures} everything else, {@link OutOfMemoryError} included, in one line.
     */
    static int run(String... args) {
        Memory.reset();
        boolean debug = debug(args);
        CommandLine cl = new CommandLine(new Ttc());
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> Failures.report(e, commandLine.getErr(), debug));
        try {
            return cl.execute(args);
        } catch (Throwable e) {             // errors (out of memory, stack overflow) pass picocli's handler
            return Failures.report(e, cl.getErr(), debug);
        } finally {
            LiveDashboard.finish(System.err);
        }
    }

    private static boolean debug(String[] args) {
        return "1".equals(System.getenv("TTC_DEBUG")) || Arrays.asList(args).contains("--debug");
    }

    /** Warns on stderr, one line per reason, when a machine profile's fit cannot be trusted. */
    static void untrusted(String command, String what, MachineProfile profile) {
        for (String warning : profile.warnings()) {
            System.err.println(command + ": warning: " + what + " cannot be trusted: " + warning);
        }
    }
}
