package io.ticktickclock.examples;

import io.ticktickclock.cluster.ClusterRuntime;
import io.ticktickclock.cluster.WorkerInfo;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.Probe;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttc probe}: measures the machine's BSP parameters g and l at one processor count. */
@Command(name = "probe", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Measure this machine's BSP parameters g (ns per word of an h-relation) and l (ns per "
                + "barrier) for a processor count; --analyze and scaling --profile read the saved profile.",
        footer = {"", "Examples:", "  ttc probe --processors 2 --output profile.json",
            "  ttc probe --processors 4 --cluster 10.0.0.1:5701 --output cluster.json   (the cluster's g and l)",
            "  ttc pagerank --cluster 10.0.0.1:5701 -p 4 --analyze cluster.json"})
final class ProbeCommand implements Callable<Integer> {

    @Option(names = {"-p", "--processors"}, paramLabel = "P", required = true, converter = Values.Processors.class,
            description = "The processor count to measure.")
    int processors;

    @Option(names = "--output", paramLabel = "FILE", description = "Save the profile (JSON) to FILE.")
    Path output;

    @Option(names = "--quick", description = "A rough, fast measurement.")
    boolean quick;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
            description = "Measure a cluster of 'ttc worker's (its network between the workers) instead of this "
                    + "JVM, connecting through these workers; the P processors are spread over the workers as in "
                    + "a run. Default: this JVM.")
    List<String> cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "ticktickclock",
            description = "The cluster's name (workers of another cluster refuse the run).")
    String clusterName;

    @Mixin
    OutputOptions options;

    @Override
    public Integer call() throws java.io.IOException {
        if (cluster != null) {
            for (String address : cluster) {
                RuntimeOptions.hostPort("--cluster", address);
            }
        }
        OutputFile out = output == null ? null : OutputFile.check("--output", output);
        Report report = options.report("probe");
        Probe.Options how = quick ? Probe.Options.quick() : Probe.Options.defaults();
        MachineProfile profile;
        if (cluster == null) {
            options.progress().line(String.format(Locale.ROOT, "[probe] measuring g and l at p = %d%s...",
                    processors, quick ? " (quick)" : ""));
            profile = Probe.run(processors, how);
        } else {
            try (ClusterRuntime runtime = ClusterRuntime.builder().clusterName(clusterName).addresses(cluster)
                    .processors(processors).connect()) {
                List<WorkerInfo> workers = runtime.workers();
                options.progress().line(String.format(Locale.ROOT, "[probe] measuring g and l at p = %d on the "
                        + "cluster (%d workers)%s...", processors, workers.size(), quick ? " (quick)" : ""));
                MachineProfile measured = Probe.run(processors, how, job -> runtime.run(job, List.of()));
                // The machine is the cluster: its workers' processors, and which workers.
                StringBuilder where = new StringBuilder(measured.os()).append("; cluster '").append(clusterName)
                        .append("' of ").append(workers.size()).append(" workers:");
                int offered = 0;
                for (WorkerInfo w : workers) {
                    where.append(' ').append(w.memberAddress());
                    offered += w.processorCount();
                }
                profile = new MachineProfile(measured.processors(), measured.gNanosPerWord(),
                        measured.gConfidence95(), measured.lNanos(), measured.lConfidence95(), measured.rSquared(),
                        measured.samples(), offered, measured.jvm(), where.toString(), measured.measuredAt(),
                        measured.warnings());
            }
        }
        Ttc.untrusted("ttc probe", "the measurement", profile);
        if (out != null) {
            out.write(w -> w.write(profile.toJson()));
        }
        report.document().set("profile", Report.parse(profile.toJson()));
        if (out != null) {
            report.document().put("output", output.toAbsolutePath().toString());
        }
        report.line("p = %d: g = %.4f ± %.4f ns/word, l = %.0f ± %.0f ns (R² = %.3f, %d supersteps, %d cores)",
                profile.processors(), profile.gNanosPerWord(), profile.gConfidence95(), profile.lNanos(),
                profile.lConfidence95(), profile.rSquared(), profile.samples(), profile.cores());
        if (out != null) {
            report.line("saved to %s%s", output.toAbsolutePath(), profile.trusted() ? "" : " (marked untrusted)");
        }
        report.finish();
        return 0;
    }
}
