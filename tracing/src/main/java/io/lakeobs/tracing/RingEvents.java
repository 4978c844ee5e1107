package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.EventWriter;

import static io.lakeobs.transit.telemetry.EventEncoder.*;

/**
 * The events whose size is known before they are written (static logs, logs with primitive
 * arguments, metrics, thread and async span events), recorded straight into a thread's ring:
 * one claim, transit's {@code EventWriter} stores through locals, one commit. They take the
 * {@link Ring} rather than the {@link Recorder} because call sites find the ring itself through
 * {@link TracingRuntime}'s per-kind tables, one object hop less on every event (worth 1.5 to 2
 * ns on a log with two longs, whose loop otherwise ran out of registers); the ring carries the
 * clock. Every method runs on the ring's own thread.
 */
final class RingEvents {
    private RingEvents() {
    }

    static void logStatic(final Ring ring, final int site) {
        final int index = ring.claim(LOG_STATIC_LENGTH);
        if (index >= 0) {
            EventWriter.logStatic(null, ring.address + index, site, ring.clock.ticks());
            ring.commit(index + LOG_STATIC_LENGTH);
        }
    }

    static void log(final Ring ring, final int site, final long a) {
        final int index = ring.claim(LOG_ARGS_PREFIX + PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            commitArguments(ring, start, EventWriter.putLongArgument(null, beginArguments(ring, start, site, 1), a));
        }
    }

    static void log(final Ring ring, final int site, final long a, final long b) {
        final int index = ring.claim(LOG_ARGS_PREFIX + 2 * PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            final long first = EventWriter.putLongArgument(null, beginArguments(ring, start, site, 2), a);
            commitArguments(ring, start, EventWriter.putLongArgument(null, first, b));
        }
    }

    static void log(final Ring ring, final int site, final long a, final long b, final long c) {
        final int index = ring.claim(LOG_ARGS_PREFIX + 3 * PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            final long first = EventWriter.putLongArgument(null, beginArguments(ring, start, site, 3), a);
            final long second = EventWriter.putLongArgument(null, first, b);
            commitArguments(ring, start, EventWriter.putLongArgument(null, second, c));
        }
    }

    static void log(final Ring ring, final int site, final double a) {
        final int index = ring.claim(LOG_ARGS_PREFIX + PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            commitArguments(ring, start, EventWriter.putDoubleArgument(null, beginArguments(ring, start, site, 1), a));
        }
    }

    static void log(final Ring ring, final int site, final double a, final double b) {
        final int index = ring.claim(LOG_ARGS_PREFIX + 2 * PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            final long first = EventWriter.putDoubleArgument(null, beginArguments(ring, start, site, 2), a);
            commitArguments(ring, start, EventWriter.putDoubleArgument(null, first, b));
        }
    }

    static void log(final Ring ring, final int site, final long a, final double b) {
        final int index = ring.claim(LOG_ARGS_PREFIX + 2 * PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            final long first = EventWriter.putLongArgument(null, beginArguments(ring, start, site, 2), a);
            commitArguments(ring, start, EventWriter.putDoubleArgument(null, first, b));
        }
    }

    static void log(final Ring ring, final int site, final boolean a) {
        final int index = ring.claim(LOG_ARGS_PREFIX + PRIMITIVE_ARGUMENT_LENGTH);
        if (index >= 0) {
            final long start = ring.address + index;
            commitArguments(ring, start, EventWriter.putBooleanArgument(null, beginArguments(ring, start, site, 1), a));
        }
    }

    /** Starts a log_args event at {@code start}, stamped now; returns where its first argument goes. */
    static long beginArguments(final Ring ring, final long start, final int site, final int count) {
        return EventWriter.beginLogArgs(null, start, site, ring.clock.ticks(), count);
    }

    /** Completes a log_args event that starts at {@code start} and ends at {@code end}, and publishes it. */
    static void commitArguments(final Ring ring, final long start, final long end) {
        EventWriter.endLogArgs(null, start, end);
        ring.commit((int) (end - ring.address));
    }

    static void metricInt(final Ring ring, final int metric, final long value) {
        final int index = ring.claim(METRIC_LENGTH);
        if (index >= 0) {
            EventWriter.metricInt(null, ring.address + index, metric, ring.clock.ticks(), value);
            ring.commit(index + METRIC_LENGTH);
        }
    }

    static void metricFloat(final Ring ring, final int metric, final double value) {
        final int index = ring.claim(METRIC_LENGTH);
        if (index >= 0) {
            EventWriter.metricFloat(null, ring.address + index, metric, ring.clock.ticks(), value);
            ring.commit(index + METRIC_LENGTH);
        }
    }

    static void metricInt(final Ring ring, final int metric, final int properties, final long value) {
        final int index = ring.claim(METRIC_PROPS_LENGTH);
        if (index >= 0) {
            EventWriter.metricIntWithProperties(null, ring.address + index, metric, properties, ring.clock.ticks(), value);
            ring.commit(index + METRIC_PROPS_LENGTH);
        }
    }

    static void metricFloat(final Ring ring, final int metric, final int properties, final double value) {
        final int index = ring.claim(METRIC_PROPS_LENGTH);
        if (index >= 0) {
            EventWriter.metricFloatWithProperties(null, ring.address + index, metric, properties, ring.clock.ticks(), value);
            ring.commit(index + METRIC_PROPS_LENGTH);
        }
    }

    static void spanBegin(final Ring ring, final int span) {
        final int index = ring.claim(SPAN_LENGTH);
        if (index >= 0) {
            EventWriter.spanBegin(null, ring.address + index, span, ring.clock.ticks());
            ring.commit(index + SPAN_LENGTH);
        }
    }

    static void spanEnd(final Ring ring, final int span) {
        final int index = ring.claim(SPAN_LENGTH);
        if (index >= 0) {
            EventWriter.spanEnd(null, ring.address + index, span, ring.clock.ticks());
            ring.commit(index + SPAN_LENGTH);
        }
    }

    static void asyncBegin(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final int index = ring.claim(ASYNC_LENGTH);
        if (index >= 0) {
            EventWriter.asyncBegin(null, ring.address + index, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(index + ASYNC_LENGTH);
        }
    }

    static void asyncEnd(final Ring ring, final int span, final long spanId, final long parentId, final int depth) {
        final int index = ring.claim(ASYNC_LENGTH);
        if (index >= 0) {
            EventWriter.asyncEnd(null, ring.address + index, span, spanId, parentId, depth, ring.clock.ticks());
            ring.commit(index + ASYNC_LENGTH);
        }
    }
}
