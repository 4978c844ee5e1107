package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import static io.lakeobs.tracing.StreamFileDescriptor.*;

/**
 * One stream's ring and block builder, memory-mapped from a file in the process's crash
 * directory ({@link StreamFileDescriptor}), so that what a killed process had recorded is still
 * in the page cache for the next one to recover. The recording thread (or the virtual thread
 * holding a stripe) writes the ring exactly as an in-memory one; the collector checkpoints after
 * each move.
 */
final class StreamFile {
    final Path path;
    final UUID streamId;
    final int capacity;
    final int builderCapacity;
    final long createdTicks;
    private final MappedByteBuffer mapped;
    private final UnsafeBuffer header;
    private int slot;

    private StreamFile(final Path path, final UUID streamId, final int capacity, final int builderCapacity,
                       final long createdTicks, final MappedByteBuffer mapped) {
        this.path = path;
        this.streamId = streamId;
        this.capacity = capacity;
        this.builderCapacity = builderCapacity;
        this.createdTicks = createdTicks;
        this.mapped = mapped;
        this.header = new UnsafeBuffer(mapped, 0, HEADER_LENGTH);
    }

    /**
     * Creates and maps the file, every byte allocated on disk (zero-filled: a sparse file on a
     * full disk would fault on a later store, in the middle of recording).
     */
    static StreamFile create(final Path directory, final StreamKind kind, final Recorder recorder, final long createdTicks,
                             final int capacity, final int builderCapacity) throws IOException {
        final UUID streamId = UUID.randomUUID();
        final Path path = directory.resolve(streamId + SUFFIX);
        final MappedByteBuffer mapped = IoUtil.mapNewFile(path.toFile(), fileLength(capacity, builderCapacity), true);
        final StreamFile file = new StreamFile(path, streamId, capacity, builderCapacity, createdTicks, mapped);
        final UnsafeBuffer header = file.header;
        header.putShort(VERSION_OFFSET, (short) VERSION);
        header.putByte(KIND_OFFSET, (byte) kind.ordinal());
        header.putInt(RING_CAPACITY_OFFSET, capacity);
        header.putInt(BUILDER_CAPACITY_OFFSET, builderCapacity);
        header.putLong(STREAM_ID_OFFSET, streamId.getMostSignificantBits());
        header.putLong(STREAM_ID_OFFSET + 8, streamId.getLeastSignificantBits());
        header.putLong(THREAD_ID_OFFSET, recorder.threadId());
        header.putLong(CREATED_TICKS_OFFSET, createdTicks);
        final byte[] name = threadName(recorder.threadName());
        header.putShort(THREAD_NAME_LENGTH_OFFSET, (short) name.length);
        header.putBytes(THREAD_NAME_OFFSET, name);
        header.putInt(STRIPE_OFFSET, recorder.stripe);
        file.checkpoint(0, 0, 0, createdTicks, createdTicks, 0, VirtualStripes.NO_THREAD);
        header.putIntOrdered(MAGIC_OFFSET, MAGIC); // last: a file without it is not recovered
        return file;
    }

    /** The ring's tail and events. */
    UnsafeBuffer ringMemory() {
        return new UnsafeBuffer(mapped, RING_OFFSET, RingDescriptor.TAIL_LENGTH + capacity);
    }

    /** The builder's memory. */
    UnsafeBuffer builder() {
        return new UnsafeBuffer(mapped, builderOffset(capacity), builderCapacity);
    }

    /**
     * Records, for recovery, what of the stream has not reached the sink: the builder's first
     * {@code length} bytes ({@code count} events) and the ring from {@code ringHead}, whose events
     * belong to {@code thread} until a thread_switch among them says otherwise (a stripe's; -1
     * otherwise). Written in the slot not in use, which the selector then names: a kill at any
     * point leaves one whole checkpoint.
     */
    void checkpoint(final int length, final int count, final long objectOffset, final long beginTicks,
                    final long lastTicks, final long ringHead, final long thread) {
        final int next = slot ^ 1;
        final int at = SLOT_OFFSET + next * SLOT_LENGTH;
        header.putInt(at + SLOT_BUILDER_LENGTH, length);
        header.putInt(at + SLOT_BUILDER_COUNT, count);
        header.putLong(at + SLOT_OBJECT_OFFSET, objectOffset);
        header.putLong(at + SLOT_BEGIN_TICKS, beginTicks);
        header.putLong(at + SLOT_LAST_TICKS, lastTicks);
        header.putLong(at + SLOT_RING_HEAD, ringHead);
        header.putLong(at + SLOT_THREAD, thread);
        header.putIntOrdered(SELECTOR_OFFSET, next);
        slot = next;
    }

    /**
     * Deletes the file: everything in it has reached the sink. The mapping stays until the ring
     * is garbage (a thread racing a shutdown may still write to it).
     */
    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            // recovery finds it empty
        }
    }

    private static byte[] threadName(final String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, MAX_THREAD_NAME_BYTES);
        while (length < bytes.length && length > 0 && (bytes[length] & 0xC0) == 0x80) {
            length--; // cut at a character boundary
        }
        return length == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, length);
    }
}
