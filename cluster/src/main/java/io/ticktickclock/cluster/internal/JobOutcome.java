package io.ticktickclock.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * How a job ended on one worker: its encoded result, or its failure as strings (so the submitter can report it even
 * when it cannot load the exception's class).
 */
public final class JobOutcome implements DataSerializable {
    private boolean ok;
    private byte[] result;
    private String exceptionClass;
    private String message;
    private String stackTrace;
    private boolean causedElsewhere;
    private int blamedWorker = -1;
    private long elapsedNanos;

    /** For deserialization. */
    public JobOutcome() {
    }

    static JobOutcome success(byte[] result, long elapsedNanos) {
        JobOutcome o = new JobOutcome();
        o.ok = true;
        o.result = result;
        o.elapsedNanos = elapsedNanos;
        return o;
    }

    static JobOutcome failure(Throwable t, boolean causedElsewhere, int blamedWorker, long elapsedNanos) {
        JobOutcome o = new JobOutcome();
        o.exceptionClass = t.getClass().getName();
        o.message = t.getMessage();
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        o.stackTrace = trace.toString();
        o.causedElsewhere = causedElsewhere;
        o.blamedWorker = blamedWorker;
        o.elapsedNanos = elapsedNanos;
        return o;
    }

    public boolean ok() {
        return ok;
    }

    public byte[] result() {
        return result;
    }

    public String exceptionClass() {
        return exceptionClass;
    }

    public String message() {
        return message;
    }

    public String stackTrace() {
        return stackTrace;
    }

    /** Whether the failure echoes one elsewhere (a peer's crash, a cancellation) rather than being a root cause. */
    public boolean causedElsewhere() {
        return causedElsewhere;
    }

    /** The worker the failure is about, or -1. */
    public int blamedWorker() {
        return blamedWorker;
    }

    public long elapsedNanos() {
        return elapsedNanos;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeBoolean(ok);
        out.writeByteArray(result);
        out.writeString(exceptionClass);
        out.writeString(message);
        out.writeString(stackTrace);
        out.writeBoolean(causedElsewhere);
        out.writeInt(blamedWorker);
        out.writeLong(elapsedNanos);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        ok = in.readBoolean();
        result = in.readByteArray();
        exceptionClass = in.readString();
        message = in.readString();
        stackTrace = in.readString();
        causedElsewhere = in.readBoolean();
        blamedWorker = in.readInt();
        elapsedNanos = in.readLong();
    }
}
