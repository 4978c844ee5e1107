package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.telemetry.Arguments;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A visitor that renders every decoded event as its {@link Lines} line, independently of the model. */
public final class DecodedLines implements TelemetryVisitor {
    private final List<String> lines = new ArrayList<>();

    public List<String> lines() {
        return lines;
    }

    @Override
    public void onLog(final LogEvent log) {
        final Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < log.properties().count(); i++) {
            properties.put(log.properties().key(i), log.properties().value(i));
        }
        lines.add("log t=" + log.ticks() + " level=" + log.level() + " target=" + Lines.quote(log.target())
            + " template=" + Lines.quote(log.template()) + " file=" + Lines.quote(log.file()) + " line=" + log.line()
            + " args=" + arguments(log.arguments())
            + ModelEvent.recordSuffix(properties, log.exception().count() == 0 ? "" : arguments(log.exception())));
    }

    private static String arguments(final Arguments arguments) {
        final StringBuilder args = new StringBuilder("[");
        for (int i = 0; i < arguments.count(); i++) {
            args.append(i > 0 ? ", " : "").append(switch (arguments.tag(i)) {
                case ObjectDescriptor.ARG_I64 -> "i64:" + arguments.longValue(i);
                case ObjectDescriptor.ARG_F64 -> "f64:" + Lines.number(arguments.doubleValue(i));
                case ObjectDescriptor.ARG_F32 -> new Argument.F32(arguments.floatValue(i)).expected();
                case ObjectDescriptor.ARG_CHAR -> "char:" + (int) arguments.charValue(i);
                case ObjectDescriptor.ARG_BOOL -> "bool:" + arguments.booleanValue(i);
                case ObjectDescriptor.ARG_UTF8 -> "utf8:" + Lines.quote(arguments.stringValue(i));
                case ObjectDescriptor.ARG_UTF8_CUT -> "cut:" + Lines.quote(arguments.stringValue(i));
                default -> "null";
            });
        }
        return args.append(']').toString();
    }

    @Override
    public void onMeasure(final MeasureEvent measure) {
        final String value = measure.floating() ? "f64:" + Lines.number(measure.doubleValue()) : "i64:" + measure.longValue();
        lines.add("metric t=" + measure.ticks() + " name=" + Lines.quote(measure.name()) + " unit=" + Lines.quote(measure.unit())
            + " target=" + Lines.quote(measure.target()) + " value=" + value + " props=" + Lines.properties(measure.properties()));
    }

    @Override
    public void onSpan(final SpanEvent span) {
        lines.add("span t=" + span.ticks() + (span.begin() ? " begin" : " end") + (span.async() ? " async" : " thread")
            + " name=" + Lines.quote(span.name()) + " target=" + Lines.quote(span.target()) + " file=" + Lines.quote(span.file())
            + " line=" + span.line() + " id=" + span.spanId() + " parent=" + span.parentId() + " depth=" + span.depth());
    }

    @Override
    public void onOther(final ObjectView object) {
        lines.add("other type=" + object.type().name() + " bytes=" + object.bodyLength());
    }
}
