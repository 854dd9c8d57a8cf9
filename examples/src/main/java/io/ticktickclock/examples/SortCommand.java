package io.ticktickclock.examples;

import io.ticktickclock.BspResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ttc sort}: parallel sample sort of 64-bit integers, checked against {@code Arrays.parallelSort}. */
@Command(name = "sort", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Parallel sample sort of signed 64-bit integers (a file with one per line, or generated), "
                + "checked against Arrays.parallelSort.",
        footer = {"", "Distributions for --generate N:DISTRIBUTION:",
            "  uniform     uniform over all longs (the default)",
            "  skewed      heavily skewed towards small magnitudes",
            "  sorted      already sorted ascending",
            "  reverse     sorted descending",
            "  duplicates  only ten distinct values",
            "  equal       all equal",
            "", "Examples:",
            "  ttc sort --generate 10000000:skewed --processors 2 --output sorted.txt",
            "  ttc sort --input numbers.txt.gz --json"})
final class SortCommand extends RunCommand {

    /** --input FILE or --generate N[:DISTRIBUTION]. */
    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", required = true,
                description = "Read the numbers from FILE: one signed 64-bit integer per line, '#' comments; "
                        + ".gz works.")
        Path input;

        @Option(names = "--generate", paramLabel = "N[:DISTRIBUTION]", required = true,
                description = "Generate N numbers (distributions below), e.g. 1000000 or 1000000:skewed.")
        String generate;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--seed", defaultValue = "1", description = "The generator's seed.")
    long seed;

    @Option(names = "--output", paramLabel = "SORTED", description = "Write the sorted numbers, one per line.")
    Path output;

    private OutputFile out;
    private int count;
    private Numbers.Distribution distribution;

    @Override
    boolean runsOnCluster() {
        return true;
    }

    @Override
    String name() {
        return "sort";
    }

    @Override
    Path inputFile() {
        return source.input;
    }

    @Override
    void check() {
        if (source.generate != null) {
            String[] parts = source.generate.split(":");
            try {
                long n = Long.parseLong(parts[0]);
                if (n < 0 || n > Numbers.MAX_COUNT) {
                    throw new Failures.UsageException("--generate: the count must be in [0, " + Numbers.MAX_COUNT
                            + "], got " + n);
                }
                if (parts.length > 2) {
                    throw new IllegalArgumentException();
                }
                distribution = parts.length > 1
                        ? Numbers.Distribution.valueOf(parts[1].toUpperCase(Locale.ROOT)) : Numbers.Distribution.UNIFORM;
                count = (int) n;
            } catch (IllegalArgumentException e) {
                throw new Failures.UsageException("--generate must be N or N:DISTRIBUTION with DISTRIBUTION one of "
                        + Arrays.toString(Numbers.Distribution.values()).toLowerCase(Locale.ROOT) + ", got '"
                        + source.generate + "'");
            }
        }
        out = output == null ? null : OutputFile.check("--output", output, source.input, runtime.analyze);
    }

    private long[] input(Progress progress) throws java.io.IOException {
        if (source.input != null) {
            Path file = source.input.toAbsolutePath();
            long size = java.nio.file.Files.isRegularFile(source.input) ? java.nio.file.Files.size(source.input) : -1;
            Progress.Meter meter = progress.meter("read", file.toString(), size, "bytes");
            long[] numbers = Numbers.read(source.input, meter);
            meter.done(String.format(Locale.ROOT, "%,d numbers from %s", numbers.length, file));
            Memory.require("sort of " + source.input, Memory.sort(numbers.length));
            return numbers;
        }
        Memory.require("sort of --generate " + source.generate, Memory.sort(count));
        Progress.Meter meter = progress.meter("generate", source.generate, count, "numbers");
        long[] numbers = Numbers.generate(count, distribution, seed, meter);
        meter.done(String.format(Locale.ROOT, "%,d %s numbers (seed %d)", count,
                distribution.name().toLowerCase(Locale.ROOT), seed));
        return numbers;
    }

    @Override
    int run(Report report) throws Exception {
        Progress progress = progress();
        long[] input = input(progress);
        BspResult<long[]> r = runtime.run(1_000, progress, new SampleSort.Job(input));
        long max = 0;
        long total = 0;
        for (long[] bucket : r.results()) {
            max = Math.max(max, bucket.length);
            total += bucket.length;
        }
        long[] expected = input.clone();
        Arrays.parallelSort(expected);
        boolean ok = total == input.length;
        int at = 0;
        for (long[] bucket : r.results()) {
            for (long v : bucket) {
                ok &= at < expected.length && expected[at++] == v;
            }
        }
        double ideal = (double) input.length / r.results().size();
        double balance = input.length == 0 ? 1.0 : max / ideal;
        if (out != null) {
            long[] sorted = new long[input.length];
            at = 0;
            for (long[] bucket : r.results()) {
                System.arraycopy(bucket, 0, sorted, at, bucket.length);
                at += bucket.length;
            }
            writeLines(out, output, progress, sorted.length, i -> Long.toString(sorted[i]));
        }
        runFacts(report, r);
        report.document().put("count", input.length);
        report.document().put("sorted", ok);
        Report.number(report.document(), "bucketBalance", balance);
        if (out != null) {
            report.document().put("output", output.toAbsolutePath().toString());
        }
        report.line("sorted %,d numbers on %d processors: %s; bucket balance (largest bucket / ideal) %.3f",
                input.length, r.results().size(), ok ? "OK (the same as Arrays.parallelSort)" : "WRONG ORDER",
                balance);
        if (out != null) {
            report.line("sorted numbers written to %s", output.toAbsolutePath());
        }
        runtime.finish(r, report);
        return ok ? 0 : 1;
    }
}
