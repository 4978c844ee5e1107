package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.EventWriter;

import java.util.concurrent.locks.LockSupport;

import static io.lakeobs.transit.telemetry.EventDescriptor.THREAD_SWITCH_LENGTH;

/**
 * Where virtual threads record. A ring per virtual thread would cost a megabyte per stream kind
 * per thread (100 000 virtual threads: hundreds of gigabytes) or churn rings as threads come
 * and go, so virtual threads share a fixed set of stripes instead: each stripe is an ordinary
 * recorder (rings, streams, blocks) with no thread of its own, and a virtual thread always
 * records into the stripe its id picks ({@link #index(long, int)}), so all of one virtual thread's events of a kind are in
 * one stream, in order. Ring memory is stripes x kinds x ring capacity, whatever the number of
 * virtual threads.
 *
 * <p>A virtual thread takes its stripe for the duration of one event (a CAS, see
 * {@link Recorder#acquire}); recording never parks, so it is not unmounted meanwhile and other
 * carriers wait at most one event. When the stripe's ring was last written by another thread,
 * a {@code thread_switch} event (the new thread's id) goes first: readers attribute the events
 * after it to that thread, and the collector starts every block of a stripe stream with one
 * ({@link StreamState}), so each block decodes on its own.
 *
 * <p>Unlike a platform thread, a virtual thread can wait cheaply: when its stripe's ring is
 * nearly full it gives the stripe back and parks until the collector has drained it (bounded,
 * {@link #MAX_WAIT_NANOS}), so a burst of many virtual threads on few stripes is slowed rather
 * than dropped.
 */
final class VirtualStripes {
    /** The most stripes a runtime may have. */
    static final int MAX_STRIPES = 1024;
    /** A thread id no thread has: a stripe ring nobody wrote yet. */
    static final long NO_THREAD = -1;
    /** The stream property that marks a stripe's streams (its index). */
    static final String STRIPE_PROPERTY = "virtual-thread-stripe";

    /**
     * A virtual thread that finds its stripe's ring nearly full waits for the collector, parked
     * (which costs a virtual thread nothing but time), at most this long per event; then it records
     * or drops (counted) as a platform thread would. Platform threads never wait.
     */
    static final long MAX_WAIT_NANOS = 10_000_000_000L;
    private static final long MIN_PARK_NANOS = 50_000L;
    private static final long MAX_PARK_NANOS = 5_000_000L;

    private final Recorder[] stripes;

    VirtualStripes(final TracingRuntime runtime, final int count) {
        stripes = new Recorder[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Recorder(runtime, i);
        }
    }

    /** Twice the carriers (available processors, as the default scheduler), at least 4. */
    static int defaultCount(final int processors) {
        return Math.min(MAX_STRIPES, Math.max(4, 2 * processors));
    }

    static String streamName(final int stripe) {
        return "lakeobs-virtual-threads-" + stripe;
    }

    Recorder stripe(final int index) {
        return stripes[index];
    }

    /** The stripes themselves, for {@link Installation#stripes}. */
    Recorder[] all() {
        return stripes;
    }

    int count() {
        return stripes.length;
    }

    /**
     * The ring of {@code kind} of the stripe of {@code current} (a virtual thread) among
     * {@code stripes}, with the stripe taken and the ring attributed to {@code current}; the caller
     * records one event into it and gives the stripe back ({@link #release}). Returning the ring,
     * not the stripe, spares the event a second read of the ring and its fields after the CAS. The
     * ring is read from the taken stripe; when it does not exist yet, the stripe is given back while
     * the ring is created ({@link Recorder#prepareRing}), never created while held.
     *
     * @return null when this runtime does not record that kind, or when the ring had no room for
     *         the thread switch (the event is then dropped, and counted once, by the ring)
     */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    static Ring acquire(final Recorder[] stripes, final Thread current, final StreamKind kind) {
        final long id = current.getId();
        final Recorder stripe = stripeOf(stripes, id);
        long waitingSince = 0;
        long park = MIN_PARK_NANOS;
        while (true) {
            stripe.acquire(id);
            final Ring ring = stripe.ring(kind);
            if (ring == null) {
                stripe.release();
                if (!stripe.prepareRing(kind)) {
                    return null;
                }
                continue;
            }
            if (ring.tail >= ring.claimLimit && nearlyFull(ring)) { // below the claim limit, never nearly full
                final long now = System.nanoTime();
                waitingSince = waitingSince == 0 ? now : waitingSince;
                if (now - waitingSince < MAX_WAIT_NANOS) {
                    stripe.release();
                    LockSupport.parkNanos(park); // frees the carrier, and the CPU for the collector
                    park = Math.min(2 * park, MAX_PARK_NANOS); // 100 000 waiting threads must not poll the ring flat out
                    continue;
                }
            }
            if (ring.lastWriter != id && !switchTo(ring, id)) {
                stripe.release();
                return null;
            }
            return ring;
        }
    }

    /** Gives back the stripe of a ring {@link #acquire} returned. */
    static void release(final Ring ring) {
        ring.recorder.release();
    }

    /** The stripe a virtual thread records into, always the same one (not taken). */
    @SuppressWarnings("deprecation") // Thread.threadId() is Java 19+
    Recorder stripeOf(final Thread thread) {
        return stripeOf(stripes, thread.getId());
    }

    private static Recorder stripeOf(final Recorder[] stripes, final long threadId) {
        return stripes[index(threadId, stripes.length)];
    }

    /** The stripe of a thread id among {@code count}: a multiply and shifts (fast range), not a division. */
    static int index(final long threadId, final int count) {
        return (int) ((((threadId * 0x9E3779B97F4A7C15L) >>> 32) * count) >>> 32);
    }

    /**
     * Less than an eighth of the ring free, as far as the producer can tell: first by its own last
     * look at the collector's head (no shared cache line), and only when that says so by the head
     * itself, read plainly (a hint; the claim itself checks exactly). Asked only at or past the
     * ring's claim limit, which for a stripe's ring stays an eighth of the ring short of the head
     * the producer last saw ({@link Ring#reserve}).
     */
    private static boolean nearlyFull(final Ring ring) {
        final long limit = ring.capacity - ring.reserve;
        return ring.tail - ring.headCache > limit && ring.tail - ring.head() > limit;
    }

    private static boolean switchTo(final Ring ring, final long id) {
        final long start = ring.claim(THREAD_SWITCH_LENGTH);
        if (start == Ring.FULL) {
            return false;
        }
        EventWriter.threadSwitch(null, start, id, ring.clock.ticks());
        ring.commit(start + THREAD_SWITCH_LENGTH);
        ring.lastWriter = id;
        return true;
    }
}
