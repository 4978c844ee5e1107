package io.lakeobs.tracing;

/**
 * Byte layout of a crash-safe stream file (native byte order, the machine's own), one per thread
 * (or virtual-thread stripe) and stream kind in the process's crash directory: what a later
 * process needs to rebuild the stream's unsent events into a block after this one was killed.
 * {@link StreamFile} writes it, {@link CrashRecovery} reads it.
 *
 * <pre>
 *     0 | magic "LKSF" u32 | version u16 | kind u8 (StreamKind ordinal) | rsv u8
 *     8 | ring capacity u32 | builder capacity u32
 *    16 | stream id (UUID: msb i64, lsb i64)
 *    32 | thread id i64 | 40 created ticks i64
 *    48 | thread name length u16 | 50 thread name UTF-8 (at most 460 bytes)
 *   512 | checkpoint selector u32 (0 or 1), release-stored after the slot it names is written
 *   516 | virtual-thread stripe i32 (-1: a platform thread's stream; version 2)
 *   576 | checkpoint slot 0 | 640 checkpoint slot 1, each:
 *       |   0 builder length u32 | 4 builder count u32 | 8 object offset i64 | 16 begin ticks i64
 *       |  24 last ticks i64 | 32 ring head i64
 *       |  40 thread i64 (version 2): a stripe stream's thread of the ring's events from the head
 *       |     on, the last thread_switch before them (-1: none yet, and always for a platform thread)
 *  4096 | ring tail i64 (release-stored by the recording thread at each commit; 64 bytes)
 *  4160 | ring events (ring capacity bytes, RingDescriptor)
 *       | builder: the raw events of the block being built (builder capacity bytes)
 * </pre>
 *
 * The events of the stream not yet handed to the sink are the builder's first {@code builder
 * length} bytes, then the ring's from the checkpoint's head to the tail: the collector copies a
 * run into the builder, writes the other slot and flips the selector, and only then lets the
 * recording thread reuse the ring's bytes.
 *
 * <p>Version 2 added the stripe and the checkpoint's thread, in bytes that are zero in a version 1
 * file; {@link CrashRecovery} reads both versions (a version 1 file is a platform thread's stream).
 */
final class StreamFileDescriptor {
    static final int MAGIC = 0x46534B4C; // "LKSF" little-endian
    static final int VERSION = 2;
    /** The oldest version recovery still reads: before stripes were crash-safe. */
    static final int FIRST_VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int KIND_OFFSET = 6;
    static final int RING_CAPACITY_OFFSET = 8;
    static final int BUILDER_CAPACITY_OFFSET = 12;
    static final int STREAM_ID_OFFSET = 16;
    static final int THREAD_ID_OFFSET = 32;
    static final int CREATED_TICKS_OFFSET = 40;
    static final int THREAD_NAME_LENGTH_OFFSET = 48;
    static final int THREAD_NAME_OFFSET = 50;
    static final int MAX_THREAD_NAME_BYTES = 460;
    static final int SELECTOR_OFFSET = 512;
    static final int STRIPE_OFFSET = 516;
    static final int SLOT_OFFSET = 576;
    static final int SLOT_LENGTH = 64;
    static final int SLOT_BUILDER_LENGTH = 0;
    static final int SLOT_BUILDER_COUNT = 4;
    static final int SLOT_OBJECT_OFFSET = 8;
    static final int SLOT_BEGIN_TICKS = 16;
    static final int SLOT_LAST_TICKS = 24;
    static final int SLOT_RING_HEAD = 32;
    static final int SLOT_THREAD = 40;
    static final int HEADER_LENGTH = 4096;
    static final int RING_OFFSET = HEADER_LENGTH;
    static final String SUFFIX = ".stream";

    private StreamFileDescriptor() {
    }

    static long fileLength(final int ringCapacity, final int builderCapacity) {
        return (long) HEADER_LENGTH + RingDescriptor.TAIL_LENGTH + ringCapacity + builderCapacity;
    }

    static int builderOffset(final int ringCapacity) {
        return RING_OFFSET + RingDescriptor.TAIL_LENGTH + ringCapacity;
    }
}
