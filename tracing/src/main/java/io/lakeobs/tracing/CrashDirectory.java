package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamKind;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * This process's directory of crash-safe recording, {@code <root>/<process id>/}: a lock file held
 * for the process's life (a process that finds it unlocked knows the owner is dead), the process
 * information, a journal of every dependency registered (call sites, metrics, spans, strings,
 * property sets, so the events' ids can be resolved), and one {@link StreamFile} per thread (or
 * virtual-thread stripe) and stream kind. Closed at shutdown, once everything reached the sink: then it is deleted.
 */
final class CrashDirectory implements Registry.Journal {
    static final String LOCK_FILE = "owner.lock";
    static final String PROCESS_FILE = "process.bin";
    static final String DEPENDENCIES_FILE = "dependencies.bin";
    private static final int PROCESS_MAGIC = 0x50534B4C; // "LKSP"

    final Path directory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel dependencies;
    private final ByteBuffer recordHeader = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

    private CrashDirectory(final Path directory, final FileChannel lockChannel, final FileLock lock,
                           final FileChannel dependencies) {
        this.directory = directory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.dependencies = dependencies;
    }

    /** Creates and locks the process's directory and starts the dependency journal. */
    static CrashDirectory open(final Path root, final ProcessInfo process) {
        try {
            final Path directory = Files.createDirectories(root.resolve(process.processId().toString()));
            final FileChannel lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
            final FileLock lock = lockChannel.lock();
            writeProcess(directory, process);
            final FileChannel dependencies = FileChannel.open(directory.resolve(DEPENDENCIES_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            final CrashDirectory opened = new CrashDirectory(directory, lockChannel, lock, dependencies);
            Registry.INSTANCE.startJournal(opened);
            return opened;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot prepare crash-safe recording in " + root, e);
        }
    }

    /**
     * A new stream file for {@code recorder}'s stream of {@code kind} (a thread's or a stripe's), or
     * null when it cannot be created (a full disk): that stream is then recorded in memory only.
     */
    StreamFile newStream(final StreamKind kind, final Recorder recorder, final long createdTicks, final int capacity,
                         final int builderCapacity) {
        try {
            return StreamFile.create(directory, kind, recorder, createdTicks, capacity, builderCapacity);
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    /** A record {@code [u32 id][u32 length][bytes]}, appended through the page cache (a kill keeps it). */
    @Override
    public void append(final int id, final byte[] encoded) {
        try {
            recordHeader.clear();
            recordHeader.putInt(id).putInt(encoded.length).flip();
            dependencies.write(new ByteBuffer[] {recordHeader, ByteBuffer.wrap(encoded)});
        } catch (final IOException e) {
            // recovery of this process will miss the dependency and drop the events that use it
        }
    }

    /** Everything reached the sink: stops the journal and deletes the directory. */
    void close() {
        Registry.INSTANCE.stopJournal(this);
        try {
            dependencies.close();
            lock.release();
            lockChannel.close();
            deleteTree(directory);
        } catch (final IOException e) {
            // what is left is found by the next recovery, empty
        }
    }

    static void deleteTree(final Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (final Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
        }
        Files.deleteIfExists(directory);
    }

    private static void writeProcess(final Path directory, final ProcessInfo process) throws IOException {
        final Path temporary = directory.resolve(PROCESS_FILE + ".tmp");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temporary))) {
            out.writeInt(PROCESS_MAGIC);
            writeUuid(out, process.processId());
            out.writeBoolean(process.parentProcessId() != null);
            if (process.parentProcessId() != null) {
                writeUuid(out, process.parentProcessId());
            }
            for (final String text : new String[] {process.exe(), process.username(), process.computer(), process.os(),
                process.cpu(), process.jvm()}) {
                out.writeUTF(text == null ? "" : text);
            }
            out.writeLong(process.startTimeNanos());
            out.writeLong(process.startTicks());
            out.writeLong(process.ticksPerSecond());
            out.writeInt(process.properties().size());
            for (final Map.Entry<String, String> entry : process.properties().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue());
            }
        }
        Files.move(temporary, directory.resolve(PROCESS_FILE), StandardCopyOption.ATOMIC_MOVE);
    }

    static ProcessInfo readProcess(final Path directory) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(directory.resolve(PROCESS_FILE)))) {
            if (in.readInt() != PROCESS_MAGIC) {
                throw new IOException("not a lakeobs process file: " + directory.resolve(PROCESS_FILE));
            }
            final UUID processId = readUuid(in);
            final UUID parent = in.readBoolean() ? readUuid(in) : null;
            final String[] texts = new String[6];
            for (int i = 0; i < texts.length; i++) {
                texts[i] = in.readUTF();
            }
            final long startTimeNanos = in.readLong();
            final long startTicks = in.readLong();
            final long ticksPerSecond = in.readLong();
            final int count = in.readInt();
            final Map<String, String> properties = new HashMap<>();
            for (int i = 0; i < count; i++) {
                properties.put(in.readUTF(), in.readUTF());
            }
            return new ProcessInfo(processId, parent, texts[0], texts[1], texts[2], texts[3], texts[4], texts[5],
                startTimeNanos, startTicks, ticksPerSecond, properties);
        }
    }

    /** The journal's dependencies by id; a torn last record (a kill while appending) is left out. */
    static byte[][] readDependencies(final Path directory) throws IOException {
        final Path file = directory.resolve(DEPENDENCIES_FILE);
        final ByteBuffer bytes = ByteBuffer.wrap(Files.exists(file) ? Files.readAllBytes(file) : new byte[0])
            .order(ByteOrder.LITTLE_ENDIAN);
        byte[][] table = new byte[256][];
        while (bytes.remaining() >= 8) {
            final int id = bytes.getInt();
            final int length = bytes.getInt();
            if (id <= 0 || length < 0 || length > bytes.remaining()) {
                break;
            }
            if (id >= table.length) {
                table = java.util.Arrays.copyOf(table, Math.max(table.length * 2, id + 1));
            }
            table[id] = new byte[length];
            bytes.get(table[id]);
        }
        return table;
    }

    private static void writeUuid(final DataOutputStream out, final UUID id) throws IOException {
        out.writeLong(id.getMostSignificantBits());
        out.writeLong(id.getLeastSignificantBits());
    }

    private static UUID readUuid(final DataInputStream in) throws IOException {
        return new UUID(in.readLong(), in.readLong());
    }
}
