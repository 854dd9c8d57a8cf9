package io.ticktickclock.examples;


import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticktickclock.BspJob;
import io.ticktickclock.BspResult;
import io.ticktickclock.BspRuntime;
import io.ticktickclock.cluster.ClusterRuntime;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.cost.RunAnalysis;
import io.ticktickclock.micrometer.BspMetrics;
import io.ticktickclock.telemetry.JfrHandler;
import io.ticktickclock.telemetry.Telemetry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of every command that runs BSP programs, and the one place where {@code ttc} builds a
 * {@link BspRuntime} from them ({@link #runtime}): the processors, the superstep limits, and the telemetry
 * (progress lines, JDK Flight Recorder events, the live dashboard, Prometheus metrics, the cost-model
 * analysis). A new way to run (another backend, checkpoints) is an option here and a branch in
 * {@link #runtime}, and every command gets it.
 *
 * <p>Values are checked by their converters ({@link Values}); what depends on files or on other options is
 * checked by {@link #check}, before any input is read.
 */
final class RuntimeOptions {

    @Option(names = {"-p", "--processors"}, paramLabel = "P", converter = Values.Processors.class,
            description = "Processors (threads). Default: one per available core.")
    Integer processors;

    @Option(names = "--cluster", paramLabel = "HOST:PORT", split = ",",
            description = "Run on a cluster of 'ttc worker's instead of this JVM, connecting through these "
                    + "workers; -p processors are spread over the workers. Default: this JVM.")
    List<String> cluster;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "ticktickclock",
            description = "The cluster's name (workers of another cluster refuse the run).")
    String clusterName;

    @Option(names = "--checkpoint-every", paramLabel = "N", converter = Values.PositiveInt.class,
            description = "Save a checkpoint of the run every N supersteps (the processors' states and undelivered "
                    + "messages) to --checkpoint-dir, so that --resume can go on from there after a crash. With "
                    + "--cluster: in the workers' memory, from which a run that loses a worker goes on by itself. "
                    + "Default: none.")
    Integer checkpointEvery;

    @Option(names = "--checkpoint-dir", paramLabel = "DIR",
            description = "Where checkpoints are written and resumed from. Default: ttc-checkpoints/COMMAND.")
    Path checkpointDir;

    @Option(names = "--resume",
            description = "Go on from the newest checkpoint in --checkpoint-dir (of a run whose JVM died), to the "
                    + "result the run would have had; refused if it is of another program, input or -p.")
    boolean resume;

    @Option(names = "--superstep-timeout", paramLabel = "DURATION", converter = Values.PositiveDuration.class,
            description = "Fail the run when a superstep lasts longer (e.g. 30s, 5m, 250ms), naming the "
                    + "processors that had not reached the barrier. Default: none.")
    Duration superstepTimeout;

    @Option(names = "--slow-superstep", paramLabel = "DURATION", converter = Values.PositiveDuration.class,
            description = "Report a superstep still running after DURATION, naming the processors it waits "
                    + "for (a progress line). Default: none.")
    Duration slowSuperstep;

    @Option(names = "--dashboard", paramLabel = "[HOST:]PORT",
            description = "Serve a live dashboard of the run at http://HOST:PORT/ (HOST default 127.0.0.1; "
                    + "PORT 0 picks a free one). Default: none.")
    String dashboard;

    @Option(names = "--dashboard-keep", description = "Keep the dashboard up after the run ends, until Ctrl-C.")
    boolean dashboardKeep;

    @Option(names = "--metrics",
            description = "Print the run's metrics in the Prometheus text format on stderr at the end "
                    + "(stdout stays the results').")
    boolean metrics;

    @Option(names = "--metrics-file", paramLabel = "FILE",
            description = "Write the run's metrics in the Prometheus text format to FILE instead (implies "
                    + "--metrics).")
    Path metricsFile;

    @Option(names = "--analyze", paramLabel = "PROFILE",
            description = "Explain each superstep with the cost model, using a machine profile from 'ttc probe' "
                    + "(a table on stdout, or \"analysis\" in the --json document).")
    Path analyze;

    /** What identifies the command's input and parameters in its checkpoints ({@link #fingerprint}). */
    private String fingerprint = "";
    private io.ticktickclock.CheckpointStore store;
    private Path storeDirectory;

    private ClusterRuntime clusterRuntime;
    private MachineProfile profile;
    private OutputFile metricsOut;
    private PrometheusMeterRegistry registry;
    private Telemetry telemetry;

    /** The processor count the runtime will have. */
    int processors() {
        return processors != null ? processors : Runtime.getRuntime().availableProcessors();
    }

    /** Whether the options ask for checkpoints or a resume. */
    boolean checkpointing() {
        return checkpointEvery != null || resume || checkpointDir != null;
    }

    /**
     * Sets what identifies this command's input and parameters in its checkpoints: a resume with another input
     * or other parameters is refused.
     */
    void fingerprint(String fingerprint) {
        this.fingerprint = fingerprint;
    }

    /** The checkpoint directory: {@code --checkpoint-dir}, or {@code ttc-checkpoints/COMMAND}. */
    Path checkpointDir(String command) {
        return checkpointDir != null ? checkpointDir : Path.of("ttc-checkpoints", command);
    }

    /**
     * Runs a superstep program on the local runtime, taking checkpoints or resuming as the options say. A run
     * that ends normally deletes its checkpoints in {@link #finish}, once its outputs are written, so that the
     * next run of the command starts afresh.
     */
    <I, S, M> BspResult<S> run(BspRuntime runtime, io.ticktickclock.BspProgram<I, S, M> program,
            List<? extends I> input) throws IOException {
        if (!checkpointing()) {
            return runtime.run(program, input);
        }
        return resume ? runtime.resume(program, input) : runtime.run(program, input);
    }

    /**
     * Checks what the converters cannot: the options that need each other, the profile (read now) and the
     * metrics file (checked now, written at the end), which may not be one of {@code inputs}.
     *
     * @throws Failures.UsageException naming the option and the problem
     */
    void check(String command, Path... inputs) {
        if (checkpointing() && cluster != null) {
            // A cluster run keeps its checkpoints in the workers and recovers from a lost worker by itself.
            if (resume || checkpointDir != null) {
                throw new Failures.UsageException((resume ? "--resume" : "--checkpoint-dir") + " does not apply to "
                        + "--cluster runs: they keep their checkpoints in the workers' memory and go on by themselves "
                        + "when a worker is lost (--checkpoint-every N sets how often they checkpoint)");
            }
        } else if (checkpointing()) {
            if (checkpointEvery == null && !resume) {
                throw new Failures.UsageException("--checkpoint-dir needs --checkpoint-every N or --resume");
            }
            Path dir = checkpointDir(command);
            if (java.nio.file.Files.exists(dir) && !java.nio.file.Files.isDirectory(dir)) {
                throw new Failures.UsageException("--checkpoint-dir: " + dir.toAbsolutePath() + " is not a directory");
            }
            store = io.ticktickclock.CheckpointStore.directory(dir);
            storeDirectory = dir;
            List<Integer> held;
            try {
                held = store.supersteps();
            } catch (IOException e) {
                throw new Failures.UsageException("--checkpoint-dir: cannot list " + dir.toAbsolutePath() + ": "
                        + e.getMessage());
            }
            if (resume && held.isEmpty()) {
                throw new Failures.UsageException("--resume: " + dir.toAbsolutePath() + " holds no checkpoint to "
                        + "resume from");
            }
            if (!resume && !held.isEmpty()) {
                throw new Failures.UsageException("--checkpoint-every: " + dir.toAbsolutePath() + " holds the "
                        + "checkpoints of an earlier run (supersteps " + held + "): go on from them with --resume, "
                        + "or delete them to start afresh");
            }
        }
        if (cluster != null) {
            for (String address : cluster) {
                hostPort("--cluster", address);
            }
            // The workers send their statistics and series, not their stragglers: say so rather than ignore it.
            if (slowSuperstep != null) {
                throw new Failures.UsageException("--slow-superstep does not apply to --cluster runs yet (the "
                        + "workers do not report stragglers to the submitter); drop one of the two");
            }
        }
        if (dashboardKeep && dashboard == null) {
            throw new Failures.UsageException("--dashboard-keep needs --dashboard [HOST:]PORT");
        }
        if (dashboard != null) {
            LiveDashboard.Address.parse(dashboard);
        }
        if (analyze != null) {
            try {
                profile = MachineProfile.load(analyze);
            } catch (IOException | IllegalArgumentException e) {
                throw new Failures.UsageException("--analyze: cannot read the profile " + analyze + ": "
                        + e.getMessage());
            }
            Ttc.untrusted("ttc", "--analyze " + analyze, profile);
        }
        if (metricsFile != null) {
            Path[] all = java.util.Arrays.copyOf(inputs, inputs.length + 1);
            all[inputs.length] = analyze;
            metricsOut = OutputFile.check("--metrics-file", metricsFile, all);
        }
    }

    /**
     * The runtime, with telemetry: superstep lines on {@code progress} (unless quiet), JDK Flight Recorder
     * events (recorded when the JVM runs with -XX:StartFlightRecording), the dashboard and the metrics as
     * asked. Runtimes of one command share one telemetry (one dashboard, one set of meters).
     *
     * @param maxSupersteps the runtime's superstep limit
     */
    BspRuntime runtime(int maxSupersteps, Progress progress) {
        if (cluster != null) {
            throw new IllegalStateException("a local runtime was asked for with --cluster " + cluster);
        }
        BspRuntime.Builder b = BspRuntime.builder().observer(telemetry(progress)).maxSupersteps(maxSupersteps)
                .processors(processors());
        if (superstepTimeout != null) {
            b.superstepTimeout(superstepTimeout);
        }
        if (slowSuperstep != null) {
            b.slowSuperstepThreshold(slowSuperstep);
        }
        if (store != null) {
            b.checkpointStore(store).checkpointFingerprint(fingerprint);
            if (checkpointEvery != null) {
                b.checkpointEvery(checkpointEvery);
            }
        }
        return b.build();
    }

    /** The command's telemetry, made on first use: progress lines, JFR, the dashboard and metrics as asked. */
    private Telemetry telemetry(Progress progress) {
        if (telemetry == null) {
            telemetry = Telemetry.create();
            if (!progress.quiet()) {
                telemetry.attach("progress", progress.supersteps());
            }
            telemetry.attach("jfr", new JfrHandler());
            if (dashboard != null) {
                LiveDashboard.start(telemetry, dashboard, dashboardKeep, profile, System.err);
            }
            if (metrics || metricsFile != null) {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                BspMetrics bspMetrics = new BspMetrics();
                bspMetrics.bindTo(registry);
                telemetry.attach("metrics", bspMetrics);
            }
        }
        return telemetry;
    }

    /**
     * Runs {@code job} where the options say: this JVM ({@link #runtime}), or the cluster given by
     * {@code --cluster}, which gives the same results to the bit.
     */
    <M, R> BspResult<R> run(int maxSupersteps, Progress progress, BspJob<M, R> job) {
        if (cluster == null) {
            return runtime(maxSupersteps, progress).run(job);
        }
        return connect(maxSupersteps, progress).run(job);
    }

    private ClusterRuntime connect(int maxSupersteps, Progress progress) {
        if (clusterRuntime == null) {
            ClusterRuntime.Builder b = ClusterRuntime.builder().clusterName(clusterName).addresses(cluster)
                    .maxSupersteps(maxSupersteps).observer(telemetry(progress));
            if (processors != null) {
                b.processors(processors);
            }
            if (superstepTimeout != null) {
                b.superstepTimeout(superstepTimeout);
            }
            if (checkpointEvery != null) {
                b.checkpointEvery(checkpointEvery);
            }
            clusterRuntime = b.connect();
        }
        return clusterRuntime;
    }

    /**
     * The processor count of this command's runs on the cluster, for a program whose input depends on it: {@code -p},
     * or else what the cluster's workers offer now (connecting to the cluster). A worker that joins or leaves before
     * the run changes the run's count; a program that checks its input then fails naming it.
     */
    int clusterProcessors(int maxSupersteps, Progress progress) {
        ClusterRuntime c = connect(maxSupersteps, progress);
        return processors != null ? processors
                : c.workers().stream().mapToInt(io.ticktickclock.cluster.WorkerInfo::processorCount).sum();
    }

    /** Whether runs go to a cluster ({@code --cluster}). */
    boolean onCluster() {
        return cluster != null;
    }

    /** Runs a superstep program job on {@code input} where the options say, as {@link #run(int, Progress, BspJob)}. */
    <I, S, M> BspResult<S> run(int maxSupersteps, Progress progress, io.ticktickclock.BspProgramJob<I, S, M> job,
            List<? extends I> input) {
        if (cluster == null) {
            return runtime(maxSupersteps, progress).run(job, input);
        }
        return connect(maxSupersteps, progress).run(job, input);
    }

    /** Checks that {@code value} is HOST:PORT with a port in 1..65535. */
    static void hostPort(String option, String value) {
        int colon = value.lastIndexOf(':');
        String port = colon < 0 ? "" : value.substring(colon + 1);
        boolean ok = colon > 0 && !port.isEmpty() && port.length() <= 5 && port.chars().allMatch(Character::isDigit)
                && Integer.parseInt(port) >= 1 && Integer.parseInt(port) <= 65_535;
        if (!ok) {
            throw new Failures.UsageException(option + ": expected HOST:PORT with a port in 1..65535, got '"
                    + value + "'");
        }
    }

    /** Disconnects from the cluster, if a run used one. */
    void close() {
        if (clusterRuntime != null) {
            clusterRuntime.close();
            clusterRuntime = null;
        }
    }

    /**
     * Adds what the options asked for about a finished run: the analysis (a table for a person, or
     * {@code "analysis"} in the JSON document) and the metrics (stderr or {@code --metrics-file}).
     */
    void finish(BspResult<?> result, Report report) throws IOException {
        if (store != null) {
            for (int s : store.supersteps()) {
                store.delete(s);
            }
            // A run killed while writing a checkpoint left its temporary file; the run is over, nobody writes here.
            if (java.nio.file.Files.isDirectory(storeDirectory)) {
                try (java.nio.file.DirectoryStream<Path> stale = java.nio.file.Files.newDirectoryStream(storeDirectory,
                        "checkpoint-*.ttc.tmp-*")) {
                    for (Path f : stale) {
                        java.nio.file.Files.deleteIfExists(f);
                    }
                }
            }
        }
        if (profile != null) {
            if (profile.processors() != result.results().size()) {
                System.err.printf(Locale.ROOT, "ttc: warning: the profile was measured at p = %d, this run used "
                        + "p = %d%n", profile.processors(), result.results().size());
            }
            RunAnalysis a = RunAnalysis.of(result, profile.parameters());
            if (report.json()) {
                report.document().set("analysis", Report.parse(a.toJson()));
            } else {
                report.text(a.toTable());
            }
        }
        if (registry != null) {
            String scrape = registry.scrape();
            if (metricsOut != null) {
                metricsOut.write(w -> w.write(scrape));
            } else {
                System.err.print(scrape);
            }
        }
    }
}
