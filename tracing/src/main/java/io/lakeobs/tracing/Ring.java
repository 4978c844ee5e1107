package io.lakeobs.tracing;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One thread's single-producer, single-consumer byte ring for one stream kind, over
 * preallocated off-heap memory (see {@link RingDescriptor} for the bytes). The recording thread
 * claims room, encodes an event in place with transit's {@code EventEncoder} and commits it with
 * one release store; the collector reads up to the published tail and releases the head. No
 * lock, no allocation, no CAS: when the ring is full the event is dropped and counted.
 */
final class Ring extends RingPadding3 {
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

    final UnsafeBuffer buffer;
    final int capacity;
    final int mask;
    /** Clock value when the ring was created, before its first event: the stream's first block begins here. */
    final long createdTicks;

    Ring(final int capacity, final long createdTicks) {
        this.createdTicks = createdTicks;
        this.capacity = RingDescriptor.checkCapacity(capacity);
        this.mask = capacity - 1;
        this.buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, 64));
    }

    // ---- producer side (the recording thread only) ----

    /**
     * Reserves {@code length} contiguous bytes, padding to the end of the ring first when they
     * do not fit before it.
     *
     * @return the index to encode at, then call {@link #commit}; or -1 when the ring is full
     *         (the event is counted as dropped)
     */
    int claim(final int length) {
        final long position = tail;
        final int index = (int) position & mask;
        final int toEnd = capacity - index;
        final int needed = length <= toEnd ? length : toEnd + length;
        if (position + needed - headCache > capacity) {
            headCache = (long) HEAD.getAcquire(this);
            if (position + needed - headCache > capacity || length > capacity) {
                DROPPED.setRelease(this, dropped + 1);
                return -1;
            }
        }
        if (length > toEnd) {
            buffer.putByte(index, (byte) RingDescriptor.PADDING_TYPE_ID);
            claimed = position + toEnd;
            return 0;
        }
        claimed = position;
        return index;
    }

    /** Publishes the event claimed last, which ends at index {@code end}. */
    void commit(final int end) {
        final long position = claimed;
        TAIL.setRelease(this, position - (position & mask) + end);
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
