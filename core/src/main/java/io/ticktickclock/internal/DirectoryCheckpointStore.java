package io.ticktickclock.internal;

import io.ticktickclock.CheckpointException;
import io.ticktickclock.CheckpointException.Problem;
import io.ticktickclock.CheckpointStore;
import io.ticktickclock.internal.wire.Wire;
import io.ticktickclock.internal.wire.WireException;
import io.ticktickclock.internal.wire.WireWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * {@link CheckpointStore#directory}: one file per checkpoint, {@code checkpoint-<superstep>.ttc}.
 *
 * <p>Implementation overview. File layout, little-endian:
 * <pre>
 * header   "TTC-CKPT" | version:int | headerLength:int | superstep:int | processors:int
 *          | program:(length:int, UTF-8) | inputFingerprint:(length:int, UTF-8) | partLength:long * processors
 *          | headerCrc:int (CRC32C of the header before it)
 * parts    the wire encoding of each part, in processor order
 * trailer  payloadCrc:int (CRC32C of the parts) | "TTC-END."
 * </pre>
 * The header carries its own checksum and the part lengths, so a load can tell a damaged header (corrupted)
 * from one of another run (foreign) from a file shorter than its header says (truncated), before it reads the
 * parts. A save streams each part through one bounded {@link WireWriter} into a temporary file, writes the
 * header last (its part lengths are known only then), forces the file to disk, moves it into place
 * atomically and forces the directory, so a crash leaves either the old state or the whole new checkpoint.
 */
public final class DirectoryCheckpointStore implements CheckpointStore {

    private static final byte[] MAGIC = "TTC-CKPT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "TTC-END.".getBytes(StandardCharsets.US_ASCII);
    /** The checkpoint file format version this build writes and reads. */
    public static final int VERSION = 1;
    private static final int TRAILER = 4 + 8;
    private static final int MAX_STRING = 1 << 16;
    private static final Pattern NAME = Pattern.compile("checkpoint-(\\d{1,10})\\.ttc");

    private final Path directory;
    private final Wire.Options options;

    public DirectoryCheckpointStore(Path directory, ClassLoader loader) {
        this.directory = directory;
        this.options = Wire.Options.defaults(Wire.ClassPolicy.loadedBy(loader), loader);
    }

    /** The file of the checkpoint of {@code superstep}. */
    public Path file(int superstep) {
        return directory.resolve("checkpoint-" + superstep + ".ttc");
    }

    @Override
    public void save(Checkpoint checkpoint) throws IOException {
        Checks.notNull("checkpoint", checkpoint);
        Identity id = checkpoint.identity();
        int p = id.processors();
        byte[] program = utf8("program", id.program());
        byte[] fingerprint = utf8("inputFingerprint", id.inputFingerprint());
        int headerLength = MAGIC.length + 4 * 4 + 4 + program.length + 4 + fingerprint.length + 8 * p + 4;
        Files.createDirectories(directory);
        Path target = file(checkpoint.superstep());
        Path temp = directory.resolve(target.getFileName() + ".tmp-" + Long.toHexString(
                ThreadLocalRandom.current().nextLong()));
        boolean done = false;
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long[] lengths = new long[p];
            CRC32C payloadCrc = new CRC32C();
            long[] position = {headerLength};
            // Each part streams through a 4 MiB buffer: bounded memory, each byte copied once on the way out.
            WireWriter writer = new WireWriter(4 << 20, (bytes, offset, length) -> {
                payloadCrc.update(bytes, offset, length);
                writeFully(out, ByteBuffer.wrap(bytes, offset, length), position[0]);
                position[0] += length;
            });
            for (int i = 0; i < p; i++) {
                try {
                    writer.reset().writeObject(checkpoint.parts().get(i));
                    lengths[i] = writer.finish();
                } catch (WireException e) {
                    throw new IllegalArgumentException("part " + i + " (processor " + i + ") of the checkpoint of "
                            + "superstep " + checkpoint.superstep() + " cannot be encoded: " + e.getMessage(), e);
                } catch (java.io.UncheckedIOException e) {
                    throw e.getCause();
                }
                if (lengths[i] > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("part " + i + " (processor " + i + ") encodes to " + lengths[i]
                            + " bytes; a checkpoint holds at most " + (Integer.MAX_VALUE - 8) + " per processor");
                }
            }
            long end = position[0];
            ByteBuffer trailer = le(TRAILER).putInt((int) payloadCrc.getValue()).put(END).flip();
            writeFully(out, trailer, end);

            ByteBuffer header = le(headerLength).put(MAGIC).putInt(VERSION).putInt(headerLength)
                    .putInt(checkpoint.superstep()).putInt(p).putInt(program.length).put(program)
                    .putInt(fingerprint.length).put(fingerprint);
            for (long length : lengths) {
                header.putLong(length);
            }
            CRC32C headerCrc = new CRC32C();
            headerCrc.update(header.array(), 0, header.position());
            header.putInt((int) headerCrc.getValue()).flip();
            writeFully(out, header, 0);
            out.force(true);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot save checkpoint " + target + ": the file system of " + directory
                    + " cannot move files atomically", e);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory();
    }

    /** Makes the rename durable; not every platform can open a directory, and there it is durable anyway. */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open a directory as a channel; its rename is durable once it returns.
        }
    }

    private static byte[] utf8(String what, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > MAX_STRING) {
            throw new IllegalArgumentException(what + " must be at most " + MAX_STRING + " bytes in UTF-8, got "
                    + b.length);
        }
        return b;
    }

    private static ByteBuffer le(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeFully(FileChannel out, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += out.write(b, position);
        }
    }

    @Override
    public Checkpoint load(Identity expected, int superstep) throws IOException {
        Checks.notNull("expected", expected);
        Path file = file(superstep);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = in.size();
            Header h = readHeader(file, in, size);
            if (h.superstep != superstep) {
                throw new CheckpointException(file, Problem.CORRUPTED, "it is named for superstep " + superstep
                        + " but holds superstep " + h.superstep, null);
            }
            String foreign = differences(h, expected);
            if (!foreign.isEmpty()) {
                throw new CheckpointException(file, Problem.FOREIGN, "it belongs to another run: " + foreign, null);
            }
            long payload = 0;
            for (long length : h.lengths) {
                if (length < 0 || length > Integer.MAX_VALUE - 8) {
                    throw new CheckpointException(file, Problem.CORRUPTED, "invalid part length " + length, null);
                }
                payload += length;
            }
            long expectedSize = h.headerLength + payload + TRAILER;
            if (size < expectedSize) {
                throw new CheckpointException(file, Problem.TRUNCATED, "the file has " + size + " bytes, its header "
                        + "says " + expectedSize + " (a write that did not finish, or a copy cut short)", null);
            }
            if (size > expectedSize) {
                throw new CheckpointException(file, Problem.CORRUPTED, "the file has " + size + " bytes, its header "
                        + "says " + expectedSize, null);
            }
            ByteBuffer trailer = le(TRAILER);
            readFully(file, in, trailer, h.headerLength + payload);
            trailer.flip();
            int storedCrc = trailer.getInt();
            byte[] end = new byte[END.length];
            trailer.get(end);
            if (!Arrays.equals(end, END)) {
                throw new CheckpointException(file, Problem.CORRUPTED, "the end marker is damaged", null);
            }
            int crc = payloadCrc(file, in, h.headerLength, payload);
            if (crc != storedCrc) {
                throw new CheckpointException(file, Problem.CORRUPTED, String.format(
                        "the checksum of the parts does not match (CRC32C %08x, stored %08x): its bytes changed",
                        crc, storedCrc), null);
            }
            List<Object> parts = new ArrayList<>(h.processors);
            long position = h.headerLength;
            for (int i = 0; i < h.processors; i++) {
                ByteBuffer bytes = ByteBuffer.allocate((int) h.lengths[i]);
                readFully(file, in, bytes, position);
                try {
                    parts.add(Wire.decode(bytes.array(), options.withLimits(new Wire.Limits(
                            Wire.Limits.DEFAULT.maxDepth(), Wire.Limits.DEFAULT.maxLength(), bytes.capacity()))));
                } catch (WireException e) {
                    throw new CheckpointException(file, Problem.CORRUPTED, "part " + i + " does not decode: "
                            + e.getMessage(), e);
                }
                position += h.lengths[i];
            }
            return new Checkpoint(expected, superstep, parts);
        }
    }

    private record Header(int headerLength, int superstep, int processors, String program, String fingerprint,
            long[] lengths) {}

    private static Header readHeader(Path file, FileChannel in, long size) throws IOException {
        int fixed = MAGIC.length + 8;
        if (size < fixed) {
            throw new CheckpointException(file, Problem.TRUNCATED, "the file has " + size + " bytes, fewer than a "
                    + "header", null);
        }
        ByteBuffer start = le(fixed);
        readFully(file, in, start, 0);
        byte[] magic = new byte[MAGIC.length];
        start.flip().get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new CheckpointException(file, Problem.NOT_A_CHECKPOINT, "it does not start with \"TTC-CKPT\": not "
                    + "a TickTickClock checkpoint", null);
        }
        int version = start.getInt();
        if (version != VERSION) {
            throw new CheckpointException(file, Problem.UNSUPPORTED_VERSION, "format version " + version
                    + "; this build reads version " + VERSION, null);
        }
        int headerLength = start.getInt();
        if (headerLength < fixed + 4 * 4 + 4 || headerLength > 4 * MAX_STRING + 8L * (1 << 24)) {
            throw new CheckpointException(file, Problem.CORRUPTED, "invalid header length " + headerLength, null);
        }
        if (size < headerLength) {
            throw new CheckpointException(file, Problem.TRUNCATED, "the file has " + size + " bytes, its header "
                    + "alone says " + headerLength, null);
        }
        ByteBuffer header = le(headerLength);
        readFully(file, in, header, 0);
        header.flip();
        CRC32C crc = new CRC32C();
        crc.update(header.array(), 0, headerLength - 4);
        if ((int) crc.getValue() != header.getInt(headerLength - 4)) {
            throw new CheckpointException(file, Problem.CORRUPTED, "the header's checksum does not match", null);
        }
        try {
            header.position(fixed);
            int superstep = header.getInt();
            int processors = header.getInt();
            String program = string(header);
            String fingerprint = string(header);
            if (processors < 1 || header.remaining() != 8L * processors + 4) {
                throw new CheckpointException(file, Problem.CORRUPTED, "the header's processor count " + processors
                        + " does not match its length", null);
            }
            long[] lengths = new long[processors];
            for (int i = 0; i < processors; i++) {
                lengths[i] = header.getLong();
            }
            return new Header(headerLength, superstep, processors, program, fingerprint, lengths);
        } catch (RuntimeException e) {
            throw new CheckpointException(file, Problem.CORRUPTED, "the header is malformed: " + e, e);
        }
    }

    private static String string(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("string length " + n);
        }
        String s = new String(b.array(), b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }

    private static String differences(Header h, Identity expected) {
        List<String> d = new ArrayList<>();
        if (!h.program.equals(expected.program())) {
            d.add("program '" + h.program + "', not '" + expected.program() + "'");
        }
        if (!h.fingerprint.equals(expected.inputFingerprint())) {
            d.add("input fingerprint '" + h.fingerprint + "', not '" + expected.inputFingerprint() + "'");
        }
        if (h.processors != expected.processors()) {
            d.add(h.processors + " processors, not " + expected.processors());
        }
        return String.join("; ", d);
    }

    private static int payloadCrc(Path file, FileChannel in, long from, long length) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(4 << 20, Math.max(length, 1)));
        long position = from;
        long end = from + length;
        while (position < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - position));
            readFully(file, in, buf, position);
            buf.flip();
            position += buf.remaining();
            crc.update(buf);
        }
        return (int) crc.getValue();
    }

    private static void readFully(Path file, FileChannel in, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            int n = in.read(b, position);
            if (n < 0) {
                throw new CheckpointException(file, Problem.TRUNCATED, "the file ended at byte " + position, null);
            }
            position += n;
        }
    }

    @Override
    public List<Integer> supersteps() throws IOException {
        List<Integer> found = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "checkpoint-*.ttc")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    long s = Long.parseLong(m.group(1));
                    if (s <= Integer.MAX_VALUE) {
                        found.add((int) s);
                    }
                }
            }
        }
        found.sort(null);
        return found;
    }

    @Override
    public boolean delete(int superstep) throws IOException {
        return Files.deleteIfExists(file(superstep));
    }

    @Override
    public String toString() {
        return "CheckpointStore.directory(" + directory + ")";
    }
}
