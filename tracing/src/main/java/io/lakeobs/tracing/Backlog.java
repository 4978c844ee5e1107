package io.lakeobs.tracing;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;

/**
 * Published events the collector moved out of a ring before encoding them, so that a burst
 * finds its ring empty again at memory-copy speed while the collector encodes at its own pace
 * (a cold collector, one that the scheduler starves, or a sink slowing it down). Each
 * evacuation copies the ring's published bytes as they lie, one segment per contiguous run
 * (two when the ring wrapped), without walking events: a segment's events end at its end or at
 * a padding byte, as in the ring. Per stream, owned by the collector; never for a ring mapped
 * from a file (its head is its crash-recovery checkpoint).
 */
final class Backlog {
    /** One copied run of a ring: events from {@code position} to {@code buffer.capacity()}. */
    static final class Segment {
        final UnsafeBuffer buffer;
        int position;

        Segment(final UnsafeBuffer buffer) {
            this.buffer = buffer;
        }

        int remaining() {
            return buffer.capacity() - position;
        }
    }

    private final ArrayDeque<Segment> segments = new ArrayDeque<>();
    private long bytes;

    boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Bytes held, consumed or not, until their segment is done. */
    long bytes() {
        return bytes;
    }

    /** Copies the ring's published events into new segments and releases the ring's head; returns the bytes copied. */
    long evacuate(final Ring ring) {
        long head = ring.head();
        final long tail = ring.publishedTail();
        final long start = head;
        while (head < tail) {
            final int index = (int) head & ring.mask;
            final int length = (int) Math.min(ring.capacity - index, tail - head);
            final byte[] copy = new byte[length];
            ring.buffer.getBytes(index, copy);
            segments.add(new Segment(new UnsafeBuffer(copy)));
            head += length;
        }
        ring.releaseHead(head);
        bytes += head - start;
        return head - start;
    }

    /** The oldest segment not done yet, or null. */
    Segment oldest() {
        return segments.peek();
    }

    /** The oldest segment is done (walked to its end, a padding byte or garbage); returns the bytes freed. */
    int doneWithOldest() {
        final int freed = segments.remove().buffer.capacity();
        bytes -= freed;
        return freed;
    }
}
