package io.ticktickclock.internal;

import io.ticktickclock.BspException;
import io.ticktickclock.BspProgram;
import io.ticktickclock.BspResult;
import io.ticktickclock.SpmdProgram;
import io.ticktickclock.WaitStrategy;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * A distributed run inside one JVM: every worker is its own {@link LocalRun} over a block of processors, and
 * the workers exchange real batches (bytes, objects serialized) through an in-memory transport. It drives
 * the exact code path of a run over several JVMs except the network, so the contract tests can run against
 * it as against the local engine.
 */
public final class LoopbackWorkers {
    private LoopbackWorkers() {}

    /** Blocks of processors per worker: {@code workers} nearly equal contiguous blocks of {@code processors}. */
    public static int[] blocks(int processors, int workers) {
        int[] first = new int[workers + 1];
        for (int w = 0; w <= workers; w++) {
            first[w] = (int) ((long) processors * w / workers);
        }
        return first;
    }

    /** Runs an SPMD program over {@code blocks.length - 1} workers. */
    public static <M, R> BspResult<R> run(String name, int processors, int[] blocks, int maxSupersteps,
            SpmdProgram<M, R> program) {
        return runParts(blocks, transport -> {
            int w = transport.self();
            return new LocalRun<M, R>(name, processors, blocks[w], blocks[w + 1] - blocks[w],
                    WaitStrategy.backoff(20, 20), maxSupersteps, null, false)
                    .distributed(blocks, transport, SERIALIZING)
                    .executePart(program);
        }, parts -> LocalRun.assemble(parts, false, null, 0));
    }

    /** Runs a superstep program over {@code blocks.length - 1} workers, as {@code BspRuntime.run} does locally. */
    public static <I, S, M> BspResult<S> run(BspProgram<I, S, M> program, List<I> input, int processors,
            int[] blocks, int maxSupersteps) {
        List<List<I>> shares = Partitioners.split(input, program.partitioner(), processors);
        BspResult<ProgramRunner.Outcome<S>> raw = runParts(blocks, transport -> {
            int w = transport.self();
            return new LocalRun<M, ProgramRunner.Outcome<S>>(program.name(), processors, blocks[w],
                    blocks[w + 1] - blocks[w], WaitStrategy.backoff(20, 20), maxSupersteps, null, true)
                    .distributed(blocks, transport, SERIALIZING)
                    .executePart(ctx -> ProgramRunner.execute(program, shares, ctx));
        }, parts -> LocalRun.<ProgramRunner.Outcome<S>>assemble(parts, true,
                outcomes -> outcomes.stream().allMatch(ProgramRunner.Outcome::converged), 0));
        List<S> states = new ArrayList<>();
        for (ProgramRunner.Outcome<S> o : raw.results()) {
            states.add(o.state());
        }
        return new BspResult<>(states, raw.superstepCount(), raw.converged(), raw.supersteps(), raw.wallNanos());
    }

    private static <R> BspResult<R> runParts(int[] blocks, Function<Transport, LocalRun.Part> worker,
            Function<List<LocalRun.Part>, BspResult<R>> assemble) {
        int workers = blocks.length - 1;
        Hub hub = new Hub(workers);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<LocalRun.Part>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                Transport t = hub.transport(w);
                futures.add(pool.submit(() -> worker.apply(t)));
            }
            List<LocalRun.Part> parts = new ArrayList<>();
            BspException first = null;
            for (Future<LocalRun.Part> f : futures) {
                try {
                    parts.add(f.get(60, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    // The worker where the run failed reports the cause; the others report the abort.
                    if (e.getCause() instanceof BspException b && (first == null || isAbort(first))) {
                        first = b;
                    } else if (!(e.getCause() instanceof BspException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException | TimeoutException e) {
                    hub.abort(e);
                    throw new IllegalStateException("a worker did not finish", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return assemble.apply(parts);
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean isAbort(BspException e) {
        return e.getMessage() != null && e.getMessage().startsWith("worker aborted");
    }

    /** The in-memory network: one mailbox per (superstep parity, from, to), one barrier per exchange. */
    static final class Hub {
        final int workers;
        final ByteBuffer[][][] mail;
        private int arrived;
        private long generation;
        private Throwable aborted;

        Hub(int workers) {
            this.workers = workers;
            this.mail = new ByteBuffer[2][workers][workers];
        }

        synchronized void abort(Throwable cause) {
            if (aborted == null) {
                aborted = cause;
            }
            notifyAll();
        }

        /** Waits for every worker; false if the run was aborted (for good) before or meanwhile. */
        synchronized boolean await() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long mine = generation;
            if (aborted == null && ++arrived == workers) {
                arrived = 0;
                generation++;
                notifyAll();
            }
            while (aborted == null && generation == mine) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    aborted = new TimeoutException("a worker did not arrive within 60 s");
                    notifyAll();
                    break;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return aborted == null;
        }

        Transport transport(int self) {
            return new Transport() {
                @Override
                public int workers() {
                    return workers;
                }

                @Override
                public int self() {
                    return self;
                }

                @Override
                public ByteBuffer[] exchange(int superstep, ByteBuffer[] outgoing) {
                    ByteBuffer[][] box = mail[superstep & 1];
                    for (int w = 0; w < workers; w++) {
                        if (w != self) {
                            ByteBuffer copy = ByteBuffer.allocate(outgoing[w].remaining());
                            copy.put(outgoing[w].duplicate()).flip();
                            box[self][w] = copy;
                        }
                    }
                    boolean passed;
                    try {
                        passed = await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        passed = false;
                    }
                    if (!passed) {
                        throw new BspException("worker aborted: another worker failed at the end of superstep "
                                + superstep, -1, superstep, "superstep-" + superstep, BspException.Phase.RUNTIME,
                                null);
                    }
                    ByteBuffer[] in = new ByteBuffer[workers];
                    for (int w = 0; w < workers; w++) {
                        if (w != self) {
                            in[w] = box[w][self].duplicate();
                        }
                    }
                    return in;
                }

                @Override
                public void abort(Throwable cause) {
                    Hub.this.abort(cause);
                }
            };
        }
    }

    /** Java serialization, standing in for the cluster's codec (tests only: it has no allow-list). */
    static final ObjectCodec SERIALIZING = new ObjectCodec() {
        @Override
        public ByteBuffer write(Object value, ByteBuffer out) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
                o.writeObject(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            byte[] b = bytes.toByteArray();
            if (out.remaining() < 4 + b.length) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * out.capacity(), out.position() + 4 + b.length))
                        .order(ByteOrder.LITTLE_ENDIAN);
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            return out.putInt(b.length).put(b);
        }

        @Override
        public Object read(ByteBuffer in) {
            int n = in.getInt();
            if (n < 0 || n > in.remaining()) {
                throw new IllegalArgumentException("object of " + n + " bytes with " + in.remaining() + " left");
            }
            byte[] b = new byte[n];
            in.get(b);
            try (ObjectInputStream i = new ObjectInputStream(new ByteArrayInputStream(b))) {
                return i.readObject();
            } catch (IOException | ClassNotFoundException e) {
                throw new IllegalArgumentException("undecodable object: " + e);
            }
        }
    };
}
