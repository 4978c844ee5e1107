package io.lakeobs.tracing;

import io.lakeobs.transit.layout.ObjectDescriptor;

/**
 * Layout of a per-thread event ring: exactly transit's object bytes, back to back, so the
 * collector copies them into a block unchanged.
 *
 * <pre>
 *   0                                    head        tail            capacity
 *   |  free  | [type][body] [type][u32 len][body] ... |  free  |[0 = padding ... to end]|
 * </pre>
 *
 * An event never wraps: when it does not fit before the end, the producer writes one
 * {@link #PADDING_TYPE_ID} byte and the event starts again at 0; the consumer skips from a
 * padding byte to the end of the ring. Positions are 64-bit counters that only grow; the
 * index is {@code position & (capacity - 1)}. The tail, the position of the next event
 * (everything before it is committed), is a long in the {@link #TAIL_LENGTH} bytes before the
 * events, published with release stores.
 */
final class RingDescriptor {
    /** The type byte that means "the rest of the ring up to its end is unused". */
    static final int PADDING_TYPE_ID = ObjectDescriptor.PADDING_TYPE_ID;
    /** Smallest ring: room for the largest fixed event many times over. */
    static final int MIN_CAPACITY = 1024;
    /** Largest ring an {@code int}-indexed buffer can hold as a power of two. */
    static final int MAX_CAPACITY = 1 << 30;
    /** Bytes before the events: the tail, alone on its cache line. */
    static final int TAIL_LENGTH = 64;

    private RingDescriptor() {
    }

    static int checkCapacity(final int capacity) {
        if (capacity < MIN_CAPACITY || capacity > MAX_CAPACITY || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two in [" + MIN_CAPACITY + ", "
                + MAX_CAPACITY + "]: " + capacity);
        }
        return capacity;
    }
}
