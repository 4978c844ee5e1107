package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.Level;

/**
 * A static log call site: level, target (logger name), message template, file and line,
 * registered once (typically in a {@code static final} field) and referred to by id in every
 * event. Logging through it costs a level check, a clock read and a few stores; arguments are
 * stored raw, each as the type the caller wrote (a {@code log} overload exists for every mix of
 * long, double, float, char, boolean and CharSequence up to four arguments, see {@link LogCalls}),
 * and the template is rendered later, by the reader, never on the calling thread.
 * Every method is a no-op until tracing is installed and never throws.
 *
 * <pre>{@code
 * static final LogCallSite TOOK = Tracing.logSite(Level.INFO, "app.Orders", "took {} ms for {}", "Orders.java", 42);
 * TOOK.log(elapsed, orderId);
 * }</pre>
 */
public final class LogCallSite extends LogCalls implements Registry.Registered {
    private final Level levelEnum;
    private final byte[] encoded;

    LogCallSite(final int id, final Level level, final byte[] encoded) {
        super(id, level.code());
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
        return level >= Installation.logThreshold && Installation.runtime != null;
    }

    public void log() {
        if (level < Installation.logThreshold) {
            return;
        }
        final Ring ring = Installation.logRing();
        if (ring != null) {
            RingEvents.logStatic(ring, id);
        } else {
            VirtualRecording.logStatic(id);
        }
    }

    /**
     * A log whose arguments arrive boxed, for logging bridges (SLF4J's API boxes them): whole
     * numbers ({@code Long}, {@code Integer}, {@code Short}, {@code Byte}) are stored as longs,
     * a {@code Double} as a double, a {@code Float} as a float, a {@code Character} as a char,
     * a {@code Boolean} as a boolean, CharSequences and null as strings, anything else as a
     * string of its text: an array by its elements ("[1, 2]"), other objects by their {@code toString()}. Stored raw and
     * rendered later like every other argument; past {@value Recorder#MAX_ARGUMENTS} arguments
     * the rest are left out.
     */
    public void logArguments(final Object... arguments) {
        if (level < Installation.logThreshold) {
            return;
        }
        if (arguments == null || arguments.length == 0) {
            log();
            return;
        }
        final Recorder recorder = Installation.recorder();
        if (recorder != null) {
            recorder.log(id, arguments, Math.min(arguments.length, Recorder.MAX_ARGUMENTS));
        } else {
            VirtualRecording.logArguments(id, arguments, Math.min(arguments.length, Recorder.MAX_ARGUMENTS));
        }
    }

    /**
     * A log with properties (a bridge's MDC values and markers) and a throwable, as logging
     * bridges hand them over: arguments boxed as for {@link #logArguments}, properties by
     * reference, the throwable recorded as structured data (class, message, frames, and so for
     * each cause, up to {@value Recorder#MAX_THROWABLES} throwables of {@value Recorder#MAX_FRAMES}
     * frames each). Without properties nor throwable it is {@link #logArguments}. Stored as
     * one log_record event; allocates nothing but for a throwable (its stack trace) and for the
     * text of arguments other than numbers, chars, booleans and strings.
     *
     * @param arguments may be null; past {@value Recorder#MAX_ARGUMENTS} the rest are left out
     * @param properties may be null
     * @param thrown may be null
     */
    public void logRecord(final Object[] arguments, final LogProperties properties, final Throwable thrown) {
        logRecord(arguments, arguments == null ? 0 : arguments.length, properties, thrown);
    }

    /**
     * {@link #logRecord(Object[], LogProperties, Throwable)} with the first {@code count}
     * arguments of an array a bridge reuses (Log4j2 hands its parameters over one by one, so the
     * bridge copies them into a per-thread array rather than allocate one per log).
     */
    public void logRecord(final Object[] arguments, final int count, final LogProperties properties, final Throwable thrown) {
        if (level < Installation.logThreshold) {
            return;
        }
        final int recorded = arguments == null ? 0 : Math.min(Math.min(count, arguments.length), Recorder.MAX_ARGUMENTS);
        final boolean record = thrown != null || (properties != null && properties.size() > 0);
        final Recorder recorder = Installation.recorder();
        if (recorder == null) {
            if (record) {
                VirtualRecording.logRecord(id, arguments, recorded, properties, thrown);
            } else if (recorded == 0) {
                log();
            } else {
                VirtualRecording.logArguments(id, arguments, recorded);
            }
        } else if (record) {
            recorder.logRecord(id, arguments, recorded, properties, thrown);
        } else if (recorded == 0) {
            log();
        } else {
            recorder.log(id, arguments, recorded);
        }
    }

    @Override
    public byte[] encoded() {
        return encoded;
    }
}
