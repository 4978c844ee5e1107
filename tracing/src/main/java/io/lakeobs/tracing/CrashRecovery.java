package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.block.DependencySource;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.lakeobs.tracing.StreamFileDescriptor.*;

/**
 * Finds the crash directories of dead processes under a root (their owner lock is free) and
 * hands what they had recorded but not yet handed to their sink to {@code sink}, under the dead
 * process's id: its process information, then per stream the stream and one block of the
 * unsent events (the builder's, then the ring's from the last checkpoint up to the last
 * committed event). An event written but not committed (the process was killed in the middle of
 * it) lies beyond the committed tail and is never read. A virtual-thread stripe's stream comes
 * back as the collector would have sealed it: with its stripe property, and its block starting
 * with a thread_switch to the thread of its first events (from the checkpoint when the builder
 * was empty). Then the directory is deleted.
 *
 * <p>Runs at the start of a process that records crash-safe into the same root (before its own
 * collector starts), or on its own ({@link #recover(Path, TelemetrySink)}), e.g. in a small
 * command run by a supervisor after a crash.
 */
public final class CrashRecovery {
    private final EventFraming framing = new EventFraming(TelemetryTypes.declarations());
    private final BlockEncoder encoder;
    private final TelemetrySink sink;

    /**
     * What was recovered.
     *
     * @param processes dead processes found
     * @param streams streams that had unsent events
     * @param events events handed to the sink
     * @param unreadable stream files or processes given up because their files were not readable
     */
    public record Report(int processes, int streams, long events, int unreadable) {
    }

    private CrashRecovery(final TelemetrySink sink, final Compression compression) {
        this.sink = sink;
        this.encoder = new BlockEncoder(compression, new TelemetrySummarizer());
    }

    /** Recovers every dead process's directory under {@code root} into {@code sink}; LZ4 blocks. */
    public static Report recover(final Path root, final TelemetrySink sink) {
        return recover(root, sink, Compression.LZ4, null);
    }

    static Report recover(final Path root, final TelemetrySink sink, final Compression compression, final UUID except) {
        final CrashRecovery recovery = new CrashRecovery(sink, compression);
        int processes = 0;
        int streams = 0;
        long events = 0;
        int unreadable = 0;
        if (!Files.isDirectory(root)) {
            return new Report(0, 0, 0, 0);
        }
        final List<Path> directories;
        try (Stream<Path> entries = Files.list(root)) {
            directories = entries.filter(Files::isDirectory).sorted().toList();
        } catch (final IOException e) {
            return new Report(0, 0, 0, 1);
        }
        for (final Path directory : directories) {
            if (except != null && directory.getFileName().toString().equals(except.toString())) {
                continue;
            }
            try (FileChannel lockChannel = FileChannel.open(directory.resolve(CrashDirectory.LOCK_FILE),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                final FileLock lock = tryLock(lockChannel);
                if (lock == null) {
                    continue; // its owner is alive
                }
                try {
                    final long[] counts = recovery.recoverProcess(directory);
                    processes++;
                    streams += (int) counts[0];
                    events += counts[1];
                    unreadable += (int) counts[2];
                } finally {
                    lock.release();
                }
                CrashDirectory.deleteTree(directory);
            } catch (final IOException e) {
                unreadable++;
            }
        }
        return new Report(processes, streams, events, unreadable);
    }

    private static FileLock tryLock(final FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (final OverlappingFileLockException ownedByThisProcess) {
            return null;
        }
    }

    /** @return streams recovered, events recovered, files unreadable */
    private long[] recoverProcess(final Path directory) throws IOException {
        final ProcessInfo process;
        final byte[][] dependencies;
        try {
            process = CrashDirectory.readProcess(directory);
            dependencies = CrashDirectory.readDependencies(directory);
        } catch (final IOException e) {
            return new long[] {0, 0, 1}; // died before its process file was complete: it recorded nothing
        }
        final List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        final List<EncodedBlock> blocks = new ArrayList<>();
        final List<StreamInfo> infos = new ArrayList<>();
        long events = 0;
        long unreadable = 0;
        final DependencySource source = (id, buffer, index) -> {
            final byte[] bytes = id > 0 && id < dependencies.length ? dependencies[id] : null;
            if (bytes == null) {
                throw new IllegalArgumentException("no dependency with id " + id);
            }
            buffer.putBytes(index, bytes);
            return bytes.length;
        };
        for (final Path file : files) {
            try {
                final long[] count = new long[1];
                final EncodedBlock block = readStream(file, process, source, infos, count);
                if (block != null) {
                    blocks.add(block);
                    events += count[0];
                }
            } catch (final IOException | RuntimeException e) {
                unreadable++;
            }
        }
        if (!blocks.isEmpty()) {
            sink.onProcessStarted(process);
            for (int i = 0; i < blocks.size(); i++) {
                sink.onStreamCreated(infos.get(i));
                sink.onBlock(blocks.get(i));
            }
            sink.flush();
        }
        return new long[] {blocks.size(), events, unreadable};
    }

    /**
     * The stream's unsent events as one block, or null when there are none: the builder's block in
     * progress, then the ring's committed events from the checkpoint's head, appended as the
     * collector appends them ({@link StreamState#appendRun}), so a stripe's block starts with the
     * thread of its first events.
     */
    private EncodedBlock readStream(final Path path, final ProcessInfo process, final DependencySource dependencies,
                                    final List<StreamInfo> infos, final long[] count) throws IOException {
        final MappedByteBuffer mapped;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        final UnsafeBuffer file = new UnsafeBuffer(mapped);
        final int version = file.capacity() < HEADER_LENGTH ? 0 : file.getShort(VERSION_OFFSET);
        if (file.capacity() < HEADER_LENGTH || file.getIntVolatile(MAGIC_OFFSET) != MAGIC
            || version < FIRST_VERSION || version > VERSION) {
            throw new IOException("not a complete lakeobs stream file: " + path);
        }
        final int capacity = file.getInt(RING_CAPACITY_OFFSET);
        final int builderCapacity = file.getInt(BUILDER_CAPACITY_OFFSET);
        if (Integer.bitCount(capacity) != 1 || builderCapacity < 0
            || file.capacity() != fileLength(capacity, builderCapacity)) {
            throw new IOException("stream file of the wrong size: " + path);
        }
        final StreamKind kind = StreamKind.values()[file.getByte(KIND_OFFSET)];
        final UUID streamId = new UUID(file.getLong(STREAM_ID_OFFSET), file.getLong(STREAM_ID_OFFSET + 8));
        final String threadName = file.getStringWithoutLengthUtf8(THREAD_NAME_OFFSET,
            Math.min(file.getShort(THREAD_NAME_LENGTH_OFFSET), MAX_THREAD_NAME_BYTES));
        final long threadId = file.getLong(THREAD_ID_OFFSET);
        final int stripe = version == FIRST_VERSION ? -1 : file.getInt(STRIPE_OFFSET);
        final int slot = SLOT_OFFSET + (file.getIntVolatile(SELECTOR_OFFSET) & 1) * SLOT_LENGTH;
        final int builderLength = file.getInt(slot + SLOT_BUILDER_LENGTH);
        long head = file.getLong(slot + SLOT_RING_HEAD);
        final long tail = file.getLongVolatile(RING_OFFSET);
        if (builderLength < 0 || builderLength > builderCapacity || tail - head < 0 || tail - head > capacity
            || stripe < -1 || stripe >= VirtualStripes.MAX_STRIPES) {
            throw new IOException("inconsistent checkpoint in " + path);
        }
        final StreamInfo info = Collector.streamInfo(streamId, process.processId(), kind, threadName, threadId, stripe);
        final StreamState stream = StreamState.recovered(info, new UnsafeBuffer(file, builderOffset(capacity), builderLength),
            builderLength, file.getInt(slot + SLOT_BUILDER_COUNT), file.getLong(slot + SLOT_OBJECT_OFFSET),
            file.getLong(slot + SLOT_BEGIN_TICKS), file.getLong(slot + SLOT_LAST_TICKS),
            version == FIRST_VERSION ? VirtualStripes.NO_THREAD : file.getLong(slot + SLOT_THREAD));
        final UnsafeBuffer ring = new UnsafeBuffer(file, RING_OFFSET + RingDescriptor.TAIL_LENGTH, capacity);
        boolean whole = true;
        while (head < tail && whole) {
            final int index = (int) head & (capacity - 1);
            if (ring.getByte(index) == RingDescriptor.PADDING_TYPE_ID) {
                head += capacity - index;
                continue;
            }
            int runLength = 0; // events up to the tail, the end of the ring or a padding byte, appended at once
            int runEvents = 0;
            int last = index;
            while (head + runLength < tail && index + runLength < capacity
                && ring.getByte(index + runLength) != RingDescriptor.PADDING_TYPE_ID) {
                final int eventLength = framing.length(ring, index + runLength);
                if (eventLength <= 0 || eventLength > capacity - index - runLength || head + runLength + eventLength > tail) {
                    whole = false; // never with our writer: give up on the rest rather than decode garbage
                    break;
                }
                last = index + runLength;
                runLength += eventLength;
                runEvents++;
            }
            if (runEvents > 0) {
                stream.appendRun(ring, index, runLength, runEvents, framing.time(ring, last, stream.lastTicks));
            }
            head += runLength;
        }
        if (stream.count == 0) {
            return null;
        }
        infos.add(info);
        count[0] = stream.count;
        return Collector.encode(encoder, process, info, stream.events, stream.length, stream.beginTicks,
            Math.max(stream.lastTicks, stream.beginTicks), stream.objectOffset, dependencies);
    }
}
