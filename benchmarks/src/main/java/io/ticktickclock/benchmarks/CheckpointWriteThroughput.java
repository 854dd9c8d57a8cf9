package io.ticktickclock.benchmarks;

import io.ticktickclock.CheckpointStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Write throughput of a checkpoint ({@link CheckpointStore#directory}: encode, checksum, write, force, atomic
 * move, force the directory) against its JDK baseline in the same run: a plain sequential {@link FileChannel}
 * write of as many bytes, from the heap in the same 4 MiB slices, forced to disk the same way. Rounds alternate
 * which goes first; the figure is the median over rounds of checkpoint / plain write within a round. Not JMH: one
 * round moves a GiB and forces it to disk, which JMH's many short iterations do not suit.
 *
 * <pre>
 * java -Xmx4g -cp benchmarks/target/benchmarks.jar io.ticktickclock.benchmarks.CheckpointWriteThroughput \
 *     [--mib 1024] [--rounds 3] [--processors 4] [--dir DIR]
 * </pre>
 */
public final class CheckpointWriteThroughput {

    /** A processor's share of a PageRank-like state: ranks and vertex ids. */
    record Part(double[] ranks, long[] ids) {}

    private CheckpointWriteThroughput() {}

    public static void main(String[] args) throws IOException {
        int mib = 1024;
        int rounds = 3;
        int processors = 4;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mib" -> mib = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--processors" -> processors = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --mib N, --rounds N, --processors N or --dir DIR");
            }
        }
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("ttc-checkpoint-bench");
        // Each part: n doubles and n longs, 16 bytes per element.
        int n = (int) ((long) mib * (1 << 20) / processors / 16);
        SplittableRandom random = new SplittableRandom(42);
        List<Part> parts = new ArrayList<>();
        for (int p = 0; p < processors; p++) {
            parts.add(new Part(random.doubles(n).toArray(), random.longs(n).toArray()));
        }
        CheckpointStore.Identity id = new CheckpointStore.Identity("bench", "", processors);
        CheckpointStore store = CheckpointStore.directory(work);
        byte[] slice = new byte[4 << 20];
        random.nextBytes(slice);
        double[] checkpoint = new double[rounds];
        double[] baseline = new double[rounds];
        // The plain write matches the checkpoint's size: header, parts and trailer.
        lastBytes = (long) processors * (16L * n + 2 * (1 + 4)) + 256;
        try {
            for (int r = 0; r < rounds; r++) {
                // Alternate which goes first, so that neither always follows the other's delete.
                if (r % 2 == 0) {
                    checkpoint[r] = saveCheckpoint(store, id, r, parts, work);
                    baseline[r] = plainWrite(work, slice, lastBytes);
                } else {
                    baseline[r] = plainWrite(work, slice, lastBytes);
                    checkpoint[r] = saveCheckpoint(store, id, r, parts, work);
                }
                System.out.printf(Locale.ROOT, "round %d: checkpoint %.0f MiB/s, plain FileChannel write %.0f MiB/s"
                        + " (%d bytes, %d processors)%n", r, checkpoint[r], baseline[r], lastBytes, processors);
            }
        } finally {
            if (dir == null) {
                try (Stream<Path> left = Files.list(work)) {
                    for (Path f : left.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(work);
            }
        }
        double c = median(checkpoint);
        double b = median(baseline);
        double[] paired = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            paired[r] = checkpoint[r] / baseline[r];
        }
        System.out.printf(Locale.ROOT, "median: checkpoint %.0f MiB/s, plain write %.0f MiB/s; median of the rounds' "
                + "ratios %.2fx (checkpoint / plain write; the disk's speed drifts between rounds, so each round's pair "
                + "is compared)%n", c, b, median(paired));
    }

    /** The size of the last checkpoint, which the plain write matches. */
    private static long lastBytes;

    private static double saveCheckpoint(CheckpointStore store, CheckpointStore.Identity id, int superstep,
            List<Part> parts, Path work) throws IOException {
        long t0 = System.nanoTime();
        store.save(new CheckpointStore.Checkpoint(id, superstep, parts));
        long t1 = System.nanoTime();
        lastBytes = Files.size(work.resolve("checkpoint-" + superstep + ".ttc"));
        store.delete(superstep);
        return lastBytes / ((t1 - t0) / 1e9) / (1 << 20);
    }

    private static double plainWrite(Path work, byte[] slice, long bytes) throws IOException {
        Path plain = work.resolve("plain.bin");
        long t0 = System.nanoTime();
        try (FileChannel out = FileChannel.open(plain, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (long written = 0; written < bytes; ) {
                ByteBuffer b = ByteBuffer.wrap(slice, 0, (int) Math.min(slice.length, bytes - written));
                while (b.hasRemaining()) {
                    written += out.write(b);
                }
            }
            out.force(true);
        }
        long t1 = System.nanoTime();
        Files.delete(plain);
        return bytes / ((t1 - t0) / 1e9) / (1 << 20);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
