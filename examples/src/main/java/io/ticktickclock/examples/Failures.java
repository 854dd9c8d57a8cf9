package io.ticktickclock.examples;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How {@code ttc} reports a failure: one line on stderr, {@code ttc: ...}, and an exit code; never a stack
 * trace, unless debugging ({@code --debug} or {@code TTC_DEBUG=1}). Exit code 2 for a usage error (a bad
 * value, a file named on the command line that is missing or cannot be opened or created), 1 for
 * everything else (malformed input, a failed run, out of memory, an unexpected exception: {@code ttc:
 * error: ...}). Every line is made safe for a terminal by {@link Printable#text}.
 */
final class Failures {
    private Failures() {}

    /** A usage error found by ttc itself (not by picocli's parser): its message is the whole line, exit 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** One failure as reported. */
    record Report(int exitCode, String line) {}

    /** A little heap kept for reporting an {@link OutOfMemoryError}: released before a report is formatted. */
    @SuppressWarnings("unused")
    private static volatile byte[] reserve;

    /**
     * Makes an exception that no code catches, in any thread (a processor thread that ran out of memory
     * while its run was failing), the process's last word: one line on stderr (the first such exception
     * only), temporary output files deleted, exit 1. For the command line only: it ends the JVM.
     */
    static void installLastResort(boolean debug) {
        reserve = new byte[1 << 20];
        AtomicBoolean reported = new AtomicBoolean();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            reserve = null;
            if (!reported.compareAndSet(false, true)) {
                return;
            }
            try {
                report(e, new PrintWriter(System.err, true), debug);
            } finally {
                OutputFile.deleteInFlight();
                Runtime.getRuntime().halt(1);       // not exit: this may be a shutdown hook's thread
            }
        });
    }

    /** Prints {@code e}'s line (and, when debugging, its stack trace) to {@code err}; returns the exit code. */
    static int report(Throwable e, PrintWriter err, boolean debug) {
        reserve = null;
        Report r = describe(e);
        Progress.endBar(err);
        err.println("ttc: " + Printable.text(r.line()));
        if (debug) {
            e.printStackTrace(err);
        }
        err.flush();
        return r.exitCode();
    }

    /** How {@code e} is reported. */
    static Report describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError oom) {
                return new Report(1, Memory.explain(oom));
            }
        }
        return switch (e) {
            case Memory.NotEnoughMemoryException m -> new Report(1, m.getMessage());
            case UsageException u -> new Report(2, u.getMessage());
            case NoSuchFileException f -> new Report(2, "no such file: " + f.getFile());
            case FileSystemException f -> new Report(2, f.getFile() + ": " + reason(f));
            case EdgeListReader.FormatException f -> new Report(1, f.getMessage());
            case IOException io -> new Report(1, io.getMessage() == null ? io.toString() : io.getMessage());
            case IllegalArgumentException bad -> new Report(2, String.valueOf(bad.getMessage()));
            case io.ticktickclock.BspException run -> new Report(1, "run failed: " + run.getMessage());
            default -> new Report(1, "error: " + (e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage()));
        };
    }

    /** The operating system's reason for {@code e}, in the words of the standard tools. */
    static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException f -> "no such file or directory";
            case AccessDeniedException f -> "permission denied";
            case NotDirectoryException f -> "not a directory";
            case FileSystemException f when f.getReason() != null -> f.getReason().toLowerCase(Locale.ROOT);
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }
}
