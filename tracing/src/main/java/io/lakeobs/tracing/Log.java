package io.lakeobs.tracing;

import io.lakeobs.transit.telemetry.Level;

/**
 * Logging without a declared call site, for messages known only at run time (logging bridges,
 * rare diagnostics): the target is interned on first use, the message is stored as is. Prefer a
 * {@link LogCallSite} on hot paths: it stores 4 bytes instead of the message. Also offers the
 * call-site style {@code Log.info(SITE, a, b)} for readers who like the level at the call.
 */
public final class Log {
    private Log() {
    }

    public static boolean isEnabled(final Level level) {
        return level.code() >= Installation.logThreshold && Installation.runtime != null;
    }

    /** Records a message of that level for that target (logger name). */
    public static void log(final Level level, final String target, final CharSequence message) {
        if (level == null || level.code() < Installation.logThreshold) {
            return;
        }
        final Recorder recorder = Installation.recorder();
        if (recorder != null) {
            recorder.logDynamic(level.code(), Registry.INSTANCE.staticString(target), message == null ? "null" : message);
        } else if (Installation.runtime != null) {
            VirtualRecording.logDynamic(level.code(), Registry.INSTANCE.staticString(target), message == null ? "null" : message);
        }
    }

    public static void fatal(final String target, final CharSequence message) {
        log(Level.FATAL, target, message);
    }

    public static void error(final String target, final CharSequence message) {
        log(Level.ERROR, target, message);
    }

    public static void warn(final String target, final CharSequence message) {
        log(Level.WARN, target, message);
    }

    public static void info(final String target, final CharSequence message) {
        log(Level.INFO, target, message);
    }

    public static void debug(final String target, final CharSequence message) {
        log(Level.DEBUG, target, message);
    }

    public static void trace(final String target, final CharSequence message) {
        log(Level.TRACE, target, message);
    }

    public static void info(final LogCallSite site) {
        site.log();
    }

    public static void info(final LogCallSite site, final long a) {
        site.log(a);
    }

    public static void info(final LogCallSite site, final long a, final long b) {
        site.log(a, b);
    }

    public static void info(final LogCallSite site, final CharSequence a) {
        site.log(a);
    }
}
