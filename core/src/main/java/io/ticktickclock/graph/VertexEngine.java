package io.ticktickclock.graph;

import io.ticktickclock.BspContext;
import io.ticktickclock.Inbox;
import io.ticktickclock.LongInbox;
import io.ticktickclock.PairInbox;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;

/**
 * Runs one vertex program on one processor's partition (see {@link VertexProgram} for the contract).
 *
 * <p>Implementation overview. Values are a {@code double[]} indexed by local index (a long program keeps the
 * raw bits of its longs there, and its messages' bits travel in the pair lane the same way). Every edge has
 * a slot, one per distinct target of this processor's edges, holding the target's owner and local index;
 * slots are numbered by owner, then by target id. With a combiner, a message along an edge is folded into
 * its slot's value (the first message of a slot in a superstep sets the slot's bit in a bitset, a cache-sized
 * 1 bit per slot, instead of stamping a 4-byte mark), so combining costs one random access, not a hash
 * lookup; before the barrier the slots owned elsewhere whose bit is set are sent as
 * {@code sendPair(owner, index, value)}, owner by owner in slot order, and those owned here stay in place.
 * A target receives at most one combined value from each processor, folded in processor order, so these are
 * the values a combining pair lane would deliver, without the trip through a channel. The built-in
 * combiners (sum, min, max) are applied by a switch, not through an interface call that would be megamorphic
 * when several programs run in one JVM. Without a combiner each message is a pair of its own. A
 * message by id travels in the long lane as {@code (id, bits)} and is resolved by binary search at the
 * owner. Right after the superstep's barrier all of it is folded into this engine's buffers for the next
 * superstep, in processor order (a combined value per vertex, or the messages grouped per vertex by a
 * stable counting sort), so a master step's broadcast, which starts a superstep of its own, cannot hide
 * them. One {@code allGather} of {@code [active, sent, flags, aggregates…]} ends each superstep: every
 * processor reduces the same list in processor order, so all take the same decision without a second barrier.
 *
 * <p>The gather path (a built-in combiner over doubles or longs: PageRank's case). A
 * {@code sendToAllNeighbors} is deferred: the vertex's value is kept, one per vertex. If at the end of the
 * superstep every vertex with out-edges made exactly one and nothing was sent along an edge or by id, the
 * processor ships, to each other processor, one value per vertex with an edge there (in the long lane, in
 * the order of that processor's {@link GatherIndex} exports), instead of one combined value per target; each
 * target's owner then folds, for each sending processor in processor order, the target's in-edges from it
 * over the {@link GatherIndex}, in the order that processor's slots would have folded them. The messages are
 * the same to the bit; the work is a sequential pass over the in-edges with a random read of a value per
 * edge (the pull PageRank's loop) instead of a random read-modify-write of a slot per edge. Any other send
 * first spills the deferred broadcasts into the slots in vertex order (the order they were made), and the
 * superstep goes on through the slots. The index is built, by one all-to-all, after two supersteps in a row
 * in which every processor could have gathered, and cached in the partition for later runs; a run uses the
 * cached indexes only if every processor holds one (one {@code sync} at the start says).
 *
 * <p>An object program keeps its values in an {@code Object[]} and sends each message as an
 * {@link Envelope} in the object lane (the target's local index, or its id for a send by id); they are
 * grouped per vertex by the same counting sort, into an {@code Object[]}.
 */
final class VertexEngine<V extends Vertex, I> {
    private final BspContext<?> ctx;
    private final GraphPartition graph;
    private final VertexProgram<V, I> program;
    private final int p;
    private final int pid;
    private final int n;
    private final long[] ids;
    private final int[] offsets;
    private final int[] edgeSlots;
    private final int[] slotOwners;
    private final int[] slotIndices;
    private final VertexPartitioner partitioner;
    private final DoubleBinaryOperator combiner;
    /** The combiner as one of the OP_ codes (a switch per message, inlined), or OP_OTHER. */
    private final int op;
    private static final int OP_OTHER = 0;
    private static final int OP_DOUBLE_SUM = 1;
    private static final int OP_DOUBLE_MIN = 2;
    private static final int OP_DOUBLE_MAX = 3;
    private static final int OP_LONG_SUM = 4;
    private static final int OP_LONG_MIN = 5;
    private static final int OP_LONG_MAX = 6;
    /**
     * The built-in combiner's identity, exact ({@code combine(identity, m)} is {@code m} to the bit: -0.0 for a
     * double sum): unset slots and combined values hold it, so folding a message needs no branch.
     */
    private final double identity;
    /** The slots each processor owns: {@code [slotStart[q], slotStart[q + 1])}. */
    private final int[] slotStart;

    final double[] values;
    /** The values of an object program (then {@code values} is unused). */
    private final Object[] objects;
    private Object[] objectBuffer = new Object[0];
    private final boolean[] halted;
    // Messages for the next superstep. Combined: one value per vertex, present when its bit in has is set.
    private double[] combined;
    private long[] has;
    // Not combined: the messages of vertex v are buffer[start[v] .. start[v + 1]).
    private int[] start;
    private int[] fill;
    private double[] buffer = new double[0];
    // Sender-side combining (with a combiner): a slot's value is live when its bit in slotHas is set.
    private double[] slotValues;
    private long[] slotHas;

    // The gather path (a built-in combiner over doubles or longs), see the overview.
    private final boolean gathers;
    /** The vertices with at least one out-edge. */
    private final int senders;
    /** The in-edge index this run gathers with, once every processor holds one; null before. */
    private GatherIndex index;
    /** The raw bits of the value each vertex sent to all its neighbours in this superstep, deferred. */
    private long[] broadcast;
    /** Which vertices' values in {@code broadcast} are deferred. */
    private long[] broadcasting;
    private int broadcasters;
    /** Whether this superstep's messages go through the slots (always, for a program that does not gather). */
    private boolean spilled;
    private boolean sentById;
    /** How many supersteps in a row every processor could have gathered (the index is built after two). */
    private int wholeStreak;
    private long[] staging;
    private long[] imported;
    /** Per processor: whether it shipped its broadcasts for gathering in the superstep being received. */
    private final boolean[] gathered;
    private static final long GATHERED = 1;
    private static final long WHOLE = 2;

    int superstep;
    int phase;
    long sent;
    private boolean initializing;
    /** What vertices read: the previous superstep's reductions, as the master left them (raw bits). */
    final long[] aggregated;
    /** This superstep's local contributions (raw bits). */
    final long[] contributions;
    private final Aggregator[] aggregators;

    private final Cursor cursor;
    private final Messages messages;

    VertexEngine(BspContext<?> ctx, GraphPartition graph, VertexProgram<V, I> program) {
        this.ctx = ctx;
        this.graph = graph;
        this.program = program;
        this.p = ctx.processors();
        this.pid = ctx.pid();
        this.n = graph.vertexCount();
        this.ids = graph.idArray();
        this.offsets = graph.offsetArray();
        this.edgeSlots = graph.edgeSlotArray();
        this.slotOwners = graph.slotOwnerArray();
        this.slotIndices = graph.slotIndexArray();
        this.partitioner = graph.partitioner();
        this.combiner = program.combiner;
        this.op = opCode(program);
        this.identity = switch (op) {
            case OP_DOUBLE_SUM -> -0.0;
            case OP_DOUBLE_MIN -> Double.POSITIVE_INFINITY;
            case OP_DOUBLE_MAX -> Double.NEGATIVE_INFINITY;
            case OP_LONG_MIN -> Double.longBitsToDouble(Long.MAX_VALUE);
            case OP_LONG_MAX -> Double.longBitsToDouble(Long.MIN_VALUE);
            default -> 0.0; // OP_LONG_SUM: the bits of 0L; OP_OTHER: unused
        };
        this.slotStart = new int[p + 1];
        for (int slot = 0, q = 0; q <= p; q++) {
            while (slot < slotOwners.length && slotOwners[slot] < q) {
                slot++;
            }
            slotStart[q] = slot;
        }
        this.values = program.kind == VertexProgram.Kind.OBJECT ? null : new double[n];
        this.objects = program.kind == VertexProgram.Kind.OBJECT ? new Object[n] : null;
        this.halted = new boolean[n];
        this.gathers = op != OP_OTHER && program.kind != VertexProgram.Kind.OBJECT;
        this.gathered = new boolean[p];
        int withEdges = 0;
        for (int v = 0; v < n; v++) {
            withEdges += offsets[v + 1] > offsets[v] ? 1 : 0;
        }
        this.senders = withEdges;
        if (combiner != null) {
            combined = new double[n];
            has = new long[(n + 63) >>> 6];
            Arrays.fill(combined, identity);
            if (gathers) {
                broadcast = new long[n];
                broadcasting = new long[(n + 63) >>> 6];
            } else {
                slots();
                spilled = true;
            }
        } else {
            start = new int[n + 1];
            fill = new int[n];
        }
        this.aggregators = program.aggregators.toArray(new Aggregator[0]);
        this.aggregated = new long[aggregators.length];
        this.contributions = new long[aggregators.length];
        for (int a = 0; a < aggregators.length; a++) {
            aggregated[a] = identity(aggregators[a]);
        }
        switch (program.kind) {
            case DOUBLE -> {
                this.cursor = new DoubleCursor();
                this.messages = new DoubleView();
            }
            case LONG -> {
                this.cursor = new LongCursor();
                this.messages = new LongView();
            }
            default -> {
                this.cursor = new ObjectCursor();
                this.messages = new ObjectView();
            }
        }
    }

    private static int opCode(VertexProgram<?, ?> program) {
        if (!(program.combinerOp instanceof io.ticktickclock.ReduceOp.Builtin b)) {
            return OP_OTHER;
        }
        boolean longs = program.kind == VertexProgram.Kind.LONG;
        return switch (b) {
            case SUM -> longs ? OP_LONG_SUM : OP_DOUBLE_SUM;
            case MIN -> longs ? OP_LONG_MIN : OP_DOUBLE_MIN;
            case MAX -> longs ? OP_LONG_MAX : OP_DOUBLE_MAX;
            default -> OP_OTHER;
        };
    }

    /** The combiner applied to {@code x} and {@code y} (the raw bits of longs for a long program). */
    private double combine(double x, double y) {
        return switch (op) {
            case OP_DOUBLE_SUM -> x + y;
            case OP_DOUBLE_MIN -> Math.min(x, y);
            case OP_DOUBLE_MAX -> Math.max(x, y);
            case OP_LONG_SUM -> Double.longBitsToDouble(Double.doubleToRawLongBits(x) + Double.doubleToRawLongBits(y));
            case OP_LONG_MIN -> Double.longBitsToDouble(
                    Math.min(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y)));
            case OP_LONG_MAX -> Double.longBitsToDouble(
                    Math.max(Double.doubleToRawLongBits(x), Double.doubleToRawLongBits(y)));
            default -> combiner.applyAsDouble(x, y);
        };
    }

    private static long identity(Aggregator a) {
        return switch (a) {
            case Aggregator.OfDouble d -> Double.doubleToRawLongBits(d.identity);
            case Aggregator.OfLong l -> l.identity;
        };
    }

    private static long fold(Aggregator a, long x, long y) {
        return switch (a) {
            case Aggregator.OfDouble d -> Double.doubleToRawLongBits(
                    d.operator.applyAsDouble(Double.longBitsToDouble(x), Double.longBitsToDouble(y)));
            case Aggregator.OfLong l -> l.operator.applyAsLong(x, y);
        };
    }

    /** Allocates the sender-side slots, on first use when the program gathers. */
    private void slots() {
        if (slotValues == null) {
            slotValues = new double[slotOwners.length];
            slotHas = new long[(slotOwners.length + 63) >>> 6];
            Arrays.fill(slotValues, identity);
        }
    }

    private void adopt(GatherIndex index) {
        this.index = index;
        staging = new long[index.longestExport()];
        int most = 0;
        for (int q = 0; q < p; q++) {
            most = q == pid ? most : Math.max(most, index.sourceCount[q]);
        }
        imported = new long[most];
    }

    @SuppressWarnings("unchecked")
    VertexResult run() throws Exception {
        ctx.combinePairs(null); // the engine combines in its slots
        try {
            if (gathers) {
                // The partitions' cached indexes are used only if every processor holds one.
                GatherIndex cached = graph.gatherIndex();
                ctx.nameSuperstep(program.name() + ":start");
                if (ctx.sync(cached != null)) {
                    adopt(cached);
                }
            }
            V vertex = (V) cursor;
            I inbox = (I) messages;
            initializing = true;
            for (int v = 0; v < n; v++) {
                cursor.v = v;
                program.init.init(vertex);
            }
            initializing = false;
            boolean halt = false;
            while (true) {
                for (int a = 0; a < aggregators.length; a++) {
                    contributions[a] = identity(aggregators[a]);
                }
                sent = 0;
                int active = 0;
                for (int v = 0; v < n; v++) {
                    boolean hasMessages = messages.at(v);
                    if (halted[v] && !hasMessages) {
                        continue;
                    }
                    halted[v] = false;
                    cursor.v = v;
                    program.compute.compute(vertex, inbox);
                    if (!halted[v]) {
                        active++;
                    }
                }
                long flags = flush();
                long[] mine = new long[3 + aggregators.length];
                mine[0] = active;
                mine[1] = sent;
                mine[2] = flags;
                System.arraycopy(contributions, 0, mine, 3, aggregators.length);
                ctx.nameSuperstep(program.name());
                List<long[]> all = ctx.allGather(mine);
                boolean whole = true;
                for (int q = 0; q < p; q++) {
                    gathered[q] = (all.get(q)[2] & GATHERED) != 0;
                    whole &= (all.get(q)[2] & WHOLE) != 0;
                }
                receive();
                long activeTotal = 0;
                long sentTotal = 0;
                for (int q = 0; q < p; q++) {
                    long[] theirs = all.get(q);
                    activeTotal += theirs[0];
                    sentTotal += theirs[1];
                    for (int a = 0; a < aggregators.length; a++) {
                        aggregated[a] = q == 0 ? theirs[3 + a] : fold(aggregators[a], aggregated[a], theirs[3 + a]);
                    }
                }
                boolean wakeAll = false;
                if (program.master != null) {
                    Decision d = null;
                    if (ctx.pid() == 0) {
                        MasterView m = new MasterView(superstep, activeTotal, sentTotal);
                        program.master.compute(m);
                        d = new Decision(m.halt, m.wakeAll, m.phase, aggregated.clone());
                    }
                    ctx.nameSuperstep(program.name() + ":master");
                    d = ctx.broadcast(0, d);
                    halt = d.halt();
                    wakeAll = d.wakeAll();
                    phase = d.phase();
                    System.arraycopy(d.aggregated(), 0, aggregated, 0, aggregated.length);
                }
                superstep++;
                if (halt || (activeTotal == 0 && sentTotal == 0 && !wakeAll)) {
                    return result(true);
                }
                if (superstep >= program.maxSupersteps) {
                    return result(false);
                }
                if (wakeAll) {
                    Arrays.fill(halted, false);
                }
                if (gathers && index == null) {
                    // Every vertex with out-edges sent one value to all neighbours, on every processor, twice
                    // in a row: build the in-edge index (once per partition; later runs reuse it).
                    wholeStreak = whole && sentTotal > 0 ? wholeStreak + 1 : 0;
                    if (wholeStreak >= 2) {
                        ctx.nameSuperstep(program.name() + ":index");
                        GatherIndex built = GatherIndex.build(ctx, graph);
                        graph.gatherIndex(built);
                        adopt(built);
                    }
                }
            }
        } finally {
            ctx.combinePairs(null);
        }
    }

    private VertexResult result(boolean halted) {
        return new VertexResult(program.kind, ids, values, objects, superstep, halted, phase, program.aggregators,
                aggregated.clone());
    }

    /**
     * An object message in flight: to the vertex at local index {@code index} of the destination, or, when
     * {@code index} is -1, to vertex {@code id}.
     */
    record Envelope(int index, long id, Object message) implements java.io.Serializable {}

    /** The master step's decisions, broadcast from processor 0. */
    private record Decision(boolean halt, boolean wakeAll, int phase, long[] aggregated) {}

    /** Folds {@code message} into the slot of edge {@code e} (sender-side combining). */
    private void combineAlong(int e, double message) {
        int slot = edgeSlots[e];
        int word = slot >>> 6;
        long bit = 1L << slot;
        if (op != OP_OTHER) {
            // Branch-free: a slot holds the identity until its first message.
            slotHas[word] |= bit;
            slotValues[slot] = combine(slotValues[slot], message);
            return;
        }
        long bits = slotHas[word];
        if ((bits & bit) != 0) {
            slotValues[slot] = combine(slotValues[slot], message);
        } else {
            slotHas[word] = bits | bit;
            slotValues[slot] = message;
        }
    }

    /**
     * Sends this superstep's combined messages: the deferred broadcasts to be gathered, when every vertex with
     * out-edges made one and nothing else was sent (and the index exists), and otherwise the slots that other
     * processors own, owner by owner, in slot order. Returns the flags for the all-gather.
     */
    private long flush() {
        if (combiner == null) {
            return 0;
        }
        long flags = 0;
        if (gathers) {
            if (!spilled && !sentById && broadcasters == senders) {
                flags |= WHOLE;
            }
            if (flags != 0 && index != null) {
                ship();
                flags |= GATHERED;
            } else if (broadcasters > 0) {
                spill();
            }
            spilled = false;
            sentById = false;
        }
        if (slotHas == null) {
            return flags;
        }
        for (int q = 0; q < p; q++) {
            if (q != pid) {
                for (int slot = nextSet(slotHas, slotStart[q], slotStart[q + 1]); slot >= 0;
                        slot = nextSet(slotHas, slot + 1, slotStart[q + 1])) {
                    ctx.sendPair(q, slotIndices[slot], slotValues[slot]);
                }
            }
        }
        return flags;
    }

    /** Ships the deferred broadcasts: to each other processor, the values of the vertices it imports, in order. */
    private void ship() {
        for (int r = 0; r < p; r++) {
            if (r != pid) {
                int[] exports = index.exports[r];
                for (int i = 0; i < exports.length; i++) {
                    staging[i] = broadcast[exports[i]];
                }
                ctx.sendLongs(r, staging, 0, exports.length);
            }
        }
        Arrays.fill(broadcasting, 0L);
        broadcasters = 0;
    }

    /**
     * Sends the broadcasts deferred so far through the slots, in vertex order (the order in which they were
     * made), and the rest of the superstep's messages too.
     */
    private void spill() {
        slots();
        if (broadcasters > 0) {
            for (int word = 0; word < broadcasting.length; word++) {
                for (long w = broadcasting[word]; w != 0; w &= w - 1) {
                    int v = (word << 6) + Long.numberOfTrailingZeros(w);
                    double message = Double.longBitsToDouble(broadcast[v]);
                    for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                        combineAlong(e, message);
                    }
                }
                broadcasting[word] = 0;
            }
            broadcasters = 0;
        }
        spilled = true;
    }

    /**
     * Folds group {@code q} of the index into the combined messages: for each target, its sources' values in
     * {@code source} in the index's order, then that into the target's message, as the scatter at {@code q}
     * and {@link #offer} would.
     */
    private void gather(int q, long[] source) {
        int[] targets = index.targets[q];
        int[] ends = index.ends[q];
        int[] sources = index.sources[q];
        double[] combined = this.combined;
        long[] has = this.has;
        int e = 0;
        if (op == OP_DOUBLE_SUM) {
            for (int i = 0; i < targets.length; i++) {
                int t = targets[i];
                double partial = -0.0;
                for (int end = ends[i]; e < end; e++) {
                    partial += Double.longBitsToDouble(source[sources[e]]);
                }
                combined[t] += partial;
                has[t >>> 6] |= 1L << t;
            }
            return;
        }
        for (int i = 0; i < targets.length; i++) {
            int t = targets[i];
            double partial = identity;
            for (int end = ends[i]; e < end; e++) {
                partial = combine(partial, Double.longBitsToDouble(source[sources[e]]));
            }
            combined[t] = combine(combined[t], partial);
            has[t >>> 6] |= 1L << t;
        }
    }

    /** The first set bit of {@code bits} in {@code [from, to)}, or -1. */
    private static int nextSet(long[] bits, int from, int to) {
        if (from >= to) {
            return -1;
        }
        int word = from >>> 6;
        long w = bits[word] & (-1L << from);
        while (w == 0) {
            if ((long) ++word << 6 >= to) {
                return -1;
            }
            w = bits[word];
        }
        int i = (word << 6) + Long.numberOfTrailingZeros(w);
        return i < to ? i : -1;
    }

    /** Folds the inboxes and the slots owned here into the message buffers of the next superstep. */
    private void receive() {
        if (objects != null) {
            receiveObjects();
            return;
        }
        PairInbox pairs = ctx.pairInbox();
        LongInbox byId = ctx.longInbox();
        int pairCount = pairs.size();
        int byIdCount = byId.size() / 2;
        if (combiner != null) {
            // The messages read in this superstep are done with: start the next superstep's afresh.
            clear(has, combined);
            // In processor order; this processor's own messages never left its slots (or its broadcasts).
            int from = 0;
            for (int q = 0; q < p; q++) {
                int count = pairs.countFrom(q);
                if (gathered[q]) {
                    long[] source = broadcast;
                    if (q != pid) {
                        byId.copyFrom(q, imported, 0);
                        source = imported;
                    }
                    gather(q, source);
                } else if (q == pid) {
                    if (slotHas != null) {
                        for (int slot = nextSet(slotHas, slotStart[q], slotStart[q + 1]); slot >= 0;
                                slot = nextSet(slotHas, slot + 1, slotStart[q + 1])) {
                            offer(slotIndices[slot], slotValues[slot]);
                        }
                    }
                } else {
                    for (int i = from, to = from + count; i < to; i++) {
                        offer((int) pairs.key(i), pairs.value(i));
                    }
                }
                from += count;
            }
            if (slotHas != null) {
                clear(slotHas, slotValues);
            }
            // A processor that shipped broadcasts sent nothing by id: its long messages are their values.
            for (int q = 0, at = 0; q < p; q++) {
                int count = byId.countFrom(q);
                if (!gathered[q]) {
                    for (int i = at; i < at + count; i += 2) {
                        offer(resolve(byId.get(i)), Double.longBitsToDouble(byId.get(i + 1)));
                    }
                }
                at += count;
            }
            return;
        }
        Arrays.fill(start, 0);
        for (int i = 0; i < pairCount; i++) {
            start[(int) pairs.key(i) + 1]++;
        }
        for (int i = 0; i < byIdCount; i++) {
            start[resolve(byId.get(2 * i)) + 1]++;
        }
        for (int v = 0; v < n; v++) {
            start[v + 1] += start[v];
        }
        int total = start[n];
        if (buffer.length < total) {
            buffer = new double[Math.max(total, buffer.length + (buffer.length >> 1))];
        }
        System.arraycopy(start, 0, fill, 0, n);
        for (int i = 0; i < pairCount; i++) {
            buffer[fill[(int) pairs.key(i)]++] = pairs.value(i);
        }
        for (int i = 0; i < byIdCount; i++) {
            buffer[fill[resolve(byId.get(2 * i))]++] = Double.longBitsToDouble(byId.get(2 * i + 1));
        }
    }

    /** Groups the object messages per vertex: those sent along edges first, then those sent by id. */
    private void receiveObjects() {
        @SuppressWarnings("unchecked")
        Inbox<Object> inbox = (Inbox<Object>) ctx.inbox();
        int count = inbox.size();
        Arrays.fill(start, 0);
        int[] target = new int[count];
        for (int i = 0; i < count; i++) {
            Envelope m = (Envelope) inbox.get(i);
            target[i] = m.index() >= 0 ? m.index() : resolve(m.id());
            start[target[i] + 1]++;
        }
        for (int v = 0; v < n; v++) {
            start[v + 1] += start[v];
        }
        if (objectBuffer.length < count) {
            objectBuffer = new Object[Math.max(count, objectBuffer.length + (objectBuffer.length >> 1))];
        }
        System.arraycopy(start, 0, fill, 0, n);
        for (int byId = 0; byId < 2; byId++) {
            for (int i = 0; i < count; i++) {
                Envelope m = (Envelope) inbox.get(i);
                if ((m.index() < 0) == (byId == 1)) {
                    objectBuffer[fill[target[i]]++] = m.message();
                }
            }
        }
    }

    /** Clears {@code bits}, and puts the identity back into each value whose bit was set. */
    private void clear(long[] bits, double[] values) {
        for (int word = 0; word < bits.length; word++) {
            long w = bits[word];
            if (w == 0) {
                continue;
            }
            if (op != OP_OTHER) {
                if (w == -1L) {
                    Arrays.fill(values, word << 6, (word << 6) + 64, identity);
                } else {
                    for (; w != 0; w &= w - 1) {
                        values[(word << 6) + Long.numberOfTrailingZeros(w)] = identity;
                    }
                }
            }
            bits[word] = 0;
        }
    }

    private void offer(int v, double value) {
        int word = v >>> 6;
        long bit = 1L << v;
        if (op != OP_OTHER) {
            has[word] |= bit;
            combined[v] = combine(combined[v], value);
            return;
        }
        long bits = has[word];
        if ((bits & bit) != 0) {
            combined[v] = combine(combined[v], value);
        } else {
            has[word] = bits | bit;
            combined[v] = value;
        }
    }

    private int resolve(long id) {
        int v = Arrays.binarySearch(ids, id);
        if (v < 0) {
            throw new IllegalArgumentException("a message was sent to vertex " + id
                    + ", which is not in the graph (processor " + ctx.pid() + " owns it but has no such vertex)");
        }
        return v;
    }

    private int ownerOf(long target) {
        int q = partitioner.ownerOf(target, p);
        if (q < 0 || q >= p) {
            throw new IllegalArgumentException("the partitioner " + partitioner + " put vertex " + target
                    + " on processor " + q + ", expected [0, " + p + ")");
        }
        return q;
    }

    private void checkSending() {
        if (initializing) {
            throw new IllegalStateException("init must not send messages; send them in superstep 0");
        }
    }

    // ---- the views ------------------------------------------------------------------------------------

    private Aggregator.OfDouble own(Aggregator.OfDouble a) {
        if (a.program != program.token || a.slot >= aggregators.length) {
            throw new IllegalArgumentException("aggregator " + a.name() + " belongs to another program");
        }
        return a;
    }

    private Aggregator.OfLong own(Aggregator.OfLong a) {
        if (a.program != program.token || a.slot >= aggregators.length) {
            throw new IllegalArgumentException("aggregator " + a.name() + " belongs to another program");
        }
        return a;
    }

    /** The vertex view shared by both kinds; {@code v} is the current local index. */
    private abstract class Cursor implements Vertex {
        int v;

        @Override
        public long id() {
            return ids[v];
        }

        @Override
        public int superstep() {
            return superstep;
        }

        @Override
        public int phase() {
            return phase;
        }

        @Override
        public long graphVertexCount() {
            return graph.graphVertexCount();
        }

        @Override
        public int edgeCount() {
            return offsets[v + 1] - offsets[v];
        }

        final int edge(int edge) {
            int first = offsets[v];
            if (edge < 0 || edge >= offsets[v + 1] - first) {
                throw new IndexOutOfBoundsException("edge must be in [0, " + (offsets[v + 1] - first)
                        + ") for vertex " + ids[v] + ", got " + edge);
            }
            return first + edge;
        }

        @Override
        public long edgeTarget(int edge) {
            return graph.target(edge(edge));
        }

        @Override
        public double edgeWeight(int edge) {
            return graph.weight(edge(edge));
        }

        @Override
        public void voteToHalt() {
            halted[v] = true;
        }

        @Override
        public double aggregated(Aggregator.OfDouble a) {
            return Double.longBitsToDouble(aggregated[own(a).slot]);
        }

        @Override
        public long aggregated(Aggregator.OfLong a) {
            return aggregated[own(a).slot];
        }

        @Override
        public void aggregate(Aggregator.OfDouble a, double value) {
            int s = own(a).slot;
            contributions[s] = Double.doubleToRawLongBits(
                    a.operator.applyAsDouble(Double.longBitsToDouble(contributions[s]), value));
        }

        @Override
        public void aggregate(Aggregator.OfLong a, long value) {
            int s = own(a).slot;
            contributions[s] = a.operator.applyAsLong(contributions[s], value);
        }

        final void sendAlongEdge(int edge, double message) {
            checkSending();
            int e = edge(edge);
            if (combiner != null) {
                if (!spilled) {
                    spill();
                }
                combineAlong(e, message);
            } else {
                int slot = edgeSlots[e];
                ctx.sendPair(slotOwners[slot], slotIndices[slot], message);
            }
            sent++;
        }

        final void sendToAll(double message) {
            checkSending();
            int end = offsets[v + 1];
            if (combiner != null) {
                if (!spilled) {
                    if (end == offsets[v]) {
                        return;
                    }
                    int word = v >>> 6;
                    long bit = 1L << v;
                    if ((broadcasting[word] & bit) == 0) {
                        // Deferred: gathered at the targets' owners, or spilled into the slots.
                        broadcasting[word] |= bit;
                        broadcast[v] = Double.doubleToRawLongBits(message);
                        broadcasters++;
                        sent += end - offsets[v];
                        return;
                    }
                    spill(); // a second broadcast of the vertex
                }
                for (int e = offsets[v]; e < end; e++) {
                    combineAlong(e, message);
                }
            } else {
                for (int e = offsets[v]; e < end; e++) {
                    int slot = edgeSlots[e];
                    ctx.sendPair(slotOwners[slot], slotIndices[slot], message);
                }
            }
            sent += end - offsets[v];
        }

        final void sendById(long target, double message) {
            checkSending();
            int q = ownerOf(target);
            sentById = true;
            ctx.sendLong(q, target);
            ctx.sendLong(q, Double.doubleToRawLongBits(message));
            sent++;
        }

        @Override
        public String toString() {
            return "Vertex[" + ids[v] + ", superstep " + superstep + "]";
        }
    }

    private final class DoubleCursor extends Cursor implements DoubleVertex {
        @Override
        public double value() {
            return values[v];
        }

        @Override
        public void setValue(double value) {
            values[v] = value;
        }

        @Override
        public void sendAlong(int edge, double message) {
            sendAlongEdge(edge, message);
        }

        @Override
        public void sendToAllNeighbors(double message) {
            sendToAll(message);
        }

        @Override
        public void send(long target, double message) {
            sendById(target, message);
        }
    }

    private final class LongCursor extends Cursor implements LongVertex {
        @Override
        public long value() {
            return Double.doubleToRawLongBits(values[v]);
        }

        @Override
        public void setValue(long value) {
            values[v] = Double.longBitsToDouble(value);
        }

        @Override
        public void sendAlong(int edge, long message) {
            sendAlongEdge(edge, Double.longBitsToDouble(message));
        }

        @Override
        public void sendToAllNeighbors(long message) {
            sendToAll(Double.longBitsToDouble(message));
        }

        @Override
        public void send(long target, long message) {
            sendById(target, Double.longBitsToDouble(message));
        }
    }

    @SuppressWarnings("unchecked")
    private void sendObject(int q, Envelope envelope) {
        ((BspContext<Object>) ctx).send(q, envelope);
        sent++;
    }

    private final class ObjectCursor extends Cursor implements ObjectVertex<Object, Object> {
        @Override
        public Object value() {
            return objects[v];
        }

        @Override
        public void setValue(Object value) {
            objects[v] = value;
        }

        @Override
        public void sendAlong(int edge, Object message) {
            checkSending();
            int slot = edgeSlots[edge(edge)];
            sendObject(slotOwners[slot], new Envelope(slotIndices[slot], 0, message));
        }

        @Override
        public void sendToAllNeighbors(Object message) {
            checkSending();
            for (int e = offsets[v], end = offsets[v + 1]; e < end; e++) {
                int slot = edgeSlots[e];
                sendObject(slotOwners[slot], new Envelope(slotIndices[slot], 0, message));
            }
        }

        @Override
        public void send(long target, Object message) {
            checkSending();
            sendObject(ownerOf(target), new Envelope(-1, target, message));
        }
    }

    /** The messages view shared by both kinds: {@code [from, to)} of {@code source}. */
    private abstract class Messages {
        double[] source;
        int from;
        int to;

        /** Points the view at vertex {@code v}'s messages; whether it has any. */
        final boolean at(int v) {
            if (combiner != null) {
                source = combined;
                from = v;
                to = (has[v >>> 6] & (1L << v)) != 0 ? v + 1 : v;
            } else {
                source = buffer;
                from = start[v];
                to = start[v + 1];
            }
            return to > from;
        }

        public int size() {
            return to - from;
        }

        final int index(int index) {
            if (index < 0 || index >= to - from) {
                throw new IndexOutOfBoundsException("index must be in [0, " + (to - from) + "), got " + index);
            }
            return from + index;
        }
    }

    private final class DoubleView extends Messages implements DoubleMessages {
        @Override
        public double get(int index) {
            return source[index(index)];
        }
    }

    private final class ObjectView extends Messages implements ObjectMessages<Object> {
        @Override
        public Object get(int index) {
            return objectBuffer[index(index)];
        }
    }

    private final class LongView extends Messages implements LongMessages {
        @Override
        public long get(int index) {
            return Double.doubleToRawLongBits(source[index(index)]);
        }
    }

    /** Processor 0's master view of one superstep's end. */
    private final class MasterView implements Master {
        private final int step;
        private final long active;
        private final long sentTotal;
        boolean halt;
        boolean wakeAll;
        int phase = VertexEngine.this.phase;

        MasterView(int step, long active, long sentTotal) {
            this.step = step;
            this.active = active;
            this.sentTotal = sentTotal;
        }

        @Override
        public int superstep() {
            return step;
        }

        @Override
        public long graphVertexCount() {
            return graph.graphVertexCount();
        }

        @Override
        public long activeVertices() {
            return active;
        }

        @Override
        public long messagesSent() {
            return sentTotal;
        }

        @Override
        public double aggregated(Aggregator.OfDouble a) {
            return Double.longBitsToDouble(aggregated[own(a).slot]);
        }

        @Override
        public long aggregated(Aggregator.OfLong a) {
            return aggregated[own(a).slot];
        }

        @Override
        public void setAggregated(Aggregator.OfDouble a, double value) {
            aggregated[own(a).slot] = Double.doubleToRawLongBits(value);
        }

        @Override
        public void setAggregated(Aggregator.OfLong a, long value) {
            aggregated[own(a).slot] = value;
        }

        @Override
        public int phase() {
            return phase;
        }

        @Override
        public void setPhase(int phase) {
            this.phase = phase;
        }

        @Override
        public void activateAllVertices() {
            wakeAll = true;
        }

        @Override
        public void haltRun() {
            halt = true;
        }
    }
}
