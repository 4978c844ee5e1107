package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;

import java.util.List;

import static io.lakeobs.transit.layout.MemberDeclaration.fixed;
import static io.lakeobs.transit.layout.MemberDeclaration.variable;
import static io.lakeobs.transit.layout.TypeDeclaration.Role.DEPENDENCY;
import static io.lakeobs.transit.layout.TypeDeclaration.Role.EVENT;

/**
 * The standard telemetry object types that tracing writes and the views read: their ids,
 * member offsets and the declarations every stream carries. Readers dispatch on the type and
 * member names, never on these ids, so a stream with other ids or extra types still decodes.
 * All times are clock ticks (raw values of the process's clock; see the process metadata).
 */
public final class TelemetryTypes {
    // events: fixed ones are [u8 type][body]; dynamic ones [u8 type][u32 length][body]
    public static final int LOG_STATIC = 1;      // call_site:REF@0 time:I64@4
    public static final int LOG_ARGS = 2;        // call_site:REF@0 time:I64@4 | arguments
    public static final int LOG_DYNAMIC = 3;     // level:U8@0 target:REF@1 time:I64@5 | message, arguments
    public static final int METRIC_INT = 4;      // metric:REF@0 time:I64@4 value:I64@12
    public static final int METRIC_FLOAT = 5;    // metric:REF@0 time:I64@4 value:F64@12
    public static final int METRIC_INT_PROPS = 6;   // metric:REF@0 properties:REF@4 time:I64@8 value:I64@16
    public static final int METRIC_FLOAT_PROPS = 7; // metric:REF@0 properties:REF@4 time:I64@8 value:F64@16
    public static final int SPAN_BEGIN = 8;      // span:REF@0 time:I64@4
    public static final int SPAN_END = 9;        // span:REF@0 time:I64@4
    public static final int SPAN_NAMED_BEGIN = 10; // span:REF@0 time:I64@4 | name
    public static final int ASYNC_BEGIN = 11;    // span:REF@0 span_id:I64@4 parent_id:I64@12 depth:U32@20 time:I64@24
    public static final int ASYNC_END = 12;      // same layout
    public static final int LOG_RECORD = 13;     // call_site:REF@0 time:I64@4 | arguments, properties, exception (version 2)
    // dependencies: dynamic, first member id:U32@0
    public static final int STATIC_STRING = 64;  // id | value
    public static final int LOG_CALL_SITE = 65;  // id level:U8@4 line:U32@5 | target, template, file
    public static final int METRIC_DESC = 66;    // id | name, unit, target
    public static final int SPAN_DESC = 67;      // id line:U32@4 | name, target, file
    public static final int PROPERTY_SET = 68;   // id | properties

    public static final int TIME_LENGTH = 8;
    public static final int LOG_STATIC_SIZE = 12;
    public static final int LOG_ARGS_FIXED = 12;
    public static final int LOG_RECORD_FIXED = 12;
    public static final int LOG_DYNAMIC_FIXED = 13;
    public static final int METRIC_SIZE = 20;
    public static final int METRIC_PROPS_SIZE = 24;
    public static final int SPAN_SIZE = 12;
    public static final int SPAN_NAMED_FIXED = 12;
    public static final int ASYNC_SIZE = 32;

    private static final StreamDeclarations DECLARATIONS = StreamDeclarations.of(List.of(
        new TypeDeclaration(LOG_STATIC, "log_static", EVENT, false, LOG_STATIC_SIZE, List.of(
            fixed("call_site", MemberType.REF, 0), fixed("time", MemberType.I64, 4))),
        new TypeDeclaration(LOG_ARGS, "log_args", EVENT, true, LOG_ARGS_FIXED, List.of(
            fixed("call_site", MemberType.REF, 0), fixed("time", MemberType.I64, 4),
            variable("arguments", MemberType.ARGUMENTS, 0))),
        new TypeDeclaration(LOG_DYNAMIC, "log_dynamic", EVENT, true, LOG_DYNAMIC_FIXED, List.of(
            fixed("level", MemberType.U8, 0), fixed("target", MemberType.REF, 1), fixed("time", MemberType.I64, 5),
            variable("message", MemberType.UTF8, 0), variable("arguments", MemberType.ARGUMENTS, 1))),
        metric(METRIC_INT, "metric_int", MemberType.I64),
        metric(METRIC_FLOAT, "metric_float", MemberType.F64),
        metricWithProperties(METRIC_INT_PROPS, "metric_int_props", MemberType.I64),
        metricWithProperties(METRIC_FLOAT_PROPS, "metric_float_props", MemberType.F64),
        new TypeDeclaration(SPAN_BEGIN, "span_begin", EVENT, false, SPAN_SIZE, List.of(
            fixed("span", MemberType.REF, 0), fixed("time", MemberType.I64, 4))),
        new TypeDeclaration(SPAN_END, "span_end", EVENT, false, SPAN_SIZE, List.of(
            fixed("span", MemberType.REF, 0), fixed("time", MemberType.I64, 4))),
        new TypeDeclaration(SPAN_NAMED_BEGIN, "span_named_begin", EVENT, true, SPAN_NAMED_FIXED, List.of(
            fixed("span", MemberType.REF, 0), fixed("time", MemberType.I64, 4), variable("name", MemberType.UTF8, 0))),
        async(ASYNC_BEGIN, "async_begin"),
        async(ASYNC_END, "async_end"),
        new TypeDeclaration(LOG_RECORD, "log_record", EVENT, true, LOG_RECORD_FIXED, List.of(
            fixed("call_site", MemberType.REF, 0), fixed("time", MemberType.I64, 4),
            variable("arguments", MemberType.ARGUMENTS, 0), variable("properties", MemberType.PROPERTIES, 1),
            variable("exception", MemberType.ARGUMENTS, 2))),
        new TypeDeclaration(STATIC_STRING, "static_string", DEPENDENCY, true, 4, List.of(
            fixed("id", MemberType.U32, 0), variable("value", MemberType.UTF8, 0))),
        new TypeDeclaration(LOG_CALL_SITE, "log_call_site", DEPENDENCY, true, 9, List.of(
            fixed("id", MemberType.U32, 0), fixed("level", MemberType.U8, 4), fixed("line", MemberType.U32, 5),
            variable("target", MemberType.UTF8, 0), variable("template", MemberType.UTF8, 1),
            variable("file", MemberType.UTF8, 2))),
        new TypeDeclaration(METRIC_DESC, "metric_desc", DEPENDENCY, true, 4, List.of(
            fixed("id", MemberType.U32, 0), variable("name", MemberType.UTF8, 0), variable("unit", MemberType.UTF8, 1),
            variable("target", MemberType.UTF8, 2))),
        new TypeDeclaration(SPAN_DESC, "span_desc", DEPENDENCY, true, 8, List.of(
            fixed("id", MemberType.U32, 0), fixed("line", MemberType.U32, 4), variable("name", MemberType.UTF8, 0),
            variable("target", MemberType.UTF8, 1), variable("file", MemberType.UTF8, 2))),
        new TypeDeclaration(PROPERTY_SET, "property_set", DEPENDENCY, true, 4, List.of(
            fixed("id", MemberType.U32, 0), variable("properties", MemberType.PROPERTIES, 0)))));

    private TelemetryTypes() {
    }

    /** The declarations every tracing stream carries. */
    public static StreamDeclarations declarations() {
        return DECLARATIONS;
    }

    private static TypeDeclaration metric(final int id, final String name, final MemberType valueType) {
        return new TypeDeclaration(id, name, EVENT, false, METRIC_SIZE, List.of(
            fixed("metric", MemberType.REF, 0), fixed("time", MemberType.I64, 4), fixed("value", valueType, 12)));
    }

    private static TypeDeclaration metricWithProperties(final int id, final String name, final MemberType valueType) {
        return new TypeDeclaration(id, name, EVENT, false, METRIC_PROPS_SIZE, List.of(
            fixed("metric", MemberType.REF, 0), fixed("properties", MemberType.REF, 4),
            fixed("time", MemberType.I64, 8), fixed("value", valueType, 16)));
    }

    private static TypeDeclaration async(final int id, final String name) {
        return new TypeDeclaration(id, name, EVENT, false, ASYNC_SIZE, List.<MemberDeclaration>of(
            fixed("span", MemberType.REF, 0), fixed("span_id", MemberType.I64, 4), fixed("parent_id", MemberType.I64, 12),
            fixed("depth", MemberType.U32, 20), fixed("time", MemberType.I64, 24)));
    }
}
