package io.lakeobs.functions.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; shared by the function modules' tests through functions-core's test-jar. */
public final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(final Instant now) {
        this.now = now;
    }

    public void set(final Instant instant) {
        now = instant;
    }

    public void advance(final Duration duration) {
        now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
