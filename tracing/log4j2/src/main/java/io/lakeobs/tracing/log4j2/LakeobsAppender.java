package io.lakeobs.tracing.log4j2;

import io.lakeobs.tracing.BridgeSites;
import io.lakeobs.tracing.Log;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.LogProperties;
import io.lakeobs.transit.telemetry.Level;
import org.apache.logging.log4j.Marker;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Core;
import org.apache.logging.log4j.core.Filter;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.config.plugins.PluginAttribute;
import org.apache.logging.log4j.core.config.plugins.PluginElement;
import org.apache.logging.log4j.core.config.plugins.PluginFactory;
import org.apache.logging.log4j.core.config.plugins.validation.constraints.Required;
import org.apache.logging.log4j.message.Message;
import org.apache.logging.log4j.message.ParameterConsumer;
import org.apache.logging.log4j.message.ParameterVisitable;
import org.apache.logging.log4j.message.ParameterizedMessage;
import org.apache.logging.log4j.message.ReusableMessage;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.util.ReadOnlyStringMap;
import org.apache.logging.log4j.util.TriConsumer;

import java.util.Arrays;

/**
 * Lets an application that logs through Log4j2 keep its configuration (console, files, async
 * loggers, garbage-free mode) and also find every log in lakeobs' views, by adding
 * {@code <Lakeobs name="..."/>} beside its other appenders. What lakeobs stores is what the
 * caller wrote rather than the line a layout printed: the message's template and parameters raw
 * ({@code Message.getFormat()} and its parameters, for the {@code {}} messages of Log4j2's
 * default factories; other messages, such as printf-style ones, as Log4j2 formats them), through
 * one interned call site per (logger, level, template), see {@link BridgeSites}. The context map
 * (ThreadContext) and the marker (under {@value #MARKER}) become the log's properties, the
 * throwable (class, message, frames and causes) structured data.
 *
 * <p>It allocates nothing that Log4j2's garbage-free mode does not: parameters are read through
 * {@link ParameterVisitable} into a per-thread array, the context map through its visitor. With
 * async loggers or an {@code AsyncAppender} the appender runs on Log4j2's background thread, so
 * the caller's thread name is added under {@value #THREAD}. Nothing is recorded until the
 * application installs tracing, and below its minimum level.
 */
@Plugin(name = "Lakeobs", category = Core.CATEGORY_NAME, elementType = Appender.ELEMENT_TYPE, printObject = true)
public final class LakeobsAppender extends AbstractAppender {
    /** The property a log's marker is recorded under. */
    public static final String MARKER = "marker";
    /** The property the logging thread's name is recorded under when it is not the recording thread. */
    public static final String THREAD = "thread";

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final TriConsumer<String, Object, LogProperties> PUT =
        (key, value, properties) -> properties.put(key, String.valueOf(value));
    private static final ParameterConsumer<Scratch> COPY = (parameter, index, scratch) -> scratch.add(index, parameter);

    private final BridgeSites sites;

    private LakeobsAppender(final String name, final Filter filter, final boolean ignoreExceptions, final int maxSites) {
        super(name, filter, null, ignoreExceptions, Property.EMPTY_ARRAY);
        this.sites = new BridgeSites(maxSites);
    }

    /**
     * The appender as log4j2.xml declares it: {@code <Lakeobs name="LAKEOBS" maxSites="10000"/>}.
     *
     * @param maxSites the budget of call sites (logger, level, template), see {@link BridgeSites}
     */
    @PluginFactory
    public static LakeobsAppender createAppender(
        @PluginAttribute("name") @Required(message = "a Lakeobs appender needs a name") final String name,
        @PluginAttribute(value = "maxSites", defaultInt = BridgeSites.DEFAULT_MAX_SITES) final int maxSites,
        @PluginAttribute(value = "ignoreExceptions", defaultBoolean = true) final boolean ignoreExceptions,
        @PluginElement("Filter") final Filter filter) {
        return new LakeobsAppender(name, filter, ignoreExceptions, maxSites);
    }

    /** Call sites this appender has registered. */
    public int registeredSites() {
        return sites.registered();
    }

    @Override
    @SuppressWarnings("deprecation") // Message.getFormat(): deprecated for lack of a spec, yet the only access to the template
    public void append(final LogEvent event) {
        final Level level = level(event.getLevel().intLevel());
        if (!Log.isEnabled(level)) {
            return;
        }
        final BridgeSites.Target target = sites.target(event.getLoggerName());
        final Message message = event.getMessage();
        final LogCallSite site = hasTemplate(message) ? target.site(level, message.getFormat()) : null;
        final Throwable thrown = event.getThrown();
        final Scratch scratch = SCRATCH.get();
        final LogProperties properties = scratch.properties(event);
        try {
            if (site == null) {
                target.formatted(level).logRecord(new Object[] {message.getFormattedMessage()}, properties, thrown);
                return;
            }
            final Object[] arguments;
            int count;
            if (message instanceof ParameterVisitable) {
                ((ParameterVisitable) message).forEachParameter(COPY, scratch);
                arguments = scratch.arguments;
                count = scratch.count;
            } else {
                arguments = message.getParameters();
                count = arguments == null ? 0 : arguments.length;
            }
            if (thrown != null && count > 0 && arguments[count - 1] == thrown && message.getThrowable() == thrown) {
                count--; // Log4j2 keeps a trailing throwable among the parameters; it is the log's throwable, not an argument
            }
            site.logRecord(arguments, count, properties, thrown);
        } finally {
            scratch.clear();
        }
    }

    /** Messages whose format is a {@code {}} template, or a plain text (no parameters). */
    private static boolean hasTemplate(final Message message) {
        return message instanceof ParameterizedMessage || message instanceof ReusableMessage || message instanceof SimpleMessage;
    }

    static Level level(final int intLevel) {
        if (intLevel <= org.apache.logging.log4j.Level.FATAL.intLevel()) {
            return Level.FATAL;
        } else if (intLevel <= org.apache.logging.log4j.Level.ERROR.intLevel()) {
            return Level.ERROR;
        } else if (intLevel <= org.apache.logging.log4j.Level.WARN.intLevel()) {
            return Level.WARN;
        } else if (intLevel <= org.apache.logging.log4j.Level.INFO.intLevel()) {
            return Level.INFO;
        } else if (intLevel <= org.apache.logging.log4j.Level.DEBUG.intLevel()) {
            return Level.DEBUG;
        }
        return Level.TRACE;
    }

    /** A thread's reusable properties list and parameter array, emptied after each log. */
    private static final class Scratch {
        final LogProperties values = new LogProperties();
        Object[] arguments = new Object[8];
        int count;

        LogProperties properties(final LogEvent event) {
            final ReadOnlyStringMap context = event.getContextData();
            if (context != null && !context.isEmpty()) {
                context.forEach(PUT, values);
            }
            final Marker marker = event.getMarker();
            if (marker != null) {
                values.put(MARKER, marker.getName());
            }
            if (event.getThreadId() != Thread.currentThread().getId()) {
                values.put(THREAD, event.getThreadName());
            }
            return values;
        }

        void add(final int index, final Object parameter) {
            if (index >= arguments.length) {
                arguments = Arrays.copyOf(arguments, Math.max(index + 1, arguments.length * 2));
            }
            arguments[index] = parameter;
            count = Math.max(count, index + 1);
        }

        void clear() {
            values.clear();
            Arrays.fill(arguments, 0, count, null);
            count = 0;
        }
    }
}
