package io.ticktickclock.examples;

import io.ticktickclock.cost.MachineProfile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttc scaling}: one workload at several processor counts, as a table and an HTML report. */
@Command(name = "scaling", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Run a workload at several processor counts: time, speedup, efficiency, the cost model's "
                + "prediction and a hand-written baseline; a table on stdout and an HTML report.",
        footer = {"", "Example:", "  ttc scaling --workload sort --processors 1,2,4 --profile profile.json"})
final class ScalingCommand implements Callable<Integer> {

    @Option(names = "--workload", required = true, description = "pagerank, sort or sum.")
    String workload;

    @Option(names = {"-p", "--processors"}, paramLabel = "P,P,...", defaultValue = "1,2,4,8,16", split = ",",
            converter = Values.Processors.class, description = "The processor counts.")
    int[] processors;

    @Option(names = "--size", description = "Nodes for pagerank (16 edges each; default 200,000), numbers for "
            + "sort (default 5,000,000) and sum (default 200,000,000).")
    Long size;

    @Option(names = "--repetitions", defaultValue = "3", converter = Values.PositiveInt.class,
            description = "Runs per count; the median is kept.")
    int repetitions;

    @Option(names = "--seed", defaultValue = "1", description = "The generator's seed.")
    long seed;

    @Option(names = "--profile", paramLabel = "PROFILE", description = "A 'ttc probe' profile for predictions.")
    Path profile;

    static final Path DEFAULT_REPORT = Path.of("benchmarks/results/scaling.html");

    @Option(names = "--report", paramLabel = "HTML", defaultValue = "benchmarks/results/scaling.html",
            description = "Where to write the HTML report (its directories are created if missing for the "
                    + "default).")
    Path report;

    @Mixin
    OutputOptions options;

    @Override
    public Integer call() throws IOException {
        if (processors.length == 0) {
            throw new Failures.UsageException("--processors must list at least one count, e.g. 1,2,4");
        }
        long maxSize;
        try {
            maxSize = Scaling.maxSize(workload);
        } catch (IllegalArgumentException e) {
            throw new Failures.UsageException("--workload must be pagerank, sort or sum, got '" + workload + "'");
        }
        long n = size != null ? size : switch (workload) {
            case "pagerank" -> 200_000;
            case "sort" -> 5_000_000;
            default -> 200_000_000;
        };
        if (n < 1 || n > maxSize) {
            throw new Failures.UsageException("--size must be in [1, " + maxSize + "] for " + workload + ", got " + n);
        }
        int maxP = Arrays.stream(processors).max().getAsInt();
        if (report.equals(DEFAULT_REPORT)) {
            Files.createDirectories(report.toAbsolutePath().getParent());
        }
        OutputFile out = OutputFile.check("--report", report, profile);
        Memory.require("scaling " + workload + " of --size " + n + " up to p = " + maxP,
                Scaling.memory(workload, n, processors.length, maxP));
        Scaling.Workload w = Scaling.workload(workload, n, seed);
        MachineProfile machine = null;
        if (profile != null) {
            try {
                machine = MachineProfile.load(profile);
            } catch (IOException | IllegalArgumentException e) {
                throw new Failures.UsageException("--profile: cannot read " + profile + ": " + e.getMessage());
            }
            Ttc.untrusted("ttc scaling", "--profile " + profile, machine);
        }
        List<Scaling.Point> points = Scaling.run(w, processors, repetitions, machine);
        String html = Scaling.html(w, n, repetitions, points, machine);
        out.write(o -> o.write(html));
        Report r = options.report("scaling");
        r.document().put("workload", workload);
        r.document().put("size", n);
        r.document().put("repetitions", repetitions);
        r.document().put("seed", seed);
        var rows = r.document().putArray("points");
        for (Scaling.Point p : points) {
            var row = rows.addObject();
            row.put("processors", p.processors());
            Report.number(row, "seconds", p.seconds());
            Report.number(row, "speedup", p.speedup());
            Report.number(row, "efficiency", p.efficiency());
            Report.number(row, "predictedSeconds", p.predictedSeconds());
            Report.number(row, "baselineSeconds", p.baselineSeconds());
        }
        r.document().put("report", report.toAbsolutePath().toString());
        r.text(Scaling.table(points));
        r.line("report: %s", report.toAbsolutePath());
        r.finish();
        return 0;
    }
}
