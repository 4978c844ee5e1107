package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.TransitFormatException;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.ObjectView;
import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;
import io.lakeobs.transit.layout.Utf8;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Decodes a block of telemetry into typed callbacks, with nothing but the stream's declarations:
 * types are recognised by name, members by name, references are resolved to decoded call sites
 * and descriptors (decoded once per block, not per event). A reference of the wrong kind makes
 * the whole block a {@link TransitFormatException} before the visitor sees any event.
 */
public final class TelemetryReader {
    private final BlockReader blockReader = new BlockReader();
    private final Int2ObjectHashMap<Object> resolved = new Int2ObjectHashMap<>();
    private final ObjectView dependency = new ObjectView();
    private final LogEvent log = new LogEvent();
    private final MeasureEvent measure = new MeasureEvent();
    private final SpanEvent span = new SpanEvent();
    private TelemetryLayout layout;
    private TelemetryVisitor visitor;

    /** Validates the block, then visits its events in order; returns its header. */
    public BlockHeader read(final byte[] block, final int offset, final int length, final StreamDeclarations declarations,
                            final TelemetryVisitor visitor) {
        if (layout == null || layout.declarations != declarations) {
            layout = new TelemetryLayout(declarations);
        }
        resolved.clear();
        this.visitor = visitor;
        try {
            return blockReader.read(block, offset, length, declarations, this::check, this::visit);
        } finally {
            this.visitor = null;
        }
    }

    private void check(final ObjectView object) {
        final int typeId = object.type().typeId();
        final TelemetryLayout.Kind kind = layout.kinds[typeId];
        switch (kind) {
            case LOG_STATIC, LOG_ARGS, LOG_RECORD -> resolve(object, layout.reference[typeId], LogCallSite.class);
            case LOG_DYNAMIC -> resolve(object, layout.reference[typeId], String.class);
            case METRIC_INT, METRIC_FLOAT -> resolve(object, layout.reference[typeId], MetricDescriptor.class);
            case METRIC_INT_PROPS, METRIC_FLOAT_PROPS -> {
                resolve(object, layout.reference[typeId], MetricDescriptor.class);
                resolve(object, layout.properties[typeId], PropertySet.class);
            }
            case SPAN_BEGIN, SPAN_END, SPAN_NAMED_BEGIN, ASYNC_BEGIN, ASYNC_END ->
                resolve(object, layout.reference[typeId], SpanDescriptor.class);
            default -> { }
        }
    }

    private void visit(final ObjectView object) {
        final int typeId = object.type().typeId();
        final TelemetryLayout.Kind kind = layout.kinds[typeId];
        switch (kind) {
            case LOG_STATIC, LOG_ARGS, LOG_RECORD -> {
                final LogCallSite site = (LogCallSite) resolved.get(object.i32(layout.reference[typeId]));
                log.ticks = object.i64(layout.time[typeId]);
                log.level = site.level();
                log.target = site.target();
                log.template = site.template();
                log.file = site.file();
                log.line = site.line();
                if (kind == TelemetryLayout.Kind.LOG_STATIC) {
                    log.arguments.clear();
                } else {
                    wrapArguments(object, layout.arguments[typeId]);
                }
                if (kind == TelemetryLayout.Kind.LOG_RECORD) {
                    final int properties = layout.recordProperties[typeId];
                    log.properties.wrap(object.buffer(), object.variableOffset(properties), object.variableLength(properties));
                    final int exception = layout.exception[typeId];
                    log.exception.wrap(object.buffer(), object.variableOffset(exception), object.variableLength(exception));
                } else {
                    log.properties.clear();
                    log.exception.clear();
                }
                visitor.onLog(log);
            }
            case LOG_DYNAMIC -> {
                log.ticks = object.i64(layout.time[typeId]);
                log.level = layout.level[typeId] < 0 ? 0 : object.u8(layout.level[typeId]);
                log.target = (String) resolved.get(object.i32(layout.reference[typeId]));
                log.template = variableUtf8(object, layout.message[typeId]);
                log.file = "";
                log.line = 0;
                wrapArguments(object, layout.arguments[typeId]);
                log.properties.clear();
                log.exception.clear();
                visitor.onLog(log);
            }
            case METRIC_INT, METRIC_FLOAT, METRIC_INT_PROPS, METRIC_FLOAT_PROPS -> {
                final MetricDescriptor descriptor = (MetricDescriptor) resolved.get(object.i32(layout.reference[typeId]));
                measure.ticks = object.i64(layout.time[typeId]);
                measure.name = descriptor.name();
                measure.unit = descriptor.unit();
                measure.target = descriptor.target();
                measure.floating = kind == TelemetryLayout.Kind.METRIC_FLOAT || kind == TelemetryLayout.Kind.METRIC_FLOAT_PROPS;
                final int valueOffset = layout.value[typeId];
                measure.longValue = measure.floating || valueOffset < 0 ? 0 : object.i64(valueOffset);
                measure.doubleValue = !measure.floating || valueOffset < 0 ? 0 : object.f64(valueOffset);
                measure.properties = layout.properties[typeId] < 0 ? Map.of()
                    : ((PropertySet) resolved.get(object.i32(layout.properties[typeId]))).properties();
                visitor.onMeasure(measure);
            }
            case SPAN_BEGIN, SPAN_END, SPAN_NAMED_BEGIN, ASYNC_BEGIN, ASYNC_END -> {
                final SpanDescriptor descriptor = (SpanDescriptor) resolved.get(object.i32(layout.reference[typeId]));
                span.begin = kind != TelemetryLayout.Kind.SPAN_END && kind != TelemetryLayout.Kind.ASYNC_END;
                span.async = kind == TelemetryLayout.Kind.ASYNC_BEGIN || kind == TelemetryLayout.Kind.ASYNC_END;
                span.ticks = object.i64(layout.time[typeId]);
                span.name = kind == TelemetryLayout.Kind.SPAN_NAMED_BEGIN ? variableUtf8(object, layout.name[typeId])
                    : descriptor.name();
                span.target = descriptor.target();
                span.file = descriptor.file();
                span.line = descriptor.line();
                span.spanId = span.async ? object.i64(layout.spanId[typeId]) : 0;
                span.parentId = span.async ? object.i64(layout.parentId[typeId]) : 0;
                span.depth = span.async ? object.i32(layout.depth[typeId]) : 0;
                visitor.onSpan(span);
            }
            case THREAD_SWITCH -> visitor.onThreadSwitch(object.i64(layout.threadId[typeId]));
            default -> visitor.onOther(object);
        }
    }

    /** @param ordinal the arguments member's ordinal, -1 when the type has none */
    private void wrapArguments(final ObjectView object, final int ordinal) {
        if (ordinal < 0) {
            log.arguments.clear();
            return;
        }
        log.arguments.wrap(object.buffer(), object.variableOffset(ordinal), object.variableLength(ordinal));
    }

    /** The UTF8 variable member with that ordinal, "" when the type has none (-1). */
    private static String variableUtf8(final ObjectView object, final int ordinal) {
        return ordinal < 0 ? "" : Utf8.decode(object.buffer(), object.variableOffset(ordinal), object.variableLength(ordinal));
    }

    private void resolve(final ObjectView event, final int referenceOffset, final Class<?> expected) {
        if (referenceOffset < 0) {
            throw new TransitFormatException(event.type().name() + " declares no reference member");
        }
        final int id = event.i32(referenceOffset);
        Object value = resolved.get(id);
        if (value == null) {
            value = decodeDependency(event.dependency(id, dependency));
            resolved.put(id, value);
        }
        if (!expected.isInstance(value)) {
            throw new TransitFormatException(event.type().name() + " refers to dependency " + id + " of the wrong kind");
        }
    }

    private static Object decodeDependency(final ObjectView object) {
        final TypeDeclaration type = object.type();
        return switch (type.name()) {
            case "static_string" -> utf8(object, "value");
            case "log_call_site" -> new LogCallSite(fixedU8(object, "level"), fixedI32(object, "line"),
                utf8(object, "target"), utf8(object, "template"), utf8(object, "file"));
            case "metric_desc" -> new MetricDescriptor(utf8(object, "name"), utf8(object, "unit"), utf8(object, "target"));
            case "span_desc" -> new SpanDescriptor(fixedI32(object, "line"), utf8(object, "name"), utf8(object, "target"),
                utf8(object, "file"));
            case "property_set" -> new PropertySet(properties(object));
            default -> type; // an unknown dependency kind: resolvable, but never the kind a telemetry event expects
        };
    }

    private static String utf8(final ObjectView object, final String member) {
        final int index = object.type().memberIndex(member);
        if (index < 0 || object.type().member(index).type() != io.lakeobs.transit.layout.MemberType.UTF8) {
            return "";
        }
        final int ordinal = object.type().member(index).offset();
        return Utf8.decode(object.buffer(), object.variableOffset(ordinal), object.variableLength(ordinal));
    }

    private static int fixedU8(final ObjectView object, final String member) {
        final int index = object.type().memberIndex(member);
        final MemberDeclaration declaration = index < 0 ? null : object.type().member(index);
        return declaration == null || declaration.type().isVariable() ? 0 : object.u8(declaration.offset());
    }

    private static int fixedI32(final ObjectView object, final String member) {
        final int index = object.type().memberIndex(member);
        final MemberDeclaration declaration = index < 0 ? null : object.type().member(index);
        return declaration == null || declaration.type().size() != 4 ? 0 : object.i32(declaration.offset());
    }

    private static Map<String, String> properties(final ObjectView object) {
        final int index = object.type().memberIndex("properties");
        if (index < 0 || object.type().member(index).type() != io.lakeobs.transit.layout.MemberType.PROPERTIES) {
            return Map.of();
        }
        final int ordinal = object.type().member(index).offset();
        final DirectBuffer buffer = object.buffer();
        int at = object.variableOffset(ordinal);
        final int count = buffer.getByte(at++) & 0xFF;
        final Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            final int keyLength = buffer.getInt(at, LITTLE_ENDIAN);
            final String key = Utf8.decode(buffer, at + 4, keyLength);
            at += 4 + keyLength;
            final int valueLength = buffer.getInt(at, LITTLE_ENDIAN);
            properties.put(key, Utf8.decode(buffer, at + 4, valueLength));
            at += 4 + valueLength;
        }
        return Collections.unmodifiableMap(properties);
    }

    /** A decoded log call site. */
    public record LogCallSite(int level, int line, String target, String template, String file) {
    }

    /** A decoded metric descriptor. */
    public record MetricDescriptor(String name, String unit, String target) {
    }

    /** A decoded span descriptor. */
    public record SpanDescriptor(int line, String name, String target, String file) {
    }

    /** A decoded property set. */
    public record PropertySet(Map<String, String> properties) {
    }
}
