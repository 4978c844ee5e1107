package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.telemetry.Arguments;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.List;

/** A visitor that renders every decoded event as its {@link Lines} line, independently of the model. */
public final class DecodedLines implements TelemetryVisitor {
    private final List<String> lines = new ArrayList<>();

    public List<String> lines() {
        return lines;
    }

    @Override
    public void onLog(final LogEvent log) {
        final StringBuilder args = new StringBuilder("[");
        final Arguments arguments = log.arguments();
        for (int i = 0; i < arguments.count(); i++) {
            args.append(i > 0 ? ", " : "").append(switch (arguments.tag(i)) {
                case ObjectDescriptor.ARG_I64 -> "i64:" + arguments.longValue(i);
                case ObjectDescriptor.ARG_F64 -> "f64:" + Lines.number(arguments.doubleValue(i));
                case ObjectDescriptor.ARG_BOOL -> "bool:" + arguments.booleanValue(i);
                case ObjectDescriptor.ARG_UTF8 -> "utf8:" + Lines.quote(arguments.stringValue(i));
                default -> "null";
            });
        }
        lines.add("log t=" + log.ticks() + " level=" + log.level() + " target=" + Lines.quote(log.target())
            + " template=" + Lines.quote(log.template()) + " file=" + Lines.quote(log.file()) + " line=" + log.line()
            + " args=" + args.append(']'));
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
