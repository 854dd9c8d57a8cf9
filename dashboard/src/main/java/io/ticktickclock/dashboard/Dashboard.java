package io.ticktickclock.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ticktickclock.cost.MachineProfile;
import io.ticktickclock.micrometer.BspMetrics;
import io.ticktickclock.telemetry.BspEvent;
import io.ticktickclock.telemetry.Telemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A live web dashboard for the runs a {@link Telemetry} reports: open its {@link #url()} in a browser and
 * watch supersteps, stragglers and, with a machine profile, the cost model while a run goes on.
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.create();
 * try (Dashboard dashboard = Dashboard.builder(telemetry).port(8080).build().start()) {
 *     System.err.println("dashboard: " + dashboard.url());
 *     BspRuntime.builder().processors(4).observer(telemetry).build().run(program, input);
 * }
 * }</pre>
 *
 * <h2>What it serves</h2>
 * {@code /} the page (every script and style from this jar, so it works offline); {@code /api/runs} the
 * runs seen since the dashboard started; {@code /api/runs/{id}} one run with its supersteps;
 * {@code /events} a server-sent event stream of updates; {@code /metrics} a Prometheus scrape of
 * {@link BspMetrics}. It is read-only: every route is a {@code GET}. It binds to {@code 127.0.0.1} unless
 * told otherwise, and shows error stack traces only when bound to a loopback address.
 *
 * <h2>It never slows or blocks a run</h2>
 * Its telemetry handler only offers the event to a bounded queue (a superstep event is dropped, and counted,
 * when the queue is full); the dashboard's own daemon thread drains the queue, updates its model and the
 * metrics, and pushes updates to browsers at most every {@value #PUSH_INTERVAL_MILLIS} ms (at once when a
 * run starts, ends or is slow). Each browser has a bounded buffer of updates: a browser that does not keep up
 * loses intermediate updates (and is told to fetch the run again), it never holds up the
 * dashboard's thread, let alone a processor.
 *
 * <h2>Memory</h2>
 * Bounded for runs of any length: each run keeps its most recent supersteps in full
 * ({@link Builder#recentSupersteps}), older ones folded into at most {@value #MAX_BUCKETS} buckets whose
 * width doubles as the run goes on; the dashboard keeps at most {@link Builder#retainedRuns} runs (the
 * oldest ended ones are forgotten first).
 *
 * <p>Thread-safe. {@link #start()} happens-before the first event is taken from the telemetry;
 * {@link #close()} detaches it from the telemetry, stops its thread and the web server, and may be called
 * more than once.
 */
public final class Dashboard implements AutoCloseable {

    /*
     * Implementation overview. Three kinds of threads: processor threads call offer() (queue.offer, nothing
     * else); the drain thread applies events to Runs and BspMetrics and, every PUSH_INTERVAL_MILLIS, turns
     * the changed runs into JSON updates that it offers to every Session's bounded queue (on overflow:
     * clear, count, flag a resync); one Jetty thread per browser takes from its Session's queue and writes
     * (a blocking write only ever blocks that thread). HTTP GETs take snapshots under Runs' lock.
     */

    static final long PUSH_INTERVAL_MILLIS = 100;
    static final int MAX_BUCKETS = 256;
    /** Bounds an update's size when supersteps are faster than pushes; the page shows the newest. */
    private static final int MAX_ROWS_PER_UPDATE = 100;
    static final int SESSION_BUFFER = 64;
    private static final int MAX_SESSIONS = 32;
    private static final long KEEPALIVE_MILLIS = 10_000;
    private static final String CLOSE = new String("close");
    private static final String WEB = "/io/ticktickclock/dashboard/web";
    private static final Set<Class<? extends BspEvent>> EVENTS = Set.of(BspEvent.CoordinatorInitialized.class,
            BspEvent.SuperstepCompleted.class, BspEvent.SuperstepSlow.class, BspEvent.SeriesReported.class,
            BspEvent.ComputationCompleted.class, BspEvent.CheckpointWritten.class, BspEvent.RunResumed.class,
            BspEvent.WorkerLost.class, BspEvent.RecoveryStarted.class, BspEvent.RecoveryCompleted.class,
            BspEvent.ComputeError.class, BspEvent.CommunicateError.class, BspEvent.ComputationFailed.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final System.Logger LOG = System.getLogger("io.ticktickclock.dashboard");

    private final Telemetry telemetry;
    private final String host;
    private final int requestedPort;
    private final boolean loopback;
    private final String handlerId = "dashboard-" + INSTANCES.incrementAndGet();
    private final int queueCapacity;
    private final long pushIntervalNanos;
    private final int sessionBuffer;
    private final LinkedBlockingQueue<BspEvent> queue;
    private final LongAdder eventsDropped = new LongAdder();
    private final LongAdder updatesDropped = new LongAdder();
    private final Runs runs;
    private final ObjectMapper json = new ObjectMapper();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final BspMetrics metrics = new BspMetrics();
    private final CopyOnWriteArrayList<Session> sessions = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;
    private Thread drainer;
    private Javalin server;

    private Dashboard(Builder b) {
        this.telemetry = b.telemetry;
        this.host = b.host;
        this.requestedPort = b.port;
        this.loopback = isLoopback(b.host);
        this.queueCapacity = b.eventQueueCapacity;
        this.pushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(b.pushIntervalMillis);
        this.sessionBuffer = b.sessionBuffer;
        // Room above the capacity for run starts and ends, which are never dropped while there is room.
        this.queue = new LinkedBlockingQueue<>(2 * b.eventQueueCapacity);
        this.runs = new Runs(b.recentSupersteps, MAX_BUCKETS, b.retainedRuns,
                b.profile == null ? null : b.profile.parameters(),
                b.profile == null ? List.of() : b.profile.warnings());
        metrics.bindTo(registry);
        FunctionCounter.builder("ticktickclock.dashboard.events.dropped", eventsDropped, LongAdder::doubleValue)
                .description("Telemetry events the dashboard dropped because its queue was full").register(registry);
        FunctionCounter.builder("ticktickclock.dashboard.updates.dropped", updatesDropped, LongAdder::doubleValue)
                .description("Updates not sent to a browser that did not keep up").register(registry);
        Gauge.builder("ticktickclock.dashboard.clients", sessions, List::size)
                .description("Browsers connected to the event stream").register(registry);
    }

    /** A builder for a dashboard of the runs {@code telemetry} reports. */
    public static Builder builder(Telemetry telemetry) {
        return new Builder(Objects.requireNonNull(telemetry, "telemetry must not be null"));
    }

    /**
     * Starts the web server and attaches to the telemetry; runs that start from now on are shown.
     *
     * @return this dashboard
     * @throws IllegalStateException if it was started or closed before
     * @throws RuntimeException as Javalin reports it if the port cannot be bound
     */
    public Dashboard start() {
        if (closed || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("the dashboard was already " + (closed ? "closed" : "started"));
        }
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = WEB;
                files.location = Location.CLASSPATH;
            });
            config.routes.before(this::securityHeaders);
            config.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(resource("index.html")));
            config.routes.get("/api/runs", ctx -> sendJson(ctx, new Views.RunList(runs.list(loopback), stats())));
            config.routes.get("/api/runs/{id}", this::run);
            config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.scrape()));
            config.routes.sse("/events", this::stream);
            config.routes.exception(Exception.class, (e, ctx) -> {
                ctx.status(500);
                sendJson(ctx, new Views.Error(loopback ? String.valueOf(e) : "internal error"));
            });
        });
        try {
            server.start(host, requestedPort);
        } catch (RuntimeException e) {
            closed = true;
            throw e;
        }
        drainer = Thread.ofPlatform().daemon().name("ttc-dashboard-" + handlerId).start(this::drain);
        telemetry.attach(handlerId, EVENTS, this::offer);
        return this;
    }

    /** The port the server listens on (the one it was given, or the free one it took for port 0). */
    public int port() {
        if (server == null) {
            throw new IllegalStateException("the dashboard is not started");
        }
        return server.port();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + h + ":" + port() + "/";
    }

    /** Telemetry events dropped because the dashboard's queue was full (its thread did not keep up). */
    public long eventsDropped() {
        return eventsDropped.sum();
    }

    /** Updates a browser did not get because it did not read them fast enough (it fetched the run again). */
    public long updatesDropped() {
        return updatesDropped.sum();
    }

    /** Detaches from the telemetry, stops the dashboard's thread and its web server. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        telemetry.detach(handlerId);
        if (drainer != null) {
            drainer.interrupt();
        }
        for (Session s : sessions) {
            s.close();
        }
        // Let the event streams end their responses before the server goes (a stalled one cannot: the server's
        // stop cuts it), so that no request is finished after Jetty has recycled it.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (!sessions.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (server != null) {
            server.stop();
        }
        if (drainer != null) {
            try {
                drainer.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        registry.close();
    }

    @Override
    public String toString() {
        return "Dashboard[" + (server == null ? host + ":" + requestedPort : url()) + "]";
    }

    // ---- telemetry side: processor threads -----------------------------------------------------------------

    /** The telemetry handler: never blocks; a superstep event is dropped when the queue is past capacity. */
    private void offer(BspEvent event) {
        boolean droppable = event instanceof BspEvent.SuperstepCompleted || event instanceof BspEvent.SuperstepSlow
                || event instanceof BspEvent.SeriesReported;
        if ((droppable && queue.size() >= queueCapacity) || !queue.offer(event)) {
            eventsDropped.increment();
        }
    }

    // ---- the dashboard's thread ----------------------------------------------------------------------------

    private void drain() {
        List<BspEvent> batch = new ArrayList<>();
        long lastPush = System.nanoTime();
        while (!closed) {
            boolean urgent = false;
            try {
                BspEvent first = queue.poll(Math.max(pushIntervalNanos, 1_000_000), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 4096);
                }
            } catch (InterruptedException e) {
                break;
            }
            for (BspEvent e : batch) {
                try {
                    urgent |= runs.apply(e);
                    feedMetrics(e);
                } catch (RuntimeException x) {
                    // A bug here must not end the dashboard's thread: say so once per event and go on.
                    LOG.log(System.Logger.Level.WARNING, "dashboard failed to take " + e.eventName(), x);
                }
            }
            batch.clear();
            long now = System.nanoTime();
            if (runs.hasChanges() && (urgent || now - lastPush >= pushIntervalNanos)) {
                try {
                    push();
                } catch (RuntimeException x) {
                    LOG.log(System.Logger.Level.WARNING, "dashboard failed to push an update", x);
                }
                lastPush = now;
            }
        }
    }

    /** Feeds the metrics from the dashboard's thread, so that they cost the processors nothing either. */
    private void feedMetrics(BspEvent e) {
        metrics.handle(e);
        switch (e) {
            case BspEvent.CoordinatorInitialized c -> {
                for (int p = 0; p < c.processors(); p++) {
                    metrics.handle(new BspEvent.ProcessorInitialized(c.run(), p));
                }
            }
            case BspEvent.SuperstepCompleted s -> BspEvent.forEachProcessorEvent(s.run(), s.stats(),
                    metrics::handle);
            default -> { }
        }
    }

    private void push() {
        for (Views.Update u : runs.takeChanged(MAX_ROWS_PER_UPDATE)) {
            String message = toJson(u);
            for (Session s : sessions) {
                if (!s.offer(message)) {
                    updatesDropped.increment();
                }
            }
        }
    }

    // ---- HTTP side -------------------------------------------------------------------------------------------

    private void run(Context ctx) {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.status(400);
            sendJson(ctx, new Views.Error("run id must be a number"));
            return;
        }
        Views.RunDetail detail = runs.detail(id, loopback);
        if (detail == null) {
            ctx.status(404);
            sendJson(ctx, new Views.Error("no run with id " + id));
            return;
        }
        sendJson(ctx, detail);
    }

    /** Serves one browser's event stream on the request's thread until it goes away or the dashboard closes. */
    private void stream(SseClient client) {
        if (closed || sessions.size() >= MAX_SESSIONS) {
            client.sendEvent("busy", "{}");
            return;
        }
        Session session = new Session(sessionBuffer);
        sessions.add(session);
        try {
            client.sendEvent("hello", toJson(stats()));
            while (!closed && !client.terminated()) {
                String message = session.queue.poll(KEEPALIVE_MILLIS, TimeUnit.MILLISECONDS);
                if (message == CLOSE) {
                    break;
                }
                if (session.resync.getAndSet(false)) {
                    client.sendEvent("resync", "{}");
                }
                if (message != null) {
                    client.sendEvent("run", message);
                } else {
                    client.sendComment("keepalive");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            sessions.remove(session);
        }
    }

    private Views.Stats stats() {
        return new Views.Stats(eventsDropped.sum(), updatesDropped.sum(), sessions.size());
    }

    private void securityHeaders(Context ctx) {
        // Data is only ever shown with textContent; the policy is a second line: no inline or foreign script.
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    private void sendJson(Context ctx, Object value) {
        ctx.contentType("application/json; charset=utf-8").result(toJson(value));
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Dashboard.class.getResourceAsStream(WEB + "/" + name);
        if (in == null) {
            throw new UncheckedIOException(new IOException("missing resource " + WEB + "/" + name));
        }
        return in;
    }

    static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host must be a resolvable host name or address, got '" + host + "'",
                    e);
        }
    }

    /** One browser's bounded buffer of updates. */
    private static final class Session {
        final ArrayBlockingQueue<String> queue;
        final AtomicBoolean resync = new AtomicBoolean();

        Session(int capacity) {
            queue = new ArrayBlockingQueue<>(capacity);
        }

        /** Offers an update; when the buffer is full, empties it and asks the browser to fetch the run again. */
        boolean offer(String message) {
            if (queue.offer(message)) {
                return true;
            }
            queue.clear();
            resync.set(true);
            return false;
        }

        void close() {
            queue.clear();
            queue.offer(CLOSE);
        }
    }

    /**
     * Configures a {@link Dashboard}; validated by {@link #build()}. Not thread-safe.
     */
    public static final class Builder {
        private final Telemetry telemetry;
        private String host = "127.0.0.1";
        private int port = 0;
        private MachineProfile profile;
        private int recentSupersteps = 1000;
        private int retainedRuns = 100;
        private int eventQueueCapacity = 65_536;
        private long pushIntervalMillis = PUSH_INTERVAL_MILLIS;
        private int sessionBuffer = SESSION_BUFFER;

        private Builder(Telemetry telemetry) {
            this.telemetry = telemetry;
        }

        /** The address to bind to; default {@code 127.0.0.1}. Any other address exposes the (read-only) page. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host must not be null");
            return this;
        }

        /** The port; default 0, a free port (see {@link Dashboard#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * A machine profile: each superstep is then shown with its predicted time {@code w + h·g + l} and what
         * bounds it ({@link io.ticktickclock.cost.RunAnalysis}). Null for none (the default).
         */
        public Builder profile(MachineProfile profile) {
            this.profile = profile;
            return this;
        }

        /** How many of each run's most recent supersteps are kept in full (older ones are summarized); default 1000. */
        public Builder recentSupersteps(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("recentSupersteps must be >= 1, got " + count);
            }
            this.recentSupersteps = count;
            return this;
        }

        /** How many runs are kept (the oldest ended ones are forgotten first); default 100. */
        public Builder retainedRuns(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("retainedRuns must be >= 1, got " + count);
            }
            this.retainedRuns = count;
            return this;
        }

        /** How many superstep events may wait for the dashboard's thread before new ones are dropped; default 65536. */
        public Builder eventQueueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("eventQueueCapacity must be >= 1, got " + capacity);
            }
            this.eventQueueCapacity = capacity;
            return this;
        }

        /** For tests: how often updates are pushed (0: after every batch of events). */
        Builder pushIntervalMillis(long millis) {
            this.pushIntervalMillis = millis;
            return this;
        }

        /** For tests: how many updates wait for a browser before it loses them. */
        Builder sessionBuffer(int updates) {
            this.sessionBuffer = updates;
            return this;
        }

        /**
         * A dashboard with this configuration, not yet started.
         *
         * @throws IllegalArgumentException if the host cannot be resolved
         */
        public Dashboard build() {
            return new Dashboard(this);
        }
    }
}
