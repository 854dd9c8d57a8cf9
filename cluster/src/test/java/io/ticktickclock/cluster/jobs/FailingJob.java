package io.ticktickclock.cluster.jobs;

import io.ticktickclock.cluster.JobContext;
import io.ticktickclock.cluster.WorkerJob;

/** Worker 1 throws an exception of a class only the workers' job jar has ... here it is on both sides. */
public final class FailingJob implements WorkerJob {

    /** Thrown by worker 1. */
    public static final class Boom extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Boom(String message) {
            super(message);
        }
    }

    @Override
    public Object run(JobContext ctx) {
        if (ctx.mesh().self() == 1) {
            throw new Boom("processor " + ctx.firstProcessor() + " gave up");
        }
        return ctx.mesh().receive(0).size();
    }
}
