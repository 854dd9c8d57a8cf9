package io.ticktickclock.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import picocli.CommandLine.Mixin;

/**
 * A command that runs BSP programs: the shared options ({@link RuntimeOptions}, {@link OutputOptions}) and
 * the order every such command follows: {@link #check} the options and files, then {@link #run} (read or
 * generate the input, run, write the outputs), then print the report.
 */
abstract class RunCommand implements Callable<Integer> {

    @Mixin
    RuntimeOptions runtime;

    @Mixin
    OutputOptions output;

    /** The command's name, for the report ({@code "command"} in the JSON document). */
    abstract String name();

    /** The command's input file, if it has one (outputs may not overwrite it). */
    abstract Path inputFile();

    /**
     * Checks the options that converters cannot check (combinations, output files); runs before any input
     * is read.
     *
     * @throws Failures.UsageException naming the option, the value and what was expected
     */
    abstract void check();

    /** Reads or generates the input, runs, writes the outputs, and fills {@code report}; returns the exit code. */
    abstract int run(Report report) throws Exception;

    /** Whether the command can run on a cluster ({@code --cluster}); the others say so before reading input. */
    boolean runsOnCluster() {
        return false;
    }

    /** Whether the command runs a superstep program that can be checkpointed ({@code --checkpoint-every}). */
    boolean checkpoints() {
        return false;
    }

    @Override
    public final Integer call() throws Exception {
        if (runtime.onCluster() && !runsOnCluster()) {
            throw new Failures.UsageException("--cluster: '" + name() + "' runs in this JVM only for now "
                    + "(sum, sort and pagerank without --vertex-centric run on a cluster)");
        }
        if (runtime.checkpointing() && !checkpoints()) {
            throw new Failures.UsageException((runtime.resume ? "--resume" : "--checkpoint-every") + ": '" + name()
                    + "' runs an SPMD program or a vertex program, which cannot be checkpointed yet (pagerank "
                    + "without --vertex-centric can)");
        }
        check();
        runtime.check(name(), inputFile());
        Report report = output.report(name());
        try {
            int code = run(report);
            report.finish();
            return code;
        } finally {
            runtime.close();
        }
    }

    Progress progress() {
        return output.progress();
    }

    /** Sets the run's common facts in the report: processors, supersteps, wall time. */
    static void runFacts(Report report, io.ticktickclock.BspResult<?> r) {
        report.document().put("processors", r.results().size());
        report.document().put("supersteps", r.superstepCount());
        Report.number(report.document(), "wallMillis", r.wallNanos() / 1e6);
    }

    /**
     * Writes {@code rows} lines to {@code out}, line {@code i} being {@code line.apply(i)} (without its
     * {@code \n}), with a progress meter naming {@code path} as an absolute path.
     */
    static void writeLines(OutputFile out, Path path, Progress progress, int rows, IntFunction<String> line)
            throws java.io.IOException {
        Progress.Meter meter = progress.meter("write", path.toAbsolutePath().toString(), rows, "lines");
        out.write(w -> {
            for (int i = 0; i < rows; i++) {
                w.write(line.apply(i));
                w.write('\n');
                if ((i & (Progress.REPORT_EVERY - 1)) == 0) {
                    meter.accept(i);
                }
            }
        });
        meter.done(String.format(java.util.Locale.ROOT, "%,d lines to %s", rows, path.toAbsolutePath()));
    }
}
