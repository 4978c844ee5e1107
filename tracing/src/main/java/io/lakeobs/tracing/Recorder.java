package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.layout.Utf8;
import io.lakeobs.transit.telemetry.EventEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicReferenceArray;

import static io.lakeobs.transit.telemetry.EventEncoder.*;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * One thread's recording state: its three rings (created on first use, so a thread that only
 * logs holds no span memory), its span scope stack and its block of async span ids. Reached
 * through a {@code ThreadLocal}; every method runs on the owning thread only, except
 * {@link #ring(StreamKind)} and the identity fields, which the collector reads.
 */
final class Recorder {
    private static final int SPAN_IDS_PER_BLOCK = 4096;

    final Thread thread;
    final TracingRuntime runtime;
    private final Clock clock;
    private final int maxStringChars;
    private final AtomicReferenceArray<Ring> published = new AtomicReferenceArray<>(StreamKind.values().length);
    private final Truncated truncated = new Truncated();
    /** Scratch for ASCII string arguments, as long as the longest string kept. */
    private final byte[] ascii;
    final SpanScope scope = new SpanScope(this);
    private Ring log;
    private Ring metrics;
    private Ring spans;
    private Ring argumentsRing;
    private int argumentsStart;
    private int argumentsIndex;
    /** End of the room claimed for the log being written. */
    private int argumentsLimit;
    private long nextSpanId;
    private long spanIdLimit;
    /** The async span running on this thread (0 for none) and its depth; set by {@link AsyncSpans}. */
    long asyncParent;
    int asyncDepth;
    /** The collector's per-kind stream state for this thread; touched by the collector only. */
    final StreamState[] streams = new StreamState[StreamKind.values().length];

    Recorder(final TracingRuntime runtime, final Thread thread) {
        this.runtime = runtime;
        this.thread = thread;
        this.clock = runtime.config.clock();
        this.maxStringChars = runtime.config.maxStringChars();
        this.ascii = new byte[maxStringChars];
    }

    /** The ring of that kind if this thread created it; for the collector. */
    Ring ring(final StreamKind kind) {
        return published.get(kind.ordinal());
    }

    // ---- logs ----

    void logStatic(final int site) {
        final Ring ring = logRing();
        final int index = ring.claim(LOG_STATIC_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.logStatic(ring.buffer, index, site, clock.ticks()));
        }
    }

    /** Starts a log with arguments; when it returns true, add exactly {@code count} arguments and call {@link #endArguments}. */
    boolean beginArguments(final int site, final int count, final int argumentBytes) {
        final Ring ring = logRing();
        final int start = ring.claim(LOG_ARGS_PREFIX + argumentBytes);
        if (start < 0) {
            return false;
        }
        argumentsRing = ring;
        argumentsStart = start;
        argumentsLimit = start + LOG_ARGS_PREFIX + argumentBytes;
        argumentsIndex = EventEncoder.beginLogArgs(ring.buffer, start, site, clock.ticks(), count);
        return true;
    }

    void argument(final long value) {
        argumentsIndex = EventEncoder.putLongArgument(argumentsRing.buffer, argumentsIndex, value);
    }

    void argument(final double value) {
        argumentsIndex = EventEncoder.putDoubleArgument(argumentsRing.buffer, argumentsIndex, value);
    }

    void argument(final boolean value) {
        argumentsIndex = EventEncoder.putBooleanArgument(argumentsRing.buffer, argumentsIndex, value);
    }

    /**
     * Writes a string argument in transit's layout ({@code [ARG_UTF8][u32 length][utf8]}). ASCII
     * strings, the common case, are widened into a per-thread array by a loop the JIT keeps free
     * of bounds checks and then copied with one call. Anything else goes through transit's
     * encoder, cut to the room claimed, so a CharSequence that changes or fails meanwhile (say a
     * StringBuilder another thread mutates) can neither overrun the claim nor throw at the caller.
     */
    @SuppressWarnings("deprecation")
    void argument(final CharSequence value) {
        if (value instanceof String && value.length() <= maxStringChars) {
            final String string = (String) value;
            final int length = string.length();
            int bits = 0;
            for (int i = 0; i < length; i++) {
                bits |= string.charAt(i);
            }
            if (bits < 0x80) {
                final byte[] bytes = ascii;
                string.getBytes(0, length, bytes, 0); // deprecated for dropping high bytes; there are none here
                final UnsafeBuffer buffer = argumentsRing.buffer;
                final int index = argumentsIndex;
                buffer.putByte(index, (byte) ObjectDescriptor.ARG_UTF8);
                buffer.putInt(index + 1, length, LITTLE_ENDIAN);
                buffer.putBytes(index + 5, bytes, 0, length);
                argumentsIndex = index + 5 + length;
                return;
            }
        }
        final int index = argumentsIndex;
        try {
            final int room = (argumentsLimit - index - 5) / Utf8.MAX_BYTES_PER_CHAR;
            final CharSequence text = value == null || room < 0 ? null
                : truncated.wrap(value, Math.min(room, limit(value).length()));
            argumentsIndex = EventEncoder.putStringArgument(argumentsRing.buffer, index, text);
        } catch (final RuntimeException brokenCharSequence) {
            argumentsIndex = EventEncoder.putStringArgument(argumentsRing.buffer, index, null);
        }
    }

    void endArguments() {
        final Ring ring = argumentsRing;
        ring.commit(EventEncoder.endLogArgs(ring.buffer, argumentsStart, argumentsIndex));
    }

    /** Bytes a string argument may take once truncated to the configured length. */
    int stringBound(final CharSequence value) {
        try {
            return EventEncoder.stringArgumentBound(limit(value));
        } catch (final RuntimeException brokenCharSequence) {
            return 1;
        }
    }

    /** A log whose level, target and message are known only at run time (logging bridges). */
    void logDynamic(final int level, final int target, final CharSequence message) {
        final Ring ring = logRing();
        final CharSequence text = limit(message);
        final int start = ring.claim(EventEncoder.logDynamicBound(text));
        if (start >= 0) {
            final int end = EventEncoder.beginLogDynamic(ring.buffer, start, level, target, clock.ticks(), text, 0);
            ring.commit(EventEncoder.endLogDynamic(ring.buffer, start, end));
        }
    }

    // ---- metrics ----

    void metricInt(final int metric, final long value) {
        final Ring ring = metricsRing();
        final int index = ring.claim(METRIC_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.metricInt(ring.buffer, index, metric, clock.ticks(), value));
        }
    }

    void metricFloat(final int metric, final double value) {
        final Ring ring = metricsRing();
        final int index = ring.claim(METRIC_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.metricFloat(ring.buffer, index, metric, clock.ticks(), value));
        }
    }

    void metricInt(final int metric, final int properties, final long value) {
        final Ring ring = metricsRing();
        final int index = ring.claim(METRIC_PROPS_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.metricIntWithProperties(ring.buffer, index, metric, properties, clock.ticks(), value));
        }
    }

    void metricFloat(final int metric, final int properties, final double value) {
        final Ring ring = metricsRing();
        final int index = ring.claim(METRIC_PROPS_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.metricFloatWithProperties(ring.buffer, index, metric, properties, clock.ticks(), value));
        }
    }

    // ---- spans ----

    void spanBegin(final int span) {
        final Ring ring = spansRing();
        final int index = ring.claim(SPAN_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.spanBegin(ring.buffer, index, span, clock.ticks()));
        }
    }

    void spanEnd(final int span) {
        final Ring ring = spansRing();
        final int index = ring.claim(SPAN_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.spanEnd(ring.buffer, index, span, clock.ticks()));
        }
    }

    void namedSpanBegin(final int span, final CharSequence name) {
        final Ring ring = spansRing();
        final CharSequence text = limit(name);
        final int index = ring.claim(EventEncoder.namedSpanBound(text));
        if (index >= 0) {
            ring.commit(EventEncoder.namedSpanBegin(ring.buffer, index, span, clock.ticks(), text));
        }
    }

    void asyncBegin(final int span, final long spanId, final long parentId, final int depth) {
        final Ring ring = spansRing();
        final int index = ring.claim(ASYNC_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.asyncBegin(ring.buffer, index, span, spanId, parentId, depth, clock.ticks()));
        }
    }

    void asyncEnd(final int span, final long spanId, final long parentId, final int depth) {
        final Ring ring = spansRing();
        final int index = ring.claim(ASYNC_LENGTH);
        if (index >= 0) {
            ring.commit(EventEncoder.asyncEnd(ring.buffer, index, span, spanId, parentId, depth, clock.ticks()));
        }
    }

    /** A new async span id, unique in the process; ids come in blocks so threads do not contend. */
    long newSpanId() {
        if (nextSpanId == spanIdLimit) {
            nextSpanId = Tracing.SPAN_IDS.getAndAdd(SPAN_IDS_PER_BLOCK);
            spanIdLimit = nextSpanId + SPAN_IDS_PER_BLOCK;
        }
        return nextSpanId++;
    }

    // ---- rings ----

    private Ring logRing() {
        final Ring ring = log;
        return ring != null ? ring : (log = createRing(StreamKind.LOG));
    }

    private Ring metricsRing() {
        final Ring ring = metrics;
        return ring != null ? ring : (metrics = createRing(StreamKind.METRICS));
    }

    private Ring spansRing() {
        final Ring ring = spans;
        return ring != null ? ring : (spans = createRing(StreamKind.SPANS));
    }

    private Ring createRing(final StreamKind kind) {
        final Ring ring = new Ring(runtime.config.ringCapacity(kind), clock.ticks());
        published.set(kind.ordinal(), ring);
        return ring;
    }

    private CharSequence limit(final CharSequence value) {
        return value == null || value.length() <= maxStringChars ? value : truncated.wrap(value, maxStringChars);
    }


    /** A reusable prefix view of a too-long string, so truncation allocates nothing. */
    private static final class Truncated implements CharSequence {
        private CharSequence value;
        private int length;

        Truncated wrap(final CharSequence value, final int length) {
            this.value = value;
            this.length = length;
            return this;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(final int index) {
            return value.charAt(index);
        }

        @Override
        public CharSequence subSequence(final int start, final int end) {
            return value.subSequence(start, end);
        }

        @Override
        public String toString() {
            return value.subSequence(0, length).toString();
        }
    }
}
