package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.Level;

import static io.lakeobs.transit.telemetry.EventEncoder.PRIMITIVE_ARGUMENT_LENGTH;

/**
 * A static log call site: level, target (logger name), message template, file and line,
 * registered once (typically in a {@code static final} field) and referred to by id in every
 * event. Logging through it costs a level check, a clock read and a few stores; arguments are
 * stored raw and the template is rendered later, by the reader, never on the calling thread.
 * Every method is a no-op until tracing is installed and never throws.
 *
 * <pre>{@code
 * static final LogCallSite TOOK = Tracing.logSite(Level.INFO, "app.Orders", "took {} ms for {}", "Orders.java", 42);
 * TOOK.log(elapsed, orderId);
 * }</pre>
 */
public final class LogCallSite implements Registry.Registered {
    private final int id;
    private final int level;
    private final Level levelEnum;
    private final byte[] encoded;

    LogCallSite(final int id, final Level level, final byte[] encoded) {
        this.id = id;
        this.level = level.code();
        this.levelEnum = level;
        this.encoded = encoded;
    }

    public int id() {
        return id;
    }

    public Level level() {
        return levelEnum;
    }

    /** Whether a log at this site would be recorded now; for guarding expensive argument computation. */
    public boolean isEnabled() {
        return level >= Tracing.logThreshold && Tracing.runtime != null;
    }

    public void log() {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.logStatic(ring, id);
        }
    }

    public void log(final long a) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a);
        }
    }

    public void log(final long a, final long b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a, b);
        }
    }

    public void log(final long a, final long b, final long c) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a, b, c);
        }
    }

    public void log(final double a) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a);
        }
    }

    public void log(final double a, final double b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a, b);
        }
    }

    public void log(final long a, final double b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a, b);
        }
    }

    public void log(final boolean a) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Ring ring = TracingRuntime.logRing();
        if (ring != null) {
            RingEvents.log(ring, id, a);
        }
    }

    /** A string argument longer than the configured maximum is truncated; null is stored as null. */
    public void log(final CharSequence a) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Recorder recorder = Tracing.recorder();
        if (recorder != null) {
            recorder.log(id, a);
        }
    }

    public void log(final CharSequence a, final CharSequence b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Recorder recorder = Tracing.recorder();
        if (recorder != null && recorder.beginArguments(id, 2, recorder.stringBound(a) + recorder.stringBound(b))) {
            recorder.argument(a);
            recorder.argument(b);
            recorder.endArguments();
        }
    }

    public void log(final CharSequence a, final long b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Recorder recorder = Tracing.recorder();
        if (recorder != null && recorder.beginArguments(id, 2, recorder.stringBound(a) + PRIMITIVE_ARGUMENT_LENGTH)) {
            recorder.argument(a);
            recorder.argument(b);
            recorder.endArguments();
        }
    }

    public void log(final long a, final CharSequence b) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Recorder recorder = Tracing.recorder();
        if (recorder != null && recorder.beginArguments(id, 2, PRIMITIVE_ARGUMENT_LENGTH + recorder.stringBound(b))) {
            recorder.argument(a);
            recorder.argument(b);
            recorder.endArguments();
        }
    }

    /**
     * A log whose arguments arrive boxed, for logging bridges (SLF4J's API boxes them): whole
     * numbers ({@code Long}, {@code Integer}, {@code Short}, {@code Byte}) are stored as longs,
     * a {@code Double} as a double, a {@code Boolean} as a boolean, CharSequences and null as
     * strings, anything else as a string of its text: a {@code Float} as it reads ("0.1"), an
     * array by its elements ("[1, 2]"), other objects by their {@code toString()}. Stored raw and
     * rendered later like every other argument; past {@value Recorder#MAX_ARGUMENTS} arguments
     * the rest are left out.
     */
    public void logArguments(final Object... arguments) {
        if (level < Tracing.logThreshold) {
            return;
        }
        final Recorder recorder = Tracing.recorder();
        if (recorder != null) {
            if (arguments == null || arguments.length == 0) {
                log();
            } else {
                recorder.log(id, arguments, Math.min(arguments.length, Recorder.MAX_ARGUMENTS));
            }
        }
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
