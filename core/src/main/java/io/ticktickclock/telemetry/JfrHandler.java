package io.ticktickclock.telemetry;

import io.ticktickclock.ProcessorStats;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * Records supersteps in the JDK Flight Recorder: an {@code io.ticktickclock.Superstep} event per superstep
 * and an {@code io.ticktickclock.ProcessorSuperstep} event per processor and superstep (compute,
 * communicate and barrier time, messages), plus {@code io.ticktickclock.Computation} per run and
 * {@code io.ticktickclock.Checkpoint} per checkpoint written (superstep, bytes, time). Attach it and
 * record as usual:
 *
 * <pre>{@code
 * telemetry.attach("jfr", new JfrHandler());
 * // java -XX:StartFlightRecording=filename=run.jfr ...   then: jfr print --events io.ticktickclock.* run.jfr
 * }</pre>
 *
 * <p>When no recording is running, each event costs one {@code isEnabled()} check. Thread-safe. Needs the
 * {@code jdk.jfr} module (present in every JDK; add it to a {@code jlink} image).
 */
public final class JfrHandler implements BspEventHandler {

    /** Creates a handler; it holds no state, so one instance can serve any number of runtimes. */
    public JfrHandler() {}

    @Override
    public void handle(BspEvent event) {
        switch (event) {
            case BspEvent.SuperstepCompleted s -> {
                SuperstepEvent e = new SuperstepEvent();
                if (e.isEnabled()) {
                    e.program = s.program();
                    e.run = s.run().id();
                    e.superstep = s.superstep();
                    e.name = s.name();
                    e.elapsed = s.durationNanos();
                    e.messages = s.messageCount();
                    e.hWords = s.stats().hWords();
                    e.converged = s.converged();
                    e.commit();
                }
                ProcessorSuperstepEvent probe = new ProcessorSuperstepEvent();
                if (probe.isEnabled()) {
                    for (ProcessorStats p : s.stats().processors()) {
                        ProcessorSuperstepEvent pe = new ProcessorSuperstepEvent();
                        pe.program = s.program();
                        pe.run = s.run().id();
                        pe.superstep = s.superstep();
                        pe.name = s.name();
                        pe.processor = p.processor();
                        pe.compute = p.computeNanos();
                        pe.communicate = p.communicateNanos();
                        pe.barrier = p.barrierNanos();
                        pe.messagesSent = p.messagesSent();
                        pe.inbox = p.inboxMessages();
                        pe.commit();
                    }
                }
            }
            case BspEvent.ComputationCompleted c -> {
                ComputationEvent e = new ComputationEvent();
                if (e.isEnabled()) {
                    e.program = c.program();
                    e.run = c.run().id();
                    e.processors = c.processors();
                    e.elapsed = c.durationNanos();
                    e.supersteps = c.superstepCount();
                    e.converged = c.converged();
                    e.commit();
                }
            }
            case BspEvent.CheckpointWritten c -> {
                CheckpointEvent e = new CheckpointEvent();
                if (e.isEnabled()) {
                    e.program = c.program();
                    e.run = c.run().id();
                    e.superstep = c.superstep();
                    e.bytes = c.bytes();
                    e.elapsed = c.nanos();
                    e.commit();
                }
            }
            default -> { }
        }
    }

    @Name("io.ticktickclock.Checkpoint")
    @Label("BSP Checkpoint")
    @Category({"TickTickClock"})
    @Description("A checkpoint of a run, durable in its store")
    @StackTrace(false)
    static final class CheckpointEvent extends Event {
        @Label("Program")
        String program;
        @Label("Run")
        String run;
        @Label("Superstep")
        int superstep;
        @Label("Size")
        @jdk.jfr.DataAmount
        long bytes;
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
    }

    @Name("io.ticktickclock.Superstep")
    @Label("BSP Superstep")
    @Category({"TickTickClock"})
    @Description("A superstep that ended on every processor")
    @StackTrace(false)
    static final class SuperstepEvent extends Event {
        @Label("Program")
        String program;
        @Label("Run")
        String run;
        @Label("Superstep")
        int superstep;
        @Label("Name")
        String name;
        // Not "duration": JFR reserves that name for the event's own begin-to-end time.
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
        @Label("Messages")
        long messages;
        @Label("h (words)")
        long hWords;
        @Label("Converged")
        boolean converged;
    }

    @Name("io.ticktickclock.ProcessorSuperstep")
    @Label("BSP Processor Superstep")
    @Category({"TickTickClock"})
    @Description("One processor's phases in one superstep")
    @StackTrace(false)
    static final class ProcessorSuperstepEvent extends Event {
        @Label("Program")
        String program;
        @Label("Run")
        String run;
        @Label("Superstep")
        int superstep;
        @Label("Name")
        String name;
        @Label("Processor")
        int processor;
        @Label("Compute")
        @Timespan(Timespan.NANOSECONDS)
        long compute;
        @Label("Communicate")
        @Timespan(Timespan.NANOSECONDS)
        long communicate;
        @Label("Barrier wait")
        @Timespan(Timespan.NANOSECONDS)
        long barrier;
        @Label("Messages sent")
        long messagesSent;
        @Label("Inbox size")
        long inbox;
    }

    @Name("io.ticktickclock.Computation")
    @Label("BSP Computation")
    @Category({"TickTickClock"})
    @Description("A run that completed")
    @StackTrace(false)
    static final class ComputationEvent extends Event {
        @Label("Program")
        String program;
        @Label("Run")
        String run;
        @Label("Processors")
        int processors;
        // Not "duration": JFR reserves that name for the event's own begin-to-end time.
        @Label("Elapsed")
        @Timespan(Timespan.NANOSECONDS)
        long elapsed;
        @Label("Supersteps")
        int supersteps;
        @Label("Converged")
        boolean converged;
    }
}
