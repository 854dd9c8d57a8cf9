package io.ticktickclock.examples;

import io.ticktickclock.BspResult;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttc sum}: the parallel sum of generated numbers, checked against the sequential sum. */
@Command(name = "sum", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Parallel sum of N generated numbers (value(i), a hash of i, in [0, 10^6)), checked "
                + "against the sequential sum. Two supersteps: partial sums, then their total on processor 0.",
        footer = {"", "Example:", "  ttc sum --generate 100000000 --processors 2"})
final class SumCommand extends RunCommand {

    @Option(names = {"--generate", "--count"}, paramLabel = "N", defaultValue = "100000000",
            converter = Values.NonNegativeLong.class, description = "How many numbers.")
    long count;

    @Override
    boolean runsOnCluster() {
        return true;
    }

    @Override
    String name() {
        return "sum";
    }

    @Override
    Path inputFile() {
        return null;
    }

    @Override
    void check() {
    }

    @Override
    int run(Report report) throws java.io.IOException {
        BspResult<Long> r = runtime.run(1_000, progress(), new ParallelSum.Job(count));
        long expected = ParallelSum.sequential(count);
        boolean ok = r.result(0) == expected;
        runFacts(report, r);
        report.document().put("count", count);
        report.document().put("sum", r.result(0));
        report.document().put("correct", ok);
        report.line("sum of %,d numbers = %d (sequential: %d) %s", count, r.result(0), expected,
                ok ? "OK" : "MISMATCH");
        runtime.finish(r, report);
        return ok ? 0 : 1;
    }
}
