package io.ticktickclock.examples;

import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.Probe;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ttc probe}: measures the machine's BSP parameters g and l at one processor count. */
@Command(name = "probe", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Measure this machine's BSP parameters g (ns per word of an h-relation) and l (ns per "
                + "barrier) for a processor count; --analyze and scaling --profile read the saved profile.",
        footer = {"", "Example:", "  ttc probe --processors 2 --output profile.json"})
final class ProbeCommand implements Callable<Integer> {

    @Option(names = {"-p", "--processors"}, paramLabel = "P", required = true, converter = Values.Processors.class,
            description = "The processor count to measure.")
    int processors;

    @Option(names = "--output", paramLabel = "FILE", description = "Save the profile (JSON) to FILE.")
    Path output;

    @Option(names = "--quick", description = "A rough, fast measurement.")
    boolean quick;

    @Mixin
    OutputOptions options;

    @Override
    public Integer call() throws java.io.IOException {
        OutputFile out = output == null ? null : OutputFile.check("--output", output);
        Report report = options.report("probe");
        options.progress().line(String.format(Locale.ROOT, "[probe] measuring g and l at p = %d%s...", processors,
                quick ? " (quick)" : ""));
        MachineProfile profile = Probe.run(processors, quick ? Probe.Options.quick() : Probe.Options.defaults());
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
