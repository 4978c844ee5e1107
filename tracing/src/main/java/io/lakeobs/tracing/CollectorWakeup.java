package io.lakeobs.tracing;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How a recording thread whose ring passed its high-water mark gets the collector to drain now
 * rather than at its next poll: the ring's slow claim calls {@link #signal()} (at most once per
 * head position the ring saw, never on the common path), which unparks the collector thread.
 * Between passes that found nothing the collector backs off in {@link #idle}: it spins, yields
 * (so that on a busy host it stays runnable while a burst may be starting), then parks from
 * 1 µs doubling to 1 ms, then for its whole poll period. A signal that comes while it is busy is
 * kept by the park permit, so its next park returns at once.
 */
final class CollectorWakeup {
    /** For rings outside a runtime (unit tests): signals are only counted. */
    static final CollectorWakeup NONE = new CollectorWakeup(null);
    private static final int SPINS = 10;
    private static final int YIELDS = 10;
    private static final long MIN_PARK_NANOS = 1_000;
    private static final long MAX_BACKOFF_NANOS = 1_000_000;

    private final Thread collector;
    private final AtomicLong signals = new AtomicLong();
    /** Idle passes in a row, and the next park; the collector thread's own. */
    private int idlePasses;
    private long nextPark = MIN_PARK_NANOS;
    /** The park in progress, 0 when not parked; for tests that wait for the long park. */
    private volatile long parking;

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

    /**
     * After a pass of the collector: returns at once if it did work; otherwise spins, yields or
     * parks, at most {@code pollNanos}, until a signal or a flush's unpark.
     */
    void idle(final boolean worked, final long pollNanos) {
        if (worked) {
            idlePasses = 0;
            nextPark = MIN_PARK_NANOS;
            return;
        }
        if (idlePasses < SPINS + YIELDS) {
            if (idlePasses++ < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
            return;
        }
        final long nanos = nextPark <= MAX_BACKOFF_NANOS ? Math.min(nextPark, pollNanos) : pollNanos;
        nextPark = nextPark <= MAX_BACKOFF_NANOS ? nextPark << 1 : nextPark;
        parking = nanos;
        LockSupport.parkNanos(this, nanos);
        parking = 0;
    }

    /** The park in progress, in nanoseconds, or 0. */
    long parking() {
        return parking;
    }

    /** High-water signals so far. */
    long signals() {
        return signals.get();
    }
}
