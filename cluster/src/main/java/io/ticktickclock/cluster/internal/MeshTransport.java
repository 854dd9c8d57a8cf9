package io.ticktickclock.cluster.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.cluster.Mesh;
import io.ticktickclock.cluster.MeshException;
import io.ticktickclock.cluster.WorkerInfo;
import io.ticktickclock.internal.Transport;
import java.nio.ByteBuffer;
import java.util.List;

/** The barrier between workers over a job's data mesh: one batch to every other worker, then theirs. */
final class MeshTransport implements Transport {
    private final Mesh mesh;
    private final List<WorkerInfo> workers;
    private final ByteBuffer[] received;

    MeshTransport(Mesh mesh, List<WorkerInfo> workers) {
        this.mesh = mesh;
        this.workers = workers;
        this.received = new ByteBuffer[mesh.workers()];
    }

    @Override
    public int workers() {
        return mesh.workers();
    }

    @Override
    public int self() {
        return mesh.self();
    }

    @Override
    public ByteBuffer[] exchange(int superstep, ByteBuffer[] outgoing) {
        try {
            for (int w = 0; w < outgoing.length; w++) {
                if (w != mesh.self()) {
                    mesh.send(w, superstep, outgoing[w]);
                }
            }
            List<ByteBuffer> in = mesh.receive(superstep);
            for (int w = 0; w < received.length; w++) {
                received[w] = w == mesh.self() ? null : in.get(w);
            }
            return received;
        } catch (MeshException e) {
            String who = e.worker() >= 0 && e.worker() < workers.size() ? workers.get(e.worker()).describe() + " ("
                    + processors(workers.get(e.worker())) + ")" : "the job";
            throw new BspException("the exchange with " + who + " failed at the end of superstep " + superstep
                    + ": " + e.getMessage(), e.worker() >= 0 && e.worker() < workers.size()
                    ? workers.get(e.worker()).firstProcessor() : -1, superstep, "superstep-" + superstep,
                    BspException.Phase.RUNTIME, e);
        }
    }

    static String processors(WorkerInfo w) {
        return w.processorCount() == 1 ? "processor " + w.firstProcessor()
                : "processors " + w.firstProcessor() + ".." + (w.firstProcessor() + w.processorCount() - 1);
    }

    @Override
    public void abort(Throwable cause) {
        // Safe from any thread: wakes this worker's waiting exchange and sends the others ABORT, so they stop
        // waiting for this worker's batches; the job's own thread closes the mesh when the run ends.
        mesh.abort(cause);
    }
}
