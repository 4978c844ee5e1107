package io.lakeobs.tracing;

import org.agrona.BufferUtil;
import org.agrona.UnsafeAccess;
import org.agrona.concurrent.UnsafeBuffer;
import sun.misc.Unsafe;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's single-producer, single-consumer byte ring for one stream kind, over
 * preallocated off-heap memory (see {@link RingDescriptor} for the bytes). The recording thread
 * claims room, writes an event in place with transit's {@code EventWriter} and commits it with
 * one release store; the collector reads up to the published tail and releases the head. No
 * lock, no allocation, no CAS: when the ring is full the event is dropped and counted.
 *
 * <p>High water: the claim limit of the common path also stops at half the ring past the head
 * the producer last saw, so a write that fills the ring past half takes the slow claim, which
 * looks at the head again and, when the ring is still more than half full, wakes the collector
 * ({@link CollectorWakeup}) once for that head. A burst thus gets the collector's attention
 * while half the ring is left, not at its next poll, and the common path pays nothing.
 *
 * <p>A ring mapped from a file ({@link StreamFile}) also stores the tail in the ring's memory at
 * every commit ({@link CommitMarkers}), so that a killed process leaves its last commit in the
 * page cache: that release store is the commit marker for crash recovery, and a torn event
 * (written, never committed) lies beyond it. The collector reads the field, as for a ring in
 * process memory.
 */
final class Ring extends RingPadding3 {
    private static final Unsafe UNSAFE = UnsafeAccess.UNSAFE;
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;
    private static final VarHandle DROPPED;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(RingProducerFields.class, "tail", long.class);
            DROPPED = lookup.findVarHandle(RingProducerFields.class, "dropped", long.class);
            HEAD = lookup.findVarHandle(RingConsumerFields.class, "head", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What {@link #claim} returns when the ring is full. */
    static final long FULL = 0;

    /** The ring's memory, for the collector's reads. */
    final UnsafeBuffer buffer;
    /** Raw address of index 0. */
    final long address;
    final int capacity;
    final int mask;
    /** Clock value when the ring was created, before its first event: the stream's first block begins here. */
    final long createdTicks;
    /** The recording thread, which alone writes; the per-kind ring tables check it. */
    final Thread thread;
    /** The clock the ring's events are stamped with. */
    final Clock clock;
    /** The recorder the ring belongs to. */
    final Recorder recorder;
    /** Woken when a write passes the high-water mark. */
    private final CollectorWakeup wakeup;
    /** Bytes in use past which the collector is woken: half the capacity. */
    private final int highWater;
    /** Raw address of the published tail (a long; see the class comment). */
    private final long tailAddress;
    /** The file the ring is mapped from, or null for a ring in process memory only. */
    final StreamFile file;
    /**
     * Bytes the claim limit keeps free short of a full ring: an eighth of it for a stripe's ring
     * (the one with no thread of its own, whose virtual threads wait rather than fill it,
     * {@link VirtualStripes}), so that a tail below the limit proves the ring is not nearly full;
     * 0 for a platform thread's ring. The slow claim still fills either ring.
     */
    final int reserve;

    Ring(final int capacity, final Recorder recorder) {
        this(capacity, recorder.thread, recorder.clock, recorder);
    }

    Ring(final int capacity, final Thread thread, final Clock clock, final Recorder recorder) {
        this(capacity, thread, clock, recorder, clock.ticks(), null,
            new UnsafeBuffer(BufferUtil.allocateDirectAligned(RingDescriptor.TAIL_LENGTH + capacity, 64)));
    }

    /** A ring over {@code file}'s memory. */
    Ring(final StreamFile file, final Recorder recorder) {
        this(file.capacity, recorder.thread, recorder.clock, recorder, file.createdTicks, file, file.ringMemory());
    }

    /** Over {@code memory}: the tail (a long), then {@code capacity} bytes of events. */
    private Ring(final int capacity, final Thread thread, final Clock clock, final Recorder recorder,
                 final long createdTicks, final StreamFile file, final UnsafeBuffer memory) {
        this.thread = thread;
        this.clock = clock;
        this.recorder = recorder;
        this.wakeup = recorder == null ? CollectorWakeup.NONE : recorder.runtime.wakeup;
        this.createdTicks = createdTicks;
        this.file = file;
        this.capacity = RingDescriptor.checkCapacity(capacity);
        this.mask = capacity - 1;
        this.highWater = capacity >> 1;
        this.tailAddress = memory.addressOffset();
        this.buffer = new UnsafeBuffer(memory, RingDescriptor.TAIL_LENGTH, capacity);
        this.address = buffer.addressOffset();
        this.lapBase = address;
        this.wakeAt = highWater;
        this.signalledHead = -1;
        this.claimLimit = highWater;
        this.reserve = thread == null ? capacity >> 3 : 0;
        this.lastWriter = VirtualStripes.NO_THREAD;
        UNSAFE.putLongVolatile(null, tailAddress, 0);
    }

    // ---- producer side (the recording thread only) ----

    /**
     * Reserves {@code length} contiguous bytes if that takes no more than one compare of the
     * tail against a limit computed when the producer last looked at the consumer's head; the
     * address is the tail plus a per-lap base.
     *
     * @return the address to write the event at, then call {@link #commit}; or {@link #FULL} when
     *         the room needs {@link #claim}'s slow path (which may still find it)
     */
    long tryClaim(final int length) {
        final long position = tail;
        return position + length <= claimLimit ? lapBase + position : FULL;
    }

    /**
     * Reserves {@code length} contiguous bytes, wrapping with a padding byte or refreshing the
     * consumer's head when {@link #tryClaim} cannot.
     *
     * @return the address to write the event at, then call {@link #commit}; or {@link #FULL}
     *         when the ring is full (the event is counted as dropped)
     */
    long claim(final int length) {
        final long start = tryClaim(length);
        return start != FULL ? start : claimSlowly(length);
    }

    private long claimSlowly(final int length) {
        final long position = tail;
        final int index = (int) (position - lapStart);
        final int toEnd = capacity - index;
        final int needed = length <= toEnd ? length : toEnd + length;
        final long end = position + needed;
        if (end - headCache > capacity || end > wakeAt) {
            headCache = (long) HEAD.getAcquire(this);
            if (end - headCache > highWater) {
                if (headCache != signalledHead) {
                    signalledHead = headCache; // once per head: the collector moves it when it drains
                    wakeup.signal();
                }
                wakeAt = headCache + capacity; // the full check below looks at the head again anyway
            } else {
                wakeAt = headCache + highWater;
            }
            if (end - headCache > capacity || length > capacity) {
                DROPPED.setRelease(this, dropped + 1);
                return FULL;
            }
        }
        if (length > toEnd) {
            if (toEnd > 0) {
                buffer.putByte(index, (byte) RingDescriptor.PADDING_TYPE_ID);
            }
            lapStart += capacity;
            lapBase = address - lapStart;
            publish(lapStart); // the consumer skips the padding to here
        }
        claimLimit = Math.min(Math.min(lapStart + capacity, headCache + capacity - reserve), wakeAt);
        return lapBase + tail;
    }

    /** Publishes the event claimed last, which ends at address {@code end}. */
    void commit(final long end) {
        publish(end - lapBase);
    }

    /**
     * One release store for the collector; once a crash-safe runtime exists in this JVM
     * ({@link CommitMarkers}, a constant to the JIT, not a test per commit), also the tail in the
     * ring's memory: for a ring mapped from a file, the commit marker crash recovery reads.
     */
    private void publish(final long position) {
        TAIL.setRelease(this, position);
        if (CommitMarkers.on()) {
            UNSAFE.putOrderedLong(null, tailAddress, position);
        }
    }

    /** The buffer index of an address this ring returned, for transit's index-based encoder. */
    int index(final long at) {
        return (int) (at - address);
    }

    // ---- consumer side (the collector only) ----

    long publishedTail() {
        return (long) TAIL.getAcquire(this);
    }

    long head() {
        return head;
    }

    void releaseHead(final long position) {
        HEAD.setRelease(this, position);
    }

    long droppedCount() {
        return (long) DROPPED.getAcquire(this);
    }
}

/**
 * Field layout of {@link Ring}, padded through the class hierarchy (as Agrona does) so the
 * producer's counters and the consumer's head sit on different cache lines.
 */
abstract class RingPadding1 {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** Written by the producer only. */
abstract class RingProducerFields extends RingPadding1 {
    /**
     * Position of the next event, counted in bytes since the ring was created; published with
     * release stores (and, for a mapped ring, also stored in its memory: {@code Ring#publish}).
     */
    long tail;
    /** Events that end at or below this position fit without looking at the head again. */
    long claimLimit;
    /** The address of position 0 as seen from the lap being written: an event at position p is at lapBase + p. */
    long lapBase;
    /** The producer's last look at the consumer's head. */
    long headCache;
    /** Position of index 0 in the lap being written. */
    long lapStart;
    /** A claim ending past this position looks at the head again, to wake the collector past the high-water mark. */
    long wakeAt;
    /** The head at the last high-water signal: one signal per head position. */
    long signalledHead;
    /** Events refused because the ring was full; published with release stores. */
    long dropped;
    /**
     * A stripe's ring: the virtual thread its events belong to now, written by the holder of the
     * stripe ({@link VirtualStripes}: a thread_switch event goes first when it changes).
     */
    long lastWriter;
}

abstract class RingPadding2 extends RingProducerFields {
    byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
    byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
    byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
    byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
}

/** Written by the consumer only. */
abstract class RingConsumerFields extends RingPadding2 {
    long head;
}

abstract class RingPadding3 extends RingConsumerFields {
    byte p200, p201, p202, p203, p204, p205, p206, p207, p208, p209, p210, p211, p212, p213, p214, p215;
    byte p216, p217, p218, p219, p220, p221, p222, p223, p224, p225, p226, p227, p228, p229, p230, p231;
    byte p232, p233, p234, p235, p236, p237, p238, p239, p240, p241, p242, p243, p244, p245, p246, p247;
    byte p248, p249, p250, p251, p252, p253, p254, p255, p256, p257, p258, p259, p260, p261, p262, p263;
}
