package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.EventWriter;

import static io.lakeobs.transit.telemetry.EventDescriptor.*;

/**
 * The events whose size is known before they are written (static logs, metrics, thread and
 * async span events; logs with primitive arguments follow the same pattern in the generated
 * {@link LogCalls}), recorded straight into a thread's ring:
 * one claim, transit's {@code EventWriter} stores through locals, one commit. Every method runs
 * on the ring's own thread.
 *
 * <p>Each event comes twice. The fast method takes the ring's one-compare claim and writes; when
 * that claim fails it makes one call to its {@code ...Slowly} twin, which takes the full claim
 * (wrap, head refresh, drop) and writes the same bytes, and nothing runs after that call. The
 * twin is what keeps the fast path fast: when the slow claim returned into the writes, the JIT
 * kept the caller's loop values on the stack around that call, and a log with two longs measured
 * 5.8 to 7.8 ns per fork instead of 4.6 to 5.9 (docs/BENCHMARKS.md). They take the {@link Ring} rather than the
 * {@link Recorder} because call sites find the ring itself through the
 * per-kind tables ({@link Installation}), one object hop less per event; the ring carries the clock.
 */
final class RingEvents {
    private RingEvents() {
    }

    static void logStatic(final Ring ring, final int site) {
        final long start = ring.tryClaim(LOG_STATIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.logStatic(null, start, site, ring.clock.ticks());
            ring.commit(start + LOG_STATIC_LENGTH);
        } else {
            logStaticSlowly(ring, site);
        }
    }

    private static void logStaticSlowly(final Ring ring, final int site) {
        final long start = ring.claim(LOG_STATIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.logStatic(null, start, site, ring.clock.ticks());
            ring.commit(start + LOG_STATIC_LENGTH);
        }
    }

    static void metricInt(final Ring ring, final int metric, final long value) {
        final long start = ring.tryClaim(METRIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricInt(null, start, metric, ring.clock.ticks(), value);
            ring.commit(start + METRIC_LENGTH);
        } else {
            metricIntSlowly(ring, metric, value);
        }
    }

    private static void metricIntSlowly(final Ring ring, final int metric, final long value) {
        final long start = ring.claim(METRIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricInt(null, start, metric, ring.clock.ticks(), value);
            ring.commit(start + METRIC_LENGTH);
        }
    }

    static void metricFloat(final Ring ring, final int metric, final double value) {
        final long start = ring.tryClaim(METRIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricFloat(null, start, metric, ring.clock.ticks(), value);
            ring.commit(start + METRIC_LENGTH);
        } else {
            metricFloatSlowly(ring, metric, value);
        }
    }

    private static void metricFloatSlowly(final Ring ring, final int metric, final double value) {
        final long start = ring.claim(METRIC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricFloat(null, start, metric, ring.clock.ticks(), value);
            ring.commit(start + METRIC_LENGTH);
        }
    }

    static void metricInt(final Ring ring, final int metric, final int properties, final long value) {
        final long start = ring.tryClaim(METRIC_PROPS_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricIntWithProperties(null, start, metric, properties, ring.clock.ticks(), value);
            ring.commit(start + METRIC_PROPS_LENGTH);
        } else {
            metricIntSlowly(ring, metric, properties, value);
        }
    }

    private static void metricIntSlowly(final Ring ring, final int metric, final int properties, final long value) {
        final long start = ring.claim(METRIC_PROPS_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricIntWithProperties(null, start, metric, properties, ring.clock.ticks(), value);
            ring.commit(start + METRIC_PROPS_LENGTH);
        }
    }

    static void metricFloat(final Ring ring, final int metric, final int properties, final double value) {
        final long start = ring.tryClaim(METRIC_PROPS_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricFloatWithProperties(null, start, metric, properties, ring.clock.ticks(), value);
            ring.commit(start + METRIC_PROPS_LENGTH);
        } else {
            metricFloatSlowly(ring, metric, properties, value);
        }
    }

    private static void metricFloatSlowly(final Ring ring, final int metric, final int properties, final double value) {
        final long start = ring.claim(METRIC_PROPS_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.metricFloatWithProperties(null, start, metric, properties, ring.clock.ticks(), value);
            ring.commit(start + METRIC_PROPS_LENGTH);
        }
    }

    static void spanBegin(final Ring ring, final int span) {
        final long start = ring.tryClaim(SPAN_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.spanBegin(null, start, span, ring.clock.ticks());
            ring.commit(start + SPAN_LENGTH);
        } else {
            spanBeginSlowly(ring, span);
        }
    }

    private static void spanBeginSlowly(final Ring ring, final int span) {
        final long start = ring.claim(SPAN_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.spanBegin(null, start, span, ring.clock.ticks());
            ring.commit(start + SPAN_LENGTH);
        }
    }

    static void spanEnd(final Ring ring, final int span) {
        final long start = ring.tryClaim(SPAN_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.spanEnd(null, start, span, ring.clock.ticks());
            ring.commit(start + SPAN_LENGTH);
        } else {
            spanEndSlowly(ring, span);
        }
    }

    private static void spanEndSlowly(final Ring ring, final int span) {
        final long start = ring.claim(SPAN_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.spanEnd(null, start, span, ring.clock.ticks());
            ring.commit(start + SPAN_LENGTH);
        }
    }

    static void asyncBegin(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final long start = ring.tryClaim(ASYNC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.asyncBegin(null, start, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(start + ASYNC_LENGTH);
        } else {
            asyncBeginSlowly(ring, span, spanId, parentId, depth);
        }
    }

    private static void asyncBeginSlowly(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final long start = ring.claim(ASYNC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.asyncBegin(null, start, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(start + ASYNC_LENGTH);
        }
    }

    static void asyncEnd(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final long start = ring.tryClaim(ASYNC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.asyncEnd(null, start, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(start + ASYNC_LENGTH);
        } else {
            asyncEndSlowly(ring, span, spanId, parentId, depth);
        }
    }

    private static void asyncEndSlowly(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final long start = ring.claim(ASYNC_LENGTH);
        if (start != Ring.FULL) {
            EventWriter.asyncEnd(null, start, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(start + ASYNC_LENGTH);
        }
    }

    /** Starts a log_args event at {@code start}, stamped now; returns where its first argument goes. */
    static long beginArguments(final Ring ring, final long start, final int site, final int count) {
        return EventWriter.beginLogArgs(null, start, site, ring.clock.ticks(), count);
    }

    /** Completes a log_args event that starts at {@code start} and ends at {@code end}, and publishes it. */
    static void commitArguments(final Ring ring, final long start, final long end) {
        EventWriter.endLogArgs(null, start, end);
        ring.commit(end);
    }
}
