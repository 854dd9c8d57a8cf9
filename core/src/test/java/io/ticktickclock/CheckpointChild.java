package io.ticktickclock;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The program of the checkpoint tests, and a child JVM's main: {@code CheckpointChild DIR P crash} runs it with a
 * checkpoint every 3 supersteps into DIR, printing {@code checkpoint-written S} for each checkpoint on disk, and
 * blocks for good in superstep {@link #BLOCK_AT} so that the parent kills it mid-run.
 */
public final class CheckpointChild {
    private CheckpointChild() {}

    /** Supersteps of the program's repeating step. */
    static final int ROUNDS = 24;
    /** Where a crashing child blocks until it is killed. */
    static final int BLOCK_AT = 14;

    /** A processor's state: sums of what it received on every lane, and a log of the object messages. */
    public record Acc(long longs, double pairs, List<String> seen, int rounds) {}

    /** The program: every lane (objects, longs, combined pairs), a step that repeats until converged. */
    public static BspProgram<Integer, Acc, String> program(boolean block) {
        return BspProgram.<Integer, Acc, String>builder("checkpoint-ring")
                .combinePairs(Double::sum)
                .init((ctx, share) -> {
                    long sum = 0;
                    for (int x : share) {
                        sum += x;
                    }
                    ctx.sendLong((ctx.pid() + 1) % ctx.processors(), sum);
                    return new Acc(sum, 0, new ArrayList<>(), 0);
                })
                .superstep("prepare", step -> step.compute((ctx, acc) -> new Acc(acc.longs() + ctx.longInbox().sum(),
                        acc.pairs(), acc.seen(), acc.rounds())))
                .superstep("ring", step -> step
                        .compute((ctx, acc) -> {
                            if (block && ctx.superstep() == BLOCK_AT) {
                                Thread.sleep(Long.MAX_VALUE);     // the parent kills this JVM now
                            }
                            long longs = acc.longs();
                            for (int i = 0; i < ctx.longInbox().size(); i++) {
                                longs = longs * 31 + ctx.longInbox().get(i);
                            }
                            double pairs = acc.pairs();
                            for (int i = 0; i < ctx.pairInbox().size(); i++) {
                                pairs = pairs * 0.5 + ctx.pairInbox().key(i) * ctx.pairInbox().value(i);
                            }
                            List<String> seen = new ArrayList<>(acc.seen());
                            for (String s : ctx.inbox()) {
                                seen.add(s);
                            }
                            if (seen.size() > 6) {
                                seen = new ArrayList<>(seen.subList(seen.size() - 6, seen.size()));
                            }
                            return new Acc(longs, pairs, seen, acc.rounds() + 1);
                        })
                        .communicate((ctx, acc) -> {
                            int p = ctx.processors();
                            for (int q = 0; q < p; q++) {
                                ctx.sendLong(q, acc.longs() ^ q);
                                ctx.sendPair(q, q % 3, 1.0 / (1 + ctx.pid()));   // combined per key
                                ctx.sendPair(q, q % 3, acc.pairs());
                            }
                            ctx.send((ctx.pid() + 1) % p, ctx.pid() + "@" + ctx.superstep());
                        })
                        .until(acc -> acc.rounds() >= ROUNDS))
                .build();
    }

    static List<Integer> input() {
        List<Integer> in = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            in.add(i * 7 % 1013);
        }
        return in;
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int p = Integer.parseInt(args[1]);
        BspRuntime runtime = BspRuntime.builder().processors(p).checkpointStore(CheckpointStore.directory(dir))
                .checkpointEvery(3).observer(new BspObserver() {
                    @Override
                    public void checkpointWritten(RunInfo run, int superstep, long bytes, long nanos) {
                        System.out.printf(Locale.ROOT, "checkpoint-written %d%n", superstep);
                        System.out.flush();
                    }
                }).build();
        runtime.run(program(args.length > 2 && args[2].equals("crash")), input());
        System.out.println("finished");
    }
}
