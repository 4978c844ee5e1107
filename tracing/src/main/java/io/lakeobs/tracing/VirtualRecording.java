package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;

/**
 * The virtual-thread side of every call site: where a platform thread's lookup found its own
 * ring or recorder, a virtual thread (whose lookup never hits, see
 * {@link Installation#stripeRing}) takes its stripe ({@link VirtualStripes}), records the one event
 * with the same code as a platform thread, and gives the stripe back. Each method is a no-op
 * when tracing is off, the kind is not recorded, or the caller is not a virtual thread.
 *
 * <p>A virtual thread's thread-span stack ({@link SpanScope}) and current async span
 * ({@link AsyncContext}) are its own, in thread-locals (a few dozen bytes per virtual thread that
 * uses them), since its stripe is shared.
 */
final class VirtualRecording {
    private static final ThreadLocal<SpanScope> SCOPES = ThreadLocal.withInitial(() -> new SpanScope(null, 4));
    private static final ThreadLocal<AsyncContext> ASYNC_CONTEXTS = ThreadLocal.withInitial(AsyncContext::new);

    private VirtualRecording() {
    }

    /** The calling virtual thread's current async span, or null when it is not one, or tracing or its spans are off. */
    static AsyncContext asyncContext() {
        final TracingRuntime installed = Installation.runtime;
        return installed != null && installed.stripes != null && installed.enabled(StreamKind.SPANS)
            && VirtualThreads.isVirtual(Thread.currentThread()) ? ASYNC_CONTEXTS.get() : null;
    }

    static void logStatic(final int site) {
        final Ring ring = Installation.stripeRing(StreamKind.LOG);
        if (ring != null) {
            try {
                RingEvents.logStatic(ring, site);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void log(final int site, final CharSequence a) {
        final Ring ring = Installation.stripeRing(StreamKind.LOG);
        if (ring != null) {
            try {
                ring.recorder.log(site, a);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void logArguments(final int site, final Object[] arguments, final int count) {
        final Ring ring = Installation.stripeRing(StreamKind.LOG);
        if (ring != null) {
            try {
                ring.recorder.log(site, arguments, count);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void logRecord(final int site, final Object[] arguments, final int count, final LogProperties properties,
                          final Throwable thrown) {
        final Ring ring = Installation.stripeRing(StreamKind.LOG);
        if (ring != null) {
            try {
                ring.recorder.logRecord(site, arguments, count, properties, thrown);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void logDynamic(final int level, final int target, final CharSequence message) {
        final Ring ring = Installation.stripeRing(StreamKind.LOG);
        if (ring != null) {
            try {
                ring.recorder.logDynamic(level, target, message);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void metricInt(final int metric, final long value) {
        final Ring ring = Installation.stripeRing(StreamKind.METRICS);
        if (ring != null) {
            try {
                RingEvents.metricInt(ring, metric, value);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void metricInt(final int metric, final int properties, final long value) {
        final Ring ring = Installation.stripeRing(StreamKind.METRICS);
        if (ring != null) {
            try {
                RingEvents.metricInt(ring, metric, properties, value);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void metricFloat(final int metric, final double value) {
        final Ring ring = Installation.stripeRing(StreamKind.METRICS);
        if (ring != null) {
            try {
                RingEvents.metricFloat(ring, metric, value);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    static void metricFloat(final int metric, final int properties, final double value) {
        final Ring ring = Installation.stripeRing(StreamKind.METRICS);
        if (ring != null) {
            try {
                RingEvents.metricFloat(ring, metric, properties, value);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    /** Begins a thread span; {@code name} null for the site's own name. */
    static boolean spanBegin(final int span, final CharSequence name) {
        final Ring ring = Installation.stripeRing(StreamKind.SPANS);
        if (ring == null) {
            return false;
        }
        try {
            if (name == null) {
                RingEvents.spanBegin(ring, span);
            } else {
                ring.recorder.namedSpanBegin(span, name);
            }
        } finally {
            VirtualStripes.release(ring);
        }
        return true;
    }

    /** {@link #spanBegin} and the calling virtual thread's scope, or the no-op scope when nothing was recorded. */
    static SpanScope enter(final int span, final CharSequence name) {
        return spanBegin(span, name) ? SCOPES.get().push(span) : SpanScope.NOOP;
    }

    static void spanEnd(final int span) {
        final Ring ring = Installation.stripeRing(StreamKind.SPANS);
        if (ring != null) {
            try {
                RingEvents.spanEnd(ring, span);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }

    /** @return the new async span's id, 0 when nothing was recorded */
    static long beginAsync(final int span, final long parentId, final int depth) {
        final Ring ring = Installation.stripeRing(StreamKind.SPANS);
        if (ring == null) {
            return 0;
        }
        try {
            final long spanId = ring.recorder.newSpanId();
            RingEvents.asyncBegin(ring, span, spanId, parentId, depth);
            return spanId;
        } finally {
            VirtualStripes.release(ring);
        }
    }

    static void endAsync(final int span, final long spanId, final long parentId, final int depth) {
        final Ring ring = Installation.stripeRing(StreamKind.SPANS);
        if (ring != null) {
            try {
                RingEvents.asyncEnd(ring, span, spanId, parentId, depth);
            } finally {
                VirtualStripes.release(ring);
            }
        }
    }
}
