package io.ticktickclock.examples;

import io.ticktickclock.ProcessorStats;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.BspEventHandler;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;

/**
 * What {@code ttc} says on stderr while it works, unless {@code --quiet}: a {@link Meter} for each long
 * phase (reading, generating, writing) and one line per superstep.
 *
 * <p>A meter draws a bar with its rate and ETA, redrawn in place, when stderr is a terminal
 * ({@link #stderrIsTerminal()}); otherwise (a pipe, a log file) it prints a plain line every
 * {@value #PLAIN_INTERVAL_SECONDS} seconds, so a log shows progress without filling up. Either way a phase
 * ends with one line saying what it did and how long it took. Meters are for one thread; the superstep
 * lines are printed by the runtime's coordinator.
 */
final class Progress {
    static final int PLAIN_INTERVAL_SECONDS = 2;
    private static final long TERMINAL_INTERVAL_NANOS = 100_000_000L;
    /** How often a meter's callers report: every this many items (lines, edges), so reporting costs nothing. */
    static final int REPORT_EVERY = 1 << 16;

    private final PrintStream err;
    private final boolean quiet;
    private final boolean terminal;
    /** Extra text for a superstep's line (PageRank's L1 change), by superstep. */
    private final Map<Integer, String> notes = new ConcurrentHashMap<>();
    private volatile boolean convergence;
    /** Whether a bar is drawn on the terminal's current line, which a failure's line must not continue. */
    private static volatile boolean barDrawn;

    Progress(PrintStream err, boolean quiet, boolean terminal) {
        this.err = err;
        this.quiet = quiet;
        this.terminal = terminal;
    }

    /** Progress on {@code System.err}, drawn as a bar when stderr is a terminal. */
    static Progress toStderr(boolean quiet) {
        return new Progress(System.err, quiet, stderrIsTerminal());
    }

    /**
     * Whether stderr is a terminal: as {@code bin/ttc} found out ({@code -Dttc.stderr.terminal}, from the
     * shell's {@code [[ -t 2 ]]}), else whether the JVM has an interactive console (since Java 22
     * {@code System.console()} is not null when redirected, so {@code Console.isTerminal()} decides).
     */
    static boolean stderrIsTerminal() {
        String told = System.getProperty("ttc.stderr.terminal");
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;                    // Java 21: a console exists only for a terminal
        }
    }

    boolean quiet() {
        return quiet;
    }

    /** Prints one line, unless quiet. */
    void line(String text) {
        if (!quiet) {
            err.println(text);
        }
    }

    /**
     * Starts a meter.
     *
     * @param phase what is being done: {@code read}, {@code generate}, {@code write}
     * @param what what it is done to: an absolute path, a generator spec
     * @param total how much there is to do, in {@code unit}s, or -1 if unknown
     * @param unit {@code bytes} (shown in MB) or the items counted ({@code edges}, {@code lines})
     */
    Meter meter(String phase, String what, long total, String unit) {
        return new Meter(phase, what, total, unit);
    }

    /** Adds {@code text} to superstep {@code superstep}'s line. */
    void note(int superstep, String text) {
        notes.put(superstep, text);
    }

    /** Says, in the run's last line, whether it converged: for programs whose convergence means something. */
    void reportConvergence() {
        convergence = true;
    }

    /** One line per superstep (its name, time, the words sent) and one for the run. */
    BspEventHandler supersteps() {
        return event -> {
            switch (event) {
                case BspEvent.SuperstepCompleted s -> {
                    long words = 0;
                    for (ProcessorStats p : s.stats().processors()) {
                        words += p.wordsSent();
                    }
                    String note = notes.remove(s.superstep());
                    err.printf(Locale.ROOT, "[%s] superstep %-3d %-20s %9.3f ms %,12d words sent%s%n", s.program(),
                            s.superstep(), s.name(), s.durationNanos() / 1e6, words, note == null ? "" : "  " + note);
                }
                case BspEvent.ComputationCompleted c -> err.printf(Locale.ROOT, "[%s] %d supersteps in %.1f ms%s%n",
                        c.program(), c.superstepCount(), c.durationNanos() / 1e6, !convergence ? ""
                                : c.converged() ? ", converged" : ", stopped at the superstep limit");
                case BspEvent.SuperstepSlow s -> err.printf(Locale.ROOT,
                        "[%s] superstep %d is slow: %.1f s so far, waiting for processors %s%n", s.program(),
                        s.superstep(), s.elapsedNanos() / 1e9, s.lateProcessors());
                case BspEvent.WorkerLost w -> err.printf(Locale.ROOT,
                        "[%s] lost worker %s (processors %d-%d) in superstep %d%n", w.program(), w.worker().address(),
                        w.worker().firstProcessor(), w.worker().firstProcessor() + w.worker().processors() - 1,
                        w.superstep());
                case BspEvent.RecoveryStarted r -> err.printf(Locale.ROOT,
                        "[%s] recovering from superstep %d on %d workers%n", r.program(), r.fromSuperstep(),
                        r.workers().size());
                case BspEvent.RecoveryCompleted r -> err.printf(Locale.ROOT,
                        "[%s] recovered: back at superstep %d, %.1f s after the loss%n", r.program(), r.superstep(),
                        r.lostNanos() / 1e9);
                case BspEvent.CheckpointWritten c -> err.printf(Locale.ROOT,
                        "[%s] checkpoint of superstep %d written: %,d bytes in %.1f ms%n", c.program(), c.superstep(),
                        c.bytes(), c.nanos() / 1e6);
                case BspEvent.RunResumed r -> err.printf(Locale.ROOT,
                        "[%s] resumed from the checkpoint of superstep %d%n", r.program(), r.superstep());
                default -> { }
            }
        };
    }

    /**
     * The progress of one phase: call {@link #accept} with the amount done so far (every
     * {@link #REPORT_EVERY} items is often enough), then {@link #done} once.
     */
    final class Meter implements LongConsumer {
        private final String phase;
        private final String what;
        private final long total;
        private final String unit;
        private final long start = System.nanoTime();
        private long next;
        private boolean drawn;

        private Meter(String phase, String what, long total, String unit) {
            this.phase = phase;
            this.what = what;
            this.total = total;
            this.unit = unit;
            this.next = start + (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_SECONDS * 1_000_000_000L);
        }

        @Override
        public void accept(long done) {
            if (quiet || done == 0) {
                return;
            }
            long now = System.nanoTime();
            if (now < next) {
                return;
            }
            next = now + (terminal ? TERMINAL_INTERVAL_NANOS : PLAIN_INTERVAL_SECONDS * 1_000_000_000L);
            double seconds = (now - start) / 1e9;
            double rate = done / seconds;
            String amount = total <= 0 ? amount(done) : unit.equals("bytes")
                    ? amount(done) + " of " + amount(total) : String.format(Locale.ROOT, "%,d of %s", done, amount(total));
            String eta = total > 0 && rate > 0 && done <= total
                    ? ", ETA " + duration((total - done) / rate) : "";
            if (terminal) {
                String bar = total > 0 ? bar(done) + " " : "";
                err.print("\r[" + phase + "] " + what + " " + bar + amount + ", " + rate(rate) + eta + "\u001b[K");
                drawn = true;
                barDrawn = true;
            } else {
                String percent = total > 0 ? String.format(Locale.ROOT, "%.0f%% (%s)", 100.0 * done / total, amount)
                        : amount;
                err.println("[" + phase + "] " + what + ": " + percent + ", " + rate(rate) + eta);
            }
            err.flush();
        }

        /** Ends the phase with one line: {@code [phase] summary in 1.2 s}. */
        void done(String summary) {
            if (quiet) {
                return;
            }
            String line = String.format(Locale.ROOT, "[%s] %s in %s", phase, summary,
                    duration((System.nanoTime() - start) / 1e9));
            err.println(drawn ? "\r" + line + "\u001b[K" : line);
            barDrawn = false;
        }

        private String bar(long done) {
            int width = 24;
            int filled = (int) Math.min(width, width * done / Math.max(1, total));
            return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "] "
                    + String.format(Locale.ROOT, "%3.0f%%", 100.0 * done / total);
        }

        private String amount(long n) {
            return unit.equals("bytes") ? String.format(Locale.ROOT, "%.1f MB", n / 1e6)
                    : String.format(Locale.ROOT, "%,d %s", n, unit);
        }

        private String rate(double perSecond) {
            return unit.equals("bytes") ? String.format(Locale.ROOT, "%.1f MB/s", perSecond / 1e6)
                    : String.format(Locale.ROOT, "%,.0f %s/s", perSecond, unit);
        }
    }

    /** Ends the line of a bar left drawn by a phase that failed, so that the failure starts its own line. */
    static void endBar(java.io.PrintWriter err) {
        if (barDrawn) {
            barDrawn = false;
            err.println();
        }
    }

    /** Seconds as people read them: 0.4 s, 12 s, 3 min 5 s. */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s";
    }
}
