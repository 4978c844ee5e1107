package io.lakeobs.tracing;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that tests move by hand, so recorded times are exact and no test ever sleeps.
 * {@link #autoAdvance} makes every read return the previous value plus a step, which gives each
 * event a distinct, increasing time across threads.
 */
public final class ManualClock implements Clock {
    private final AtomicLong now;
    private volatile long step;

    public ManualClock(final long start) {
        this.now = new AtomicLong(start);
    }

    @Override
    public long ticks() {
        final long increment = step;
        return increment == 0 ? now.get() : now.addAndGet(increment);
    }

    @Override
    public long ticksPerSecond() {
        return 1_000_000_000L;
    }

    public void set(final long ticks) {
        now.set(ticks);
    }

    public void advance(final long ticks) {
        now.addAndGet(ticks);
    }

    /** Every later read advances the clock by {@code increment} first (0 turns it off). */
    public ManualClock autoAdvance(final long increment) {
        this.step = increment;
        return this;
    }
}
