package io.lakeobs.tracing.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import io.lakeobs.tracing.BridgeSites;
import io.lakeobs.tracing.Log;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.LogProperties;
import io.lakeobs.transit.telemetry.Level;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Lets an application that logs through Logback keep its configuration (console, files, its
 * encoders) and also find every log in lakeobs' views, by adding this appender beside the
 * others. What lakeobs stores is what the caller wrote rather than the line Logback printed: the
 * message template and its arguments raw ({@code getMessage()}, {@code getArgumentArray()}),
 * through one interned call site per (logger, level, template), see {@link BridgeSites}. The MDC,
 * the SLF4J 2 key/value pairs and the markers (under {@value #MARKER}, names joined by a comma
 * when there are several) become the log's properties, the throwable (class, message, frames and
 * causes) structured data. The appender takes no lock and is written to allocate nothing beyond
 * Logback's own event but for a log with a throwable (its stack trace) or several markers.
 *
 * <p>lakeobs records on the calling thread, which identifies the log's thread in the views: put
 * this appender on a logger directly, not behind an {@code AsyncAppender}. There it would record
 * on Logback's worker thread, so it adds the caller's thread name under {@value #THREAD}.
 * Nothing is recorded until the application installs tracing, and below its minimum level.
 */
public final class LakeobsAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** The property a log's markers are recorded under. */
    public static final String MARKER = "marker";
    /** The property the logging thread's name is recorded under when it is not the recording thread. */
    public static final String THREAD = "thread";

    private static final ThreadLocal<Properties> PROPERTIES = ThreadLocal.withInitial(Properties::new);

    private int maxSites = BridgeSites.DEFAULT_MAX_SITES;
    private BridgeSites sites;

    /** The budget of call sites (logger, level, template), {@code <maxSites>} in logback.xml. */
    public void setMaxSites(final int maxSites) {
        this.maxSites = maxSites;
    }

    @Override
    public void start() {
        if (maxSites < 0) {
            addError("maxSites must be 0 or more, not " + maxSites);
            return;
        }
        sites = new BridgeSites(maxSites);
        super.start();
    }

    /** Call sites this appender has registered. */
    public int registeredSites() {
        return sites == null ? 0 : sites.registered();
    }

    @Override
    protected void append(final ILoggingEvent event) {
        final Level level = level(event.getLevel().toInt());
        if (!Log.isEnabled(level)) {
            return;
        }
        final BridgeSites.Target target = sites.target(event.getLoggerName());
        final LogCallSite site = target.site(level, event.getMessage());
        final IThrowableProxy proxy = event.getThrowableProxy();
        final Throwable thrown = proxy instanceof ThrowableProxy ? ((ThrowableProxy) proxy).getThrowable() : null;
        final Properties properties = PROPERTIES.get();
        final LogProperties values = properties.of(event);
        try {
            if (site != null) {
                site.logRecord(event.getArgumentArray(), values, thrown);
            } else {
                target.formatted(level).logRecord(new Object[] {event.getFormattedMessage()}, values, thrown);
            }
        } finally {
            values.clear();
        }
    }

    static Level level(final int logbackLevel) {
        if (logbackLevel >= ch.qos.logback.classic.Level.ERROR_INT) {
            return Level.ERROR;
        } else if (logbackLevel >= ch.qos.logback.classic.Level.WARN_INT) {
            return Level.WARN;
        } else if (logbackLevel >= ch.qos.logback.classic.Level.INFO_INT) {
            return Level.INFO;
        } else if (logbackLevel >= ch.qos.logback.classic.Level.DEBUG_INT) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    /** A thread's properties list, refilled for each log, and the MDC visitor that fills it. */
    private static final class Properties implements BiConsumer<String, String> {
        final LogProperties values = new LogProperties();

        LogProperties of(final ILoggingEvent event) {
            final Map<String, String> mdc = event.getMDCPropertyMap();
            if (mdc != null && !mdc.isEmpty()) {
                mdc.forEach(this);
            }
            final List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (int i = 0; i < pairs.size(); i++) {
                    final KeyValuePair pair = pairs.get(i);
                    values.put(pair.key, String.valueOf(pair.value));
                }
            }
            final List<Marker> markers = event.getMarkerList();
            if (markers != null && !markers.isEmpty()) {
                values.put(MARKER, markers.size() == 1 ? markers.get(0).getName() : names(markers));
            }
            final String thread = event.getThreadName();
            final String current = Thread.currentThread().getName();
            if (thread != null && thread != current && !thread.equals(current)) {
                values.put(THREAD, thread);
            }
            return values;
        }

        @Override
        public void accept(final String key, final String value) {
            values.put(key, value);
        }

        private static String names(final List<Marker> markers) {
            final StringBuilder names = new StringBuilder();
            for (int i = 0; i < markers.size(); i++) {
                names.append(i == 0 ? "" : ",").append(markers.get(i).getName());
            }
            return names.toString();
        }
    }
}
