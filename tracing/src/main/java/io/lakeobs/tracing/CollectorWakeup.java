package io.lakeobs.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How a recording thread whose ring passed its high-water mark gets the collector to drain now
 * rather than at its next poll: the ring's slow claim calls {@link #signal()} (at most once per
 * head position the ring saw, never on the common path), which unparks the collector thread.
 * An idle collector parks in {@link #await(long)} for at most its poll period; a signal that
 * comes while it is busy is kept by the park permit, so the next park returns at once.
 */
final class CollectorWakeup {
    /** For rings outside a runtime (unit tests): signals are only counted. */
    static final CollectorWakeup NONE = new CollectorWakeup(null);

    private final Thread collector;
    private final AtomicLong signals = new AtomicLong();

    /** {@code collector}: the thread to unpark, or null in manual mode (signals are then only counted). */
    CollectorWakeup(final Thread collector) {
        this.collector = collector;
    }

    /** A ring passed its high-water mark: wakes the collector. Called by recording threads. */
    void signal() {
        signals.incrementAndGet();
        if (collector != null) {
            LockSupport.unpark(collector);
        }
    }

    /** The collector, idle: waits until a signal (or a flush's unpark) or {@code nanos} passed. */
    void await(final long nanos) {
        LockSupport.parkNanos(this, nanos);
    }

    /** High-water signals so far. */
    long signals() {
        return signals.get();
    }
}
