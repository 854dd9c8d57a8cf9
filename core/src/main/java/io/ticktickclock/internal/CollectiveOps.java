package io.ticktickclock.internal;

import io.ticktickclock.Collectives;
import io.ticktickclock.ReduceOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The local runtime's {@link Collectives}: a direct exchange through the barrier's per-processor slots.
 *
 * <p>Implementation overview. A collective writes a descriptor (root, shape, operation) and a payload
 * (a reference and 64 bits) into this processor's {@link Barrier.Slot}, in the half of the slot selected by
 * the superstep's parity, then ends the superstep with the collective's kind. The barrier's last arrival
 * checks that every processor brought the same descriptor. After the barrier every processor reads the
 * slots it needs and computes its own result, folding in processor order, so all processors get the same
 * bits. A slot half written in superstep {@code s} is read during {@code s + 1} and rewritten in
 * {@code s + 2} at the earliest, after a barrier every reader must pass: the same reasoning as for the
 * message channels. Payloads that the caller could change after returning (arrays, lists) are copied when
 * contributed; the one exception, the element-wise all-reduce of large arrays, reads the callers' arrays
 * only between its barriers, while every caller is still inside the call.
 */
abstract class CollectiveOps implements Collectives {

    /**
     * Element-wise all-reduce switches to reduce-scatter + all-gather above this many n·(p - 1) elements.
     * Direct costs every processor (p + 1)·n reads and 2n writes (it copies its contribution); two-phase 2n
     * reads, (1 + 1/p)·n writes and one more barrier, so it wins once (p - 1)·n elements outweigh a barrier.
     */
    static final long TWO_PHASE_THRESHOLD = 8192;

    final int p;
    final int me;
    final Barrier.Slot[] slots;
    final Barrier.Slot mine;

    CollectiveOps(int processors, int pid, Barrier barrier) {
        this.p = processors;
        this.me = pid;
        this.slots = barrier.slots();
        this.mine = slots[pid];
    }

    /** The current superstep. */
    public abstract int superstep();

    /**
     * Ends the superstep as collective {@code code}, its descriptor and payload already in the slot, counting
     * the words in the statistics and naming the superstep {@code name} unless the program named it.
     */
    abstract void collectiveSync(int code, String name, long sentWords, long receivedWords, boolean delivers);

    /** Ends a superstep that ends the caller's superstep: it delivers the messages sent before the call. */
    private void collectiveSync(int code, String name, long sentWords, long receivedWords) {
        collectiveSync(code, name, sentWords, receivedWords, true);
    }

    /**
     * Ends an inner superstep of a collective that takes several: the caller cannot have sent anything since
     * the collective's first barrier, so the inbox that barrier delivered stays for the caller to read.
     */
    private void innerSync(int code, String name, long sentWords, long receivedWords) {
        collectiveSync(code, name, sentWords, receivedWords, false);
    }

    // ---- slot access ---------------------------------------------------------------------------------------

    private void describe(int root, long shape, ReduceOp op) {
        Barrier.Slot s = mine;
        if (s.root != root) {
            s.root = root;
        }
        if (s.shape != shape) {
            s.shape = shape;
        }
        if (s.op != op) {
            s.op = op;
        }
    }

    private void put(Object payload, long bits) {
        // Posting paths call this before they record their post, so a pending post always means misuse.
        notPosted();
        if ((superstep() & 1) == 0) {
            mine.payload0 = payload;
            mine.bits0 = bits;
        } else {
            mine.payload1 = payload;
            mine.bits1 = bits;
        }
    }

    /** After the barrier: what processor {@code j} contributed in the superstep that just ended. */
    private Object payload(int j) {
        return ((superstep() - 1) & 1) == 0 ? slots[j].payload0 : slots[j].payload1;
    }

    private long bits(int j) {
        return ((superstep() - 1) & 1) == 0 ? slots[j].bits0 : slots[j].bits1;
    }

    private double doubleOf(int j) {
        return Double.longBitsToDouble(bits(j));
    }

    private void checkRoot(int root) {
        if (root < 0 || root >= p) {
            throw new IllegalArgumentException("root " + root + " is outside the processor range [0, " + p + ")");
        }
    }

    private void checkCount(String name, int size) {
        if (size != p) {
            throw new IllegalArgumentException(name + " must have exactly p = " + p + " entries, got " + size);
        }
    }

    // ---- posting: a collective's contribution now, its result in the next superstep ---------------------------

    private int postedCode;
    private String postedName;
    private long postedSent;
    private long postedReceived;
    private ReduceOp postedOp;
    private int deliveredCode;
    private int deliveredRoot;
    private ReduceOp deliveredOp;

    /** Checks that nothing was posted in this superstep yet: one collective per superstep. */
    private void posting() {
        if (postedCode != 0) {
            throw new IllegalStateException(Kinds.name(postedCode) + " was already posted in superstep "
                    + superstep() + ": one collective per superstep");
        }
    }

    private void posted(int kind, int type, String name, long sent, long received, ReduceOp op) {
        postedCode = Kinds.code(kind, type);
        postedName = name;
        postedSent = sent;
        postedReceived = received;
        postedOp = op;
    }

    /** Ends the superstep with the collective just posted (the blocking form). */
    private void completePosted() {
        int code = postedCode;
        postedCode = 0;
        collectiveSync(code, postedName, postedSent, postedReceived);
    }

    /** Called by a blocking collective that does not post: nothing may be pending. */
    private void notPosted() {
        if (postedCode != 0) {
            throw new IllegalStateException(Kinds.name(postedCode) + " was posted in superstep " + superstep()
                    + "; a blocking collective cannot end the same superstep");
        }
    }

    /**
     * The code, words and operation the superstep ends with when {@code sync()} is called: the posted
     * collective's, if any ({@code 0} words and the plain sync code otherwise). Clears the posting.
     */
    final int takePosted(long[] words) {
        int code = postedCode;
        if (code != 0) {
            words[0] += postedSent;
            words[1] += postedReceived;
            postedCode = 0;
        }
        return code;
    }

    /**
     * Called by the processor after every barrier, with the code it arrived with. Returns the words a
     * variable-size collective delivered to this processor (known only now), for the statistics.
     */
    final long superstepEnded(int code) {
        deliveredCode = code;
        deliveredRoot = mine.root;
        deliveredOp = postedOp;
        int kind = Kinds.kind(code);
        if (kind != Kinds.GATHERV && kind != Kinds.ALL_GATHERV && kind != Kinds.ALL_TO_ALLV) {
            return 0;
        }
        if (kind == Kinds.GATHERV && me != deliveredRoot) {
            return 0;
        }
        long words = 0;
        boolean even = (superstep() & 1) == 0;   // the superstep counter has not advanced yet
        for (int j = 0; j < p; j++) {
            if (j == me) {
                continue;
            }
            Object payload = even ? slots[j].payload0 : slots[j].payload1;
            if (payload == null) {
                continue;
            }
            words += switch (payload) {
                case long[] a -> a.length;
                case long[][] a -> a[me].length;
                case Object[][] a -> a[me].length;
                case Object[] a -> a.length;
                default -> 0;
            };
        }
        return words;
    }

    /** Checks that the superstep that just ended completed collective {@code kindOrCode}. */
    private void delivered(int kindOrCode, String reader) {
        boolean matches = kindOrCode > 0xF ? deliveredCode == kindOrCode : Kinds.kind(deliveredCode) == kindOrCode;
        if (!matches || superstep() == 0) {
            throw new IllegalStateException(reader + " in superstep " + superstep() + ": the previous superstep "
                    + "ended with " + (superstep() == 0 ? "nothing (this is the first superstep)"
                    : Kinds.name(deliveredCode)) + ", not with the matching post");
        }
    }

    private static <T> T notNull(String name, T value) {
        return Objects.requireNonNull(value, () -> name + " must not be null");
    }

    // ---- barrier, broadcast, scatter, gather -------------------------------------------------------------

    @Override
    public void barrier() {
        notPosted();
        describe(-1, -1, null);
        put(null, 0);
        collectiveSync(Kinds.code(Kinds.BARRIER, Kinds.NONE), "barrier", 0, 0);
    }

    @Override
    public <T> T broadcast(int root, T value) {
        postBroadcast(root, value);
        completePosted();
        return broadcastResult();
    }

    @Override
    public <T> void postBroadcast(int root, T value) {
        checkRoot(root);
        posting();
        describe(root, -1, null);
        put(me == root ? value : null, 0);
        posted(Kinds.BROADCAST, Kinds.OBJECT, "broadcast", me == root ? p - 1 : 0, me == root ? 0 : 1, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T broadcastResult() {
        delivered(Kinds.BROADCAST, "broadcastResult()");
        return (T) payload(deliveredRoot);
    }

    @Override
    public <T> T scatter(int root, List<? extends T> chunks) {
        postScatter(root, chunks);
        completePosted();
        return scatterResult();
    }

    @Override
    public <T> void postScatter(int root, List<? extends T> chunks) {
        checkRoot(root);
        Object[] copy = null;
        if (me == root) {
            notNull("chunks", chunks);
            checkCount("chunks", chunks.size());
            copy = chunks.toArray();
        }
        posting();
        describe(root, -1, null);
        put(copy, 0);
        posted(Kinds.SCATTER, Kinds.OBJECT, "scatter", me == root ? p - 1 : 0, me == root ? 0 : 1, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T scatterResult() {
        delivered(Kinds.SCATTER, "scatterResult()");
        return (T) ((Object[]) payload(deliveredRoot))[me];
    }

    @Override
    public <T> List<T> gather(int root, T value) {
        postGather(root, value);
        completePosted();
        return gatherResult();
    }

    @Override
    public <T> void postGather(int root, T value) {
        checkRoot(root);
        posting();
        describe(root, -1, null);
        put(value, 0);
        posted(Kinds.GATHER, Kinds.OBJECT, "gather", me == root ? 0 : 1, me == root ? p - 1 : 0, null);
    }

    @Override
    public <T> List<T> gatherResult() {
        delivered(Kinds.GATHER, "gatherResult()");
        return me == deliveredRoot ? everyPayload() : List.of();
    }

    @Override
    public <T> List<T> allGather(T value) {
        postAllGather(value);
        completePosted();
        return allGatherResult();
    }

    @Override
    public <T> void postAllGather(T value) {
        posting();
        describe(-1, -1, null);
        put(value, 0);
        posted(Kinds.ALL_GATHER, Kinds.OBJECT, "allGather", p - 1, p - 1, null);
    }

    @Override
    public <T> List<T> allGatherResult() {
        delivered(Kinds.ALL_GATHER, "allGatherResult()");
        return everyPayload();
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> everyPayload() {
        Object[] all = new Object[p];
        for (int j = 0; j < p; j++) {
            all[j] = payload(j);
        }
        return (List<T>) Collections.unmodifiableList(Arrays.asList(all));
    }

    @Override
    public <T> List<T> allToAll(List<? extends T> byDestination) {
        postAllToAll(byDestination);
        completePosted();
        return allToAllResult();
    }

    @Override
    public <T> void postAllToAll(List<? extends T> byDestination) {
        notNull("byDestination", byDestination);
        checkCount("byDestination", byDestination.size());
        posting();
        describe(-1, -1, null);
        put(byDestination.toArray(), 0);
        posted(Kinds.ALL_TO_ALL, Kinds.OBJECT, "allToAll", p - 1, p - 1, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> allToAllResult() {
        delivered(Kinds.ALL_TO_ALL, "allToAllResult()");
        Object[] mineFromAll = new Object[p];
        for (int j = 0; j < p; j++) {
            mineFromAll[j] = ((Object[]) payload(j))[me];
        }
        return (List<T>) Collections.unmodifiableList(Arrays.asList(mineFromAll));
    }

    // ---- variable-size --------------------------------------------------------------------------------------

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> gatherv(int root, List<? extends T> values) {
        notPosted();
        checkRoot(root);
        notNull("values", values);
        Object[] copy = values.toArray();
        describe(root, -1, null);
        put(copy, 0);
        collectiveSync(Kinds.code(Kinds.GATHERV, Kinds.OBJECT), "gatherv", me == root ? 0 : copy.length, 0);
        if (me != root) {
            return List.of();
        }
        return (List<T>) concat();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> allGatherv(List<? extends T> values) {
        notPosted();
        notNull("values", values);
        Object[] copy = values.toArray();
        describe(-1, -1, null);
        put(copy, 0);
        collectiveSync(Kinds.code(Kinds.ALL_GATHERV, Kinds.OBJECT), "allGatherv", (long) copy.length * (p - 1),
                0);
        return (List<T>) concat();
    }

    /** The concatenation of every processor's Object[] payload, in processor order. */
    private List<Object> concat() {
        int total = 0;
        for (int j = 0; j < p; j++) {
            total = Math.addExact(total, ((Object[]) payload(j)).length);
        }
        Object[] all = new Object[total];
        int at = 0;
        for (int j = 0; j < p; j++) {
            Object[] part = (Object[]) payload(j);
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return Collections.unmodifiableList(Arrays.asList(all));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> List<T> allToAllv(List<? extends List<? extends T>> byDestination) {
        notPosted();
        notNull("byDestination", byDestination);
        checkCount("byDestination", byDestination.size());
        Object[][] copy = new Object[p][];
        long sent = 0;
        for (int d = 0; d < p; d++) {
            copy[d] = notNull("byDestination.get(" + d + ")", byDestination.get(d)).toArray();
            sent += d == me ? 0 : copy[d].length;
        }
        describe(-1, -1, null);
        put(copy, 0);
        collectiveSync(Kinds.code(Kinds.ALL_TO_ALLV, Kinds.OBJECT), "allToAllv", sent, 0);
        List<Object> all = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            Collections.addAll(all, ((Object[][]) payload(j))[me]);
        }
        return (List<T>) Collections.unmodifiableList(all);
    }

    @Override
    public long[] allToAllv(long[][] byDestination) {
        postAllToAllv(byDestination);
        completePosted();
        return allToAllvResult();
    }

    @Override
    public void postAllToAllv(long[][] byDestination) {
        notNull("byDestination", byDestination);
        checkCount("byDestination", byDestination.length);
        long[][] copy = new long[p][];
        long sent = 0;
        for (int d = 0; d < p; d++) {
            long[] part = notNull("byDestination[" + d + "]", byDestination[d]);
            copy[d] = part.clone();
            sent += d == me ? 0 : part.length;
        }
        posting();
        describe(-1, -1, null);
        put(copy, 0);
        posted(Kinds.ALL_TO_ALLV, Kinds.LONGS, "allToAllv", sent, 0, null);
    }

    @Override
    public long[] allToAllvResult() {
        delivered(Kinds.code(Kinds.ALL_TO_ALLV, Kinds.LONGS), "allToAllvResult()");
        long total = 0;
        for (int j = 0; j < p; j++) {
            total += ((long[][]) payload(j))[me].length;
        }
        long[] all = new long[Math.toIntExact(total)];
        int at = 0;
        for (int j = 0; j < p; j++) {
            long[] part = ((long[][]) payload(j))[me];
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    @Override
    public long[] allGatherv(long[] values) {
        postAllGatherv(values);
        completePosted();
        return allGathervResult();
    }

    @Override
    public void postAllGatherv(long[] values) {
        notNull("values", values);
        posting();
        describe(-1, -1, null);
        put(values.clone(), 0);
        posted(Kinds.ALL_GATHERV, Kinds.LONGS, "allGatherv", (long) values.length * (p - 1), 0, null);
    }

    @Override
    public long[] allGathervResult() {
        delivered(Kinds.code(Kinds.ALL_GATHERV, Kinds.LONGS), "allGathervResult()");
        long total = 0;
        for (int j = 0; j < p; j++) {
            total += ((long[]) payload(j)).length;
        }
        long[] all = new long[Math.toIntExact(total)];
        int at = 0;
        for (int j = 0; j < p; j++) {
            long[] part = (long[]) payload(j);
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    // ---- scalar reductions ------------------------------------------------------------------------------

    /** Checks that {@code op} applies to doubles. */
    private static ReduceOp doubleOp(ReduceOp op) {
        notNull("op", op);
        if (op instanceof ReduceOp.OfLong || op instanceof ReduceOp.OfObject) {
            throw new IllegalArgumentException("op " + op.name() + " is not an operation on doubles: use a "
                    + "ReduceOp.Builtin or a ReduceOp.OfDouble");
        }
        return op;
    }

    /** Checks that {@code op} applies to longs. */
    private static ReduceOp longOp(ReduceOp op) {
        notNull("op", op);
        if (op == ReduceOp.AVG) {
            throw new IllegalArgumentException("op AVG is not defined on longs (the mean is not a long): reduce "
                    + "doubles instead");
        }
        if (op instanceof ReduceOp.OfDouble || op instanceof ReduceOp.OfObject) {
            throw new IllegalArgumentException("op " + op.name() + " is not an operation on longs: use a "
                    + "ReduceOp.Builtin or a ReduceOp.OfLong");
        }
        return op;
    }

    static double identity(ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case SUM, COUNT -> 0.0;
                case PRODUCT -> 1.0;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
                case AVG -> Double.NaN;
            };
            case ReduceOp.OfDouble d -> d.identity();
            default -> throw new IllegalStateException(op.name());
        };
    }

    static long longIdentity(ReduceOp op) {
        return switch (op) {
            case ReduceOp.Builtin b -> switch (b) {
                case SUM, COUNT -> 0L;
                case PRODUCT -> 1L;
                case MAX -> Long.MIN_VALUE;
                case MIN -> Long.MAX_VALUE;
                case AVG -> throw new IllegalStateException("AVG");
            };
            case ReduceOp.OfLong l -> l.identity();
            default -> throw new IllegalStateException(op.name());
        };
    }

    static double apply(ReduceOp op, double a, double b) {
        return switch (op) {
            case ReduceOp.Builtin x -> switch (x) {
                case SUM, AVG -> a + b;
                case PRODUCT -> a * b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                case COUNT -> a + 1;
            };
            case ReduceOp.OfDouble d -> d.operator().applyAsDouble(a, b);
            default -> throw new IllegalStateException(op.name());
        };
    }

    static long apply(ReduceOp op, long a, long b) {
        return switch (op) {
            case ReduceOp.Builtin x -> switch (x) {
                case SUM -> a + b;
                case PRODUCT -> a * b;
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                case COUNT -> a + 1;
                case AVG -> throw new IllegalStateException("AVG");
            };
            case ReduceOp.OfLong l -> l.operator().applyAsLong(a, b);
            default -> throw new IllegalStateException(op.name());
        };
    }

    /** Folds the doubles contributed by processors [0, to) left to right; identity if {@code to == 0}. */
    private double foldDoubles(ReduceOp op, int to) {
        if (to == 0) {
            return identity(op);
        }
        double acc = op == ReduceOp.COUNT ? 1 : doubleOf(0);
        for (int j = 1; j < to; j++) {
            acc = apply(op, acc, doubleOf(j));
        }
        return op == ReduceOp.AVG ? acc / to : acc;
    }

    private long foldLongs(ReduceOp op, int to) {
        if (to == 0) {
            return longIdentity(op);
        }
        long acc = op == ReduceOp.COUNT ? 1 : bits(0);
        for (int j = 1; j < to; j++) {
            acc = apply(op, acc, bits(j));
        }
        return acc;
    }

    @SuppressWarnings("unchecked")
    private <T> T foldObjects(ReduceOp.OfObject<T> op, int to) {
        if (to == 0) {
            return op.identity();
        }
        T acc = (T) payload(0);
        for (int j = 1; j < to; j++) {
            acc = Objects.requireNonNull(op.operator().apply(acc, (T) payload(j)),
                    () -> "op " + op.name() + " returned null");
        }
        return acc;
    }

    private void syncScalar(int kind, int type, int root, ReduceOp op, String name) {
        notPosted();
        describe(root, -1, op);
        boolean toRoot = root >= 0;
        collectiveSync(Kinds.code(kind, type), name, toRoot ? (me == root ? 0 : 1) : p - 1,
                toRoot ? (me == root ? p - 1 : 0) : p - 1);
    }

    @Override
    public double allReduce(double value, ReduceOp op) {
        postAllReduce(value, op);
        completePosted();
        return allReduceResult();
    }

    @Override
    public void postAllReduce(double value, ReduceOp op) {
        doubleOp(op);
        posting();
        describe(-1, -1, op);
        put(null, Double.doubleToRawLongBits(value));
        posted(Kinds.ALL_REDUCE, Kinds.DOUBLE, "allReduce", p - 1, p - 1, op);
    }

    @Override
    public double allReduceResult() {
        delivered(Kinds.code(Kinds.ALL_REDUCE, Kinds.DOUBLE), "allReduceResult()");
        return foldDoubles(deliveredOp, p);
    }

    @Override
    public long allReduce(long value, ReduceOp op) {
        postAllReduce(value, op);
        completePosted();
        return allReduceLongResult();
    }

    @Override
    public void postAllReduce(long value, ReduceOp op) {
        longOp(op);
        posting();
        describe(-1, -1, op);
        put(null, value);
        posted(Kinds.ALL_REDUCE, Kinds.LONG, "allReduce", p - 1, p - 1, op);
    }

    @Override
    public long allReduceLongResult() {
        delivered(Kinds.code(Kinds.ALL_REDUCE, Kinds.LONG), "allReduceLongResult()");
        return foldLongs(deliveredOp, p);
    }

    @Override
    public <T> T allReduce(T value, ReduceOp.OfObject<T> op) {
        notNull("op", op);
        put(notNull("value", value), 0);
        syncScalar(Kinds.ALL_REDUCE, Kinds.OBJECT, -1, op, "allReduce");
        return foldObjects(op, p);
    }

    @Override
    public OptionalDouble reduce(int root, double value, ReduceOp op) {
        checkRoot(root);
        doubleOp(op);
        put(null, Double.doubleToRawLongBits(value));
        syncScalar(Kinds.REDUCE, Kinds.DOUBLE, root, op, "reduce");
        return me == root ? OptionalDouble.of(foldDoubles(op, p)) : OptionalDouble.empty();
    }

    @Override
    public OptionalLong reduce(int root, long value, ReduceOp op) {
        checkRoot(root);
        longOp(op);
        put(null, value);
        syncScalar(Kinds.REDUCE, Kinds.LONG, root, op, "reduce");
        return me == root ? OptionalLong.of(foldLongs(op, p)) : OptionalLong.empty();
    }

    @Override
    public <T> Optional<T> reduce(int root, T value, ReduceOp.OfObject<T> op) {
        checkRoot(root);
        notNull("op", op);
        put(notNull("value", value), 0);
        syncScalar(Kinds.REDUCE, Kinds.OBJECT, root, op, "reduce");
        return me == root ? Optional.of(foldObjects(op, p)) : Optional.empty();
    }

    @Override
    public double scan(double value, ReduceOp op) {
        doubleOp(op);
        put(null, Double.doubleToRawLongBits(value));
        syncScalar(Kinds.SCAN, Kinds.DOUBLE, -1, op, "scan");
        return foldDoubles(op, me + 1);
    }

    @Override
    public long scan(long value, ReduceOp op) {
        longOp(op);
        put(null, value);
        syncScalar(Kinds.SCAN, Kinds.LONG, -1, op, "scan");
        return foldLongs(op, me + 1);
    }

    @Override
    public <T> T scan(T value, ReduceOp.OfObject<T> op) {
        notNull("op", op);
        put(notNull("value", value), 0);
        syncScalar(Kinds.SCAN, Kinds.OBJECT, -1, op, "scan");
        return foldObjects(op, me + 1);
    }

    private static void needsIdentity(ReduceOp op) {
        if (!op.hasIdentity()) {
            throw new IllegalArgumentException("exscan needs an operation with an identity (processor 0 gets it); "
                    + op.name() + " has none");
        }
    }

    @Override
    public double exscan(double value, ReduceOp op) {
        doubleOp(op);
        needsIdentity(op);
        put(null, Double.doubleToRawLongBits(value));
        syncScalar(Kinds.EXSCAN, Kinds.DOUBLE, -1, op, "exscan");
        return foldDoubles(op, me);
    }

    @Override
    public long exscan(long value, ReduceOp op) {
        longOp(op);
        needsIdentity(op);
        put(null, value);
        syncScalar(Kinds.EXSCAN, Kinds.LONG, -1, op, "exscan");
        return foldLongs(op, me);
    }

    @Override
    public <T> T exscan(T value, ReduceOp.OfObject<T> op) {
        notNull("op", op);
        needsIdentity(op);
        put(notNull("value", value), 0);
        syncScalar(Kinds.EXSCAN, Kinds.OBJECT, -1, op, "exscan");
        return foldObjects(op, me);
    }

    // ---- element-wise reductions ------------------------------------------------------------------------

    /**
     * Folds {@code src[from, to)} into {@code dst[at...]} in place: {@code dst = dst op src}. One induction
     * variable per loop, so that C2 vectorizes the built-in operations.
     */
    private static void fold(ReduceOp op, double[] dst, int at, double[] src, int from, int to) {
        int n = to - from;
        if (op instanceof ReduceOp.Builtin b) {
            switch (b) {
                case SUM, AVG -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] += src[from + k];
                    }
                }
                case PRODUCT -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] *= src[from + k];
                    }
                }
                case MAX -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] = Math.max(dst[at + k], src[from + k]);
                    }
                }
                case MIN -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] = Math.min(dst[at + k], src[from + k]);
                    }
                }
                case COUNT -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] += 1;
                    }
                }
            }
        } else {
            var f = ((ReduceOp.OfDouble) op).operator();
            for (int k = 0; k < n; k++) {
                dst[at + k] = f.applyAsDouble(dst[at + k], src[from + k]);
            }
        }
    }

    private static void fold(ReduceOp op, long[] dst, int at, long[] src, int from, int to) {
        int n = to - from;
        if (op instanceof ReduceOp.Builtin b) {
            switch (b) {
                case SUM -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] += src[from + k];
                    }
                }
                case PRODUCT -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] *= src[from + k];
                    }
                }
                case MAX -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] = Math.max(dst[at + k], src[from + k]);
                    }
                }
                case MIN -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] = Math.min(dst[at + k], src[from + k]);
                    }
                }
                case COUNT -> {
                    for (int k = 0; k < n; k++) {
                        dst[at + k] += 1;
                    }
                }
                case AVG -> throw new IllegalStateException("AVG");
            }
        } else {
            var f = ((ReduceOp.OfLong) op).operator();
            for (int k = 0; k < n; k++) {
                dst[at + k] = f.applyAsLong(dst[at + k], src[from + k]);
            }
        }
    }

    /** Elements reduced at a time through the scratch buffer: small enough to stay in the L1 cache. */
    private static final int CHUNK = 1024;

    private final double[] doubleScratch = new double[CHUNK];
    private final long[] longScratch = new long[CHUNK];

    /**
     * Reduces elements [from, to) of every processor's array (payloads) into {@code out[at...]}, in processor
     * order. Works a chunk at a time in a scratch buffer and writes the chunk to {@code out} only after
     * reading every input, so {@code out} may be one of the inputs (in place).
     */
    private void reduceRange(ReduceOp op, double[] out, int at, int from, int to) {
        double[] t = doubleScratch;
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            if (op == ReduceOp.COUNT) {
                Arrays.fill(t, 0, n, p);
            } else {
                double[] first = (double[]) payload(0);
                if (p > 1 && (op == ReduceOp.SUM || op == ReduceOp.AVG)) {
                    double[] second = (double[]) payload(1);
                    for (int k = 0; k < n; k++) {
                        t[k] = first[start + k] + second[start + k];
                    }
                } else {
                    System.arraycopy(first, start, t, 0, n);
                    if (p > 1) {
                        fold(op, t, 0, (double[]) payload(1), start, start + n);
                    }
                }
                for (int j = 2; j < p; j++) {
                    fold(op, t, 0, (double[]) payload(j), start, start + n);
                }
                if (op == ReduceOp.AVG) {
                    for (int k = 0; k < n; k++) {
                        t[k] /= p;
                    }
                }
            }
            System.arraycopy(t, 0, out, at + start - from, n);
        }
    }

    private void reduceRange(ReduceOp op, long[] out, int at, int from, int to) {
        long[] t = longScratch;
        for (int start = from; start < to; start += CHUNK) {
            int n = Math.min(CHUNK, to - start);
            if (op == ReduceOp.COUNT) {
                Arrays.fill(t, 0, n, p);
            } else {
                long[] first = (long[]) payload(0);
                if (p > 1 && op == ReduceOp.SUM) {
                    long[] second = (long[]) payload(1);
                    for (int k = 0; k < n; k++) {
                        t[k] = first[start + k] + second[start + k];
                    }
                } else {
                    System.arraycopy(first, start, t, 0, n);
                    if (p > 1) {
                        fold(op, t, 0, (long[]) payload(1), start, start + n);
                    }
                }
                for (int j = 2; j < p; j++) {
                    fold(op, t, 0, (long[]) payload(j), start, start + n);
                }
            }
            System.arraycopy(t, 0, out, at + start - from, n);
        }
    }

    private static int blockStart(int i, int n, int processors) {
        return (int) ((long) i * n / processors);
    }

    @Override
    public double[] allReduce(double[] values, ReduceOp op) {
        notNull("values", values);
        return allReduceInto(values, doubleOp(op), new double[values.length], Kinds.DOUBLES);
    }

    @Override
    public void allReduceInPlace(double[] values, ReduceOp op) {
        notNull("values", values);
        allReduceInto(values, doubleOp(op), values, Kinds.DOUBLES);
    }

    @Override
    public long[] allReduce(long[] values, ReduceOp op) {
        notNull("values", values);
        return allReduceInto(values, longOp(op), new long[values.length], Kinds.LONGS);
    }

    @Override
    public void allReduceInPlace(long[] values, ReduceOp op) {
        notNull("values", values);
        allReduceInto(values, longOp(op), values, Kinds.LONGS);
    }

    /** Reduces a range of every processor's array payload, as doubles or as longs. */
    private void reduceRange(ReduceOp op, Object out, int at, int from, int to, int type) {
        if (type == Kinds.DOUBLES) {
            reduceRange(op, (double[]) out, at, from, to);
        } else {
            reduceRange(op, (long[]) out, at, from, to);
        }
    }

    /** Element-wise all-reduce of {@code double[]} or {@code long[]} ({@code type}) into {@code out}. */
    private <A> A allReduceInto(A values, ReduceOp op, A out, int type) {
        notPosted();
        int n = java.lang.reflect.Array.getLength(values);
        describe(-1, n, op);
        if ((long) n * (p - 1) > TWO_PHASE_THRESHOLD) {
            return twoPhase(values, op, out, type);
        }
        put(type == Kinds.DOUBLES ? ((double[]) values).clone() : ((long[]) values).clone(), 0);
        collectiveSync(Kinds.code(Kinds.ALL_REDUCE, type), "allReduce[direct]", (long) n * (p - 1),
                (long) n * (p - 1));
        reduceRange(op, out, 0, 0, n, type);
        return out;
    }

    /**
     * Element-wise all-reduce of large arrays in three supersteps. (1) Everyone contributes its input array.
     * (2) After the barrier, processor {@code i} reduces block {@code i} of all inputs, reading them in
     * place (every caller is still inside this call, so none can change its input), straight into block
     * {@code i} of its output, and contributes the output. (3) After the next barrier it copies every other
     * block from the owner's output. A last barrier keeps every caller inside the call until all copies are
     * done, so nobody changes an output (in place: an input) that another processor still reads. Writing
     * into the caller's input (in place) is safe: in step 2 processor {@code i} reads only block {@code i}
     * of each input, which is also the only block of its own array it writes before step 3.
     */
    private <A> A twoPhase(A values, ReduceOp op, A out, int type) {
        int n = java.lang.reflect.Array.getLength(values);
        int from = blockStart(me, n, p);
        int to = blockStart(me + 1, n, p);
        int block = to - from;
        put(values, 0);
        collectiveSync(Kinds.code(Kinds.ALL_REDUCE, type), "allReduce[reduce-scatter]", (long) n - block,
                (long) block * (p - 1));
        reduceRange(op, out, from, from, to, type);
        put(out, 0);
        innerSync(Kinds.code(Kinds.ALL_REDUCE_GATHER, type), "allReduce[all-gather]", (long) block * (p - 1),
                (long) n - block);
        for (int j = 0; j < p; j++) {
            if (j != me) {
                int start = blockStart(j, n, p);
                System.arraycopy(payload(j), start, out, start, blockStart(j + 1, n, p) - start);
            }
        }
        put(null, 0);
        innerSync(Kinds.code(Kinds.ALL_REDUCE_RELEASE, type), "allReduce[release]", 0, 0);
        return out;
    }

    @Override
    public int[] allReduce(int[] values, ReduceOp op) {
        notPosted();
        notNull("values", values);
        longOp(op);
        long[] wide = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            wide[i] = values[i];
        }
        // Same collective code as long[] plus the int type, so that mixing int[] and long[] is reported.
        int n = values.length;
        describe(-1, n, op);
        put(wide, 0);
        collectiveSync(Kinds.code(Kinds.ALL_REDUCE, Kinds.INTS), "allReduce[direct]", (long) n * (p - 1),
                (long) n * (p - 1));
        long[] reduced = new long[n];
        reduceRange(op, reduced, 0, 0, n);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) reduced[i];
        }
        return out;
    }

    @Override
    public double[] reduceScatter(double[] values, ReduceOp op) {
        notPosted();
        notNull("values", values);
        doubleOp(op);
        int n = values.length;
        describe(-1, n, op);
        put(values.clone(), 0);
        int from = blockStart(me, n, p);
        int to = blockStart(me + 1, n, p);
        collectiveSync(Kinds.code(Kinds.REDUCE_SCATTER, Kinds.DOUBLES), "reduceScatter", (long) n - (to - from),
                (long) (to - from) * (p - 1));
        double[] out = new double[to - from];
        reduceRange(op, out, 0, from, to);
        return out;
    }

    @Override
    public long[] reduceScatter(long[] values, ReduceOp op) {
        notPosted();
        notNull("values", values);
        longOp(op);
        int n = values.length;
        describe(-1, n, op);
        put(values.clone(), 0);
        int from = blockStart(me, n, p);
        int to = blockStart(me + 1, n, p);
        collectiveSync(Kinds.code(Kinds.REDUCE_SCATTER, Kinds.LONGS), "reduceScatter", (long) n - (to - from),
                (long) (to - from) * (p - 1));
        long[] out = new long[to - from];
        reduceRange(op, out, 0, from, to);
        return out;
    }
}
