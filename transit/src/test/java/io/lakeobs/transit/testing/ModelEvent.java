package io.lakeobs.transit.testing;

import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.Map;

/**
 * One telemetry event as a test writes it, covering every standard type of
 * {@code TelemetryTypes}. It writes itself with {@link EventEncoder} and says, as a
 * {@link Lines} line, what a reader must decode from it.
 */
public sealed interface ModelEvent {
    /** Writes at {@code index}; returns the index after the event. */
    int write(MutableDirectBuffer buffer, int index);

    /** Upper bound of the written length. */
    int bound();

    String expected(Catalog catalog);

    /** The log level for the block summary, 0 when not a log. */
    default int level(final Catalog catalog) {
        return 0;
    }

    static String logLine(final long ticks, final int level, final String target, final String template, final String file,
                      final int line, final List<Argument> arguments) {
        return "log t=" + ticks + " level=" + level + " target=" + Lines.quote(target) + " template=" + Lines.quote(template)
            + " file=" + Lines.quote(file) + " line=" + line + " args=" + argumentsText(arguments);
    }

    static String argumentsText(final List<Argument> arguments) {
        final StringBuilder args = new StringBuilder("[");
        for (final Argument argument : arguments) {
            args.append(args.length() > 1 ? ", " : "").append(argument.expected());
        }
        return args.append(']').toString();
    }

    /** What a log_record adds to a log line: its properties and exception, when it has any. */
    static String recordSuffix(final Map<String, String> properties, final String exception) {
        return (properties.isEmpty() ? "" : " props=" + Lines.properties(properties))
            + (exception.isEmpty() ? "" : " exception=" + exception);
    }

    static String metricLine(final long ticks, final Catalog.Metric metric, final String value, final Map<String, String> properties) {
        return "metric t=" + ticks + " name=" + Lines.quote(metric.name()) + " unit=" + Lines.quote(metric.unit())
            + " target=" + Lines.quote(metric.target()) + " value=" + value + " props=" + Lines.properties(properties);
    }

    static String spanLine(final long ticks, final boolean begin, final boolean async, final String name, final Catalog.Span span,
                       final long spanId, final long parentId, final int depth) {
        return "span t=" + ticks + (begin ? " begin" : " end") + (async ? " async" : " thread") + " name=" + Lines.quote(name)
            + " target=" + Lines.quote(span.target()) + " file=" + Lines.quote(span.file()) + " line=" + span.line()
            + " id=" + spanId + " parent=" + parentId + " depth=" + depth;
    }

    record LogStatic(int callSite, long ticks) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.logStatic(buffer, index, callSite, ticks);
        }

        public int bound() {
            return EventDescriptor.LOG_STATIC_LENGTH;
        }

        public String expected(final Catalog catalog) {
            final Catalog.CallSite site = catalog.callSiteById(callSite);
            return logLine(ticks, site.level().code(), site.target(), site.template(), site.file(), site.line(), List.of());
        }

        public int level(final Catalog catalog) {
            return catalog.callSiteById(callSite).level().code();
        }
    }

    record LogArgs(int callSite, long ticks, List<Argument> arguments) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            int at = EventEncoder.beginLogArgs(buffer, index, callSite, ticks, arguments.size());
            for (final Argument argument : arguments) {
                at = argument.write(buffer, at);
            }
            return EventEncoder.endLogArgs(buffer, index, at);
        }

        public int bound() {
            return EventDescriptor.LOG_ARGS_PREFIX + arguments.stream().mapToInt(Argument::bound).sum();
        }

        public String expected(final Catalog catalog) {
            final Catalog.CallSite site = catalog.callSiteById(callSite);
            return logLine(ticks, site.level().code(), site.target(), site.template(), site.file(), site.line(), arguments);
        }

        public int level(final Catalog catalog) {
            return catalog.callSiteById(callSite).level().code();
        }
    }

    /** A log with properties and a throwable (three arguments per throwable: class, message, stack). */
    record LogRecord(int callSite, long ticks, List<Argument> arguments, Map<String, String> properties,
                     List<Argument> exception) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            int at = EventEncoder.beginLogRecord(buffer, index, callSite, ticks, arguments.size());
            for (final Argument argument : arguments) {
                at = argument.write(buffer, at);
            }
            final int propertiesMember = at;
            at = EventEncoder.nextRecordMember(buffer, index + EventDescriptor.LOG_ARGS_MEMBER, at, properties.size());
            for (final Map.Entry<String, String> entry : properties.entrySet()) {
                at = EventEncoder.putProperty(buffer, at, entry.getKey(), entry.getValue());
            }
            final int exceptionMember = at;
            at = EventEncoder.nextRecordMember(buffer, propertiesMember, at, exception.size());
            for (final Argument argument : exception) {
                at = argument.write(buffer, at);
            }
            return EventEncoder.endLogRecord(buffer, index, exceptionMember, at);
        }

        public int bound() {
            return EventDescriptor.LOG_RECORD_PREFIX + EventDescriptor.LOG_RECORD_MEMBERS
                + arguments.stream().mapToInt(Argument::bound).sum()
                + properties.entrySet().stream().mapToInt(e -> EventEncoder.propertyBound(e.getKey(), e.getValue())).sum()
                + exception.stream().mapToInt(Argument::bound).sum();
        }

        public String expected(final Catalog catalog) {
            final Catalog.CallSite site = catalog.callSiteById(callSite);
            return logLine(ticks, site.level().code(), site.target(), site.template(), site.file(), site.line(), arguments)
                + recordSuffix(properties, exception.isEmpty() ? "" : argumentsText(exception));
        }

        public int level(final Catalog catalog) {
            return catalog.callSiteById(callSite).level().code();
        }
    }

    /** A log whose level and message are known only at run time; its target is a static string. */
    record LogDynamic(Level level, int target, long ticks, String message, List<Argument> arguments) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            int at = EventEncoder.beginLogDynamic(buffer, index, level.code(), target, ticks, message, arguments.size());
            for (final Argument argument : arguments) {
                at = argument.write(buffer, at);
            }
            return EventEncoder.endLogDynamic(buffer, index, at);
        }

        public int bound() {
            return EventEncoder.logDynamicBound(message) + arguments.stream().mapToInt(Argument::bound).sum();
        }

        public String expected(final Catalog catalog) {
            return logLine(ticks, level.code(), catalog.stringById(target), message, "", 0, arguments);
        }

        public int level(final Catalog catalog) {
            return level.code();
        }
    }

    record MetricInt(int metric, long ticks, long value) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.metricInt(buffer, index, metric, ticks, value);
        }

        public int bound() {
            return EventDescriptor.METRIC_LENGTH;
        }

        public String expected(final Catalog catalog) {
            return metricLine(ticks, catalog.metricById(metric), "i64:" + value, Map.of());
        }
    }

    record MetricFloat(int metric, long ticks, double value) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.metricFloat(buffer, index, metric, ticks, value);
        }

        public int bound() {
            return EventDescriptor.METRIC_LENGTH;
        }

        public String expected(final Catalog catalog) {
            return metricLine(ticks, catalog.metricById(metric), "f64:" + Lines.number(value), Map.of());
        }
    }

    record MetricIntWithProperties(int metric, int properties, long ticks, long value) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.metricIntWithProperties(buffer, index, metric, properties, ticks, value);
        }

        public int bound() {
            return EventDescriptor.METRIC_PROPS_LENGTH;
        }

        public String expected(final Catalog catalog) {
            return metricLine(ticks, catalog.metricById(metric), "i64:" + value, catalog.propertiesById(properties));
        }
    }

    record MetricFloatWithProperties(int metric, int properties, long ticks, double value) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.metricFloatWithProperties(buffer, index, metric, properties, ticks, value);
        }

        public int bound() {
            return EventDescriptor.METRIC_PROPS_LENGTH;
        }

        public String expected(final Catalog catalog) {
            return metricLine(ticks, catalog.metricById(metric), "f64:" + Lines.number(value), catalog.propertiesById(properties));
        }
    }

    record SpanBegin(int span, long ticks) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.spanBegin(buffer, index, span, ticks);
        }

        public int bound() {
            return EventDescriptor.SPAN_LENGTH;
        }

        public String expected(final Catalog catalog) {
            final Catalog.Span descriptor = catalog.spanById(span);
            return spanLine(ticks, true, false, descriptor.name(), descriptor, 0, 0, 0);
        }
    }

    record SpanEnd(int span, long ticks) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.spanEnd(buffer, index, span, ticks);
        }

        public int bound() {
            return EventDescriptor.SPAN_LENGTH;
        }

        public String expected(final Catalog catalog) {
            final Catalog.Span descriptor = catalog.spanById(span);
            return spanLine(ticks, false, false, descriptor.name(), descriptor, 0, 0, 0);
        }
    }

    /** A thread span whose name is known only at run time. */
    record NamedSpanBegin(int span, long ticks, String name) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return EventEncoder.namedSpanBegin(buffer, index, span, ticks, name);
        }

        public int bound() {
            return EventEncoder.namedSpanBound(name);
        }

        public String expected(final Catalog catalog) {
            return spanLine(ticks, true, false, name, catalog.spanById(span), 0, 0, 0);
        }
    }

    record Async(boolean begin, int span, long spanId, long parentId, int depth, long ticks) implements ModelEvent {
        public int write(final MutableDirectBuffer buffer, final int index) {
            return begin ? EventEncoder.asyncBegin(buffer, index, span, spanId, parentId, depth, ticks)
                : EventEncoder.asyncEnd(buffer, index, span, spanId, parentId, depth, ticks);
        }

        public int bound() {
            return EventDescriptor.ASYNC_LENGTH;
        }

        public String expected(final Catalog catalog) {
            final Catalog.Span descriptor = catalog.spanById(span);
            return spanLine(ticks, begin, true, descriptor.name(), descriptor, spanId, parentId, depth);
        }
    }
}
