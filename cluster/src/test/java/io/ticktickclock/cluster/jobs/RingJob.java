package io.ticktickclock.cluster.jobs;

import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.Mesh;
import io.ticktickclock.cluster.WorkerJob;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Passes a token around the ring of workers for {@code supersteps} supersteps: in superstep s each worker sends its
 * right neighbour {@code token + 1} and takes the token its left neighbour sent. Returns the tokens it received.
 */
public final class RingJob implements WorkerJob {

    /** The job's parameters. */
    public record Params(int supersteps, long pauseMillis) implements java.io.Serializable {
    }

    @Override
    public Object run(JobContext ctx) throws InterruptedException {
        Params p = (Params) ctx.parameters();
        Mesh mesh = ctx.mesh();
        int n = mesh.workers();
        int right = (mesh.self() + 1) % n;
        int left = (mesh.self() + n - 1) % n;
        long token = ctx.firstProcessor() * 1_000L;
        List<Long> received = new ArrayList<>();
        ByteBuffer out = ByteBuffer.allocateDirect(8);
        for (long s = 0; s < p.supersteps(); s++) {
            out.clear().putLong(0, token + 1);
            mesh.send(right, s, out);
            token = mesh.receive(s).get(left).getLong(0);
            received.add(token);
            if (p.pauseMillis() > 0) {
                Thread.sleep(p.pauseMillis());
            }
        }
        return received;
    }
}
