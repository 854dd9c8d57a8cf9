package io.ticktickclock.cluster.jobs;

import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.WorkerJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Reports a worker's resources that jobs could leak: our threads (names starting with "ttc-") other than this job's
 * mesh readers, open sockets, job jars in the temporary directory other than this job's, all live threads.
 */
public final class ProbeJob implements WorkerJob {

    /** What a worker holds. */
    public record Resources(long otherTtcThreads, long sockets, long otherJobJars, int threads)
            implements java.io.Serializable {
    }

    @Override
    public Object run(JobContext ctx) throws IOException {
        ctx.mesh().receive(0); // all peers connected: this job's sockets are all open
        String mine = "ttc-mesh-" + Long.toHexString(ctx.jobId()) + "-";
        long otherTtcThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ttc-") && !t.getName().startsWith(mine)).count();
        long sockets;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            sockets = fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
        String myJar = "ttc-job-" + Long.toHexString(ctx.jobId()) + "-";
        long otherJars;
        try (Stream<Path> tmp = Files.walk(Path.of(System.getProperty("java.io.tmpdir")), 2)) {
            otherJars = tmp.map(f -> f.getFileName().toString())
                    .filter(f -> f.startsWith("ttc-job-") && !f.startsWith(myJar)).count();
        }
        ctx.mesh().receive(1); // nobody closes its connections while another still counts
        return new Resources(otherTtcThreads, sockets, otherJars, Thread.activeCount());
    }
}
