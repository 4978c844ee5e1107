package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.StreamKind;

/**
 * The virtual-thread side of every call site: where a platform thread's lookup found its own
 * ring or recorder, a virtual thread (whose lookup never hits, see
 * {@link Installation#stripe}) takes its stripe ({@link VirtualStripes}), records the one event
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
        final Recorder stripe = Installation.stripe(StreamKind.LOG);
        if (stripe != null) {
            try {
                RingEvents.logStatic(stripe.ringToRecord(StreamKind.LOG), site);
            } finally {
                stripe.release();
            }
        }
    }

    static void log(final int site, final CharSequence a) {
        final Recorder stripe = Installation.stripe(StreamKind.LOG);
        if (stripe != null) {
            try {
                stripe.log(site, a);
            } finally {
                stripe.release();
            }
        }
    }

    static void logArguments(final int site, final Object[] arguments, final int count) {
        final Recorder stripe = Installation.stripe(StreamKind.LOG);
        if (stripe != null) {
            try {
                stripe.log(site, arguments, count);
            } finally {
                stripe.release();
            }
        }
    }

    static void logRecord(final int site, final Object[] arguments, final int count, final LogProperties properties,
                          final Throwable thrown) {
        final Recorder stripe = Installation.stripe(StreamKind.LOG);
        if (stripe != null) {
            try {
                stripe.logRecord(site, arguments, count, properties, thrown);
            } finally {
                stripe.release();
            }
        }
    }

    static void logDynamic(final int level, final int target, final CharSequence message) {
        final Recorder stripe = Installation.stripe(StreamKind.LOG);
        if (stripe != null) {
            try {
                stripe.logDynamic(level, target, message);
            } finally {
                stripe.release();
            }
        }
    }

    static void metricInt(final int metric, final long value) {
        final Recorder stripe = Installation.stripe(StreamKind.METRICS);
        if (stripe != null) {
            try {
                RingEvents.metricInt(stripe.ringToRecord(StreamKind.METRICS), metric, value);
            } finally {
                stripe.release();
            }
        }
    }

    static void metricInt(final int metric, final int properties, final long value) {
        final Recorder stripe = Installation.stripe(StreamKind.METRICS);
        if (stripe != null) {
            try {
                RingEvents.metricInt(stripe.ringToRecord(StreamKind.METRICS), metric, properties, value);
            } finally {
                stripe.release();
            }
        }
    }

    static void metricFloat(final int metric, final double value) {
        final Recorder stripe = Installation.stripe(StreamKind.METRICS);
        if (stripe != null) {
            try {
                RingEvents.metricFloat(stripe.ringToRecord(StreamKind.METRICS), metric, value);
            } finally {
                stripe.release();
            }
        }
    }

    static void metricFloat(final int metric, final int properties, final double value) {
        final Recorder stripe = Installation.stripe(StreamKind.METRICS);
        if (stripe != null) {
            try {
                RingEvents.metricFloat(stripe.ringToRecord(StreamKind.METRICS), metric, properties, value);
            } finally {
                stripe.release();
            }
        }
    }

    /** Begins a thread span; {@code name} null for the site's own name. */
    static boolean spanBegin(final int span, final CharSequence name) {
        final Recorder stripe = Installation.stripe(StreamKind.SPANS);
        if (stripe == null) {
            return false;
        }
        try {
            if (name == null) {
                stripe.spanBegin(span);
            } else {
                stripe.namedSpanBegin(span, name);
            }
        } finally {
            stripe.release();
        }
        return true;
    }

    /** {@link #spanBegin} and the calling virtual thread's scope, or the no-op scope when nothing was recorded. */
    static SpanScope enter(final int span, final CharSequence name) {
        return spanBegin(span, name) ? SCOPES.get().push(span) : SpanScope.NOOP;
    }

    static void spanEnd(final int span) {
        final Recorder stripe = Installation.stripe(StreamKind.SPANS);
        if (stripe != null) {
            try {
                stripe.spanEnd(span);
            } finally {
                stripe.release();
            }
        }
    }

    /** @return the new async span's id, 0 when nothing was recorded */
    static long beginAsync(final int span, final long parentId, final int depth) {
        final Recorder stripe = Installation.stripe(StreamKind.SPANS);
        if (stripe == null) {
            return 0;
        }
        try {
            final long spanId = stripe.newSpanId();
            stripe.asyncBegin(span, spanId, parentId, depth);
            return spanId;
        } finally {
            stripe.release();
        }
    }

    static void endAsync(final int span, final long spanId, final long parentId, final int depth) {
        final Recorder stripe = Installation.stripe(StreamKind.SPANS);
        if (stripe != null) {
            try {
                stripe.asyncEnd(span, spanId, parentId, depth);
            } finally {
                stripe.release();
            }
        }
    }
}
