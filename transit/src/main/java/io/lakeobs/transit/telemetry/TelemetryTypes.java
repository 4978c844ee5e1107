package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.MemberDeclaration;
import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;

import java.util.List;

import static io.lakeobs.transit.layout.MemberDeclaration.fixed;
import static io.lakeobs.transit.telemetry.EventDescriptor.*;
import static io.lakeobs.transit.layout.MemberDeclaration.variable;
import static io.lakeobs.transit.layout.TypeDeclaration.Role.DEPENDENCY;
import static io.lakeobs.transit.layout.TypeDeclaration.Role.EVENT;

/**
 * The standard telemetry object types that tracing writes and the views read: their ids and
 * the declarations every stream carries, built from {@link EventDescriptor}'s layout. Readers dispatch on the type and
 * member names, never on these ids, so a stream with other ids or extra types still decodes.
 * All times are clock ticks (raw values of the process's clock; see the process metadata).
 */
public final class TelemetryTypes {
    // events; layouts in EventDescriptor
    public static final int LOG_STATIC = 1;
    public static final int LOG_ARGS = 2;
    public static final int LOG_DYNAMIC = 3;
    public static final int METRIC_INT = 4;
    public static final int METRIC_FLOAT = 5;
    public static final int METRIC_INT_PROPS = 6;
    public static final int METRIC_FLOAT_PROPS = 7;
    public static final int SPAN_BEGIN = 8;
    public static final int SPAN_END = 9;
    public static final int SPAN_NAMED_BEGIN = 10;
    public static final int ASYNC_BEGIN = 11;
    public static final int ASYNC_END = 12;
    public static final int LOG_RECORD = 13;
    public static final int THREAD_SWITCH = 14;
    // dependencies (dynamic)
    public static final int STATIC_STRING = 64;
    public static final int LOG_CALL_SITE = 65;
    public static final int METRIC_DESC = 66;
    public static final int SPAN_DESC = 67;
    public static final int PROPERTY_SET = 68;

    private static final StreamDeclarations DECLARATIONS = StreamDeclarations.of(List.of(
        new TypeDeclaration(LOG_STATIC, "log_static", EVENT, false, ID_TIME_SIZE, List.of(
            fixed("call_site", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET))),
        new TypeDeclaration(LOG_ARGS, "log_args", EVENT, true, ID_TIME_SIZE, List.of(
            fixed("call_site", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET),
            variable("arguments", MemberType.ARGUMENTS, 0))),
        new TypeDeclaration(LOG_DYNAMIC, "log_dynamic", EVENT, true, LOG_DYNAMIC_FIXED, List.of(
            fixed("level", MemberType.U8, LOG_DYNAMIC_LEVEL_OFFSET), fixed("target", MemberType.REF, LOG_DYNAMIC_TARGET_OFFSET),
            fixed("time", MemberType.I64, LOG_DYNAMIC_TIME_OFFSET),
            variable("message", MemberType.UTF8, 0), variable("arguments", MemberType.ARGUMENTS, 1))),
        metric(METRIC_INT, "metric_int", MemberType.I64),
        metric(METRIC_FLOAT, "metric_float", MemberType.F64),
        metricWithProperties(METRIC_INT_PROPS, "metric_int_props", MemberType.I64),
        metricWithProperties(METRIC_FLOAT_PROPS, "metric_float_props", MemberType.F64),
        new TypeDeclaration(SPAN_BEGIN, "span_begin", EVENT, false, ID_TIME_SIZE, List.of(
            fixed("span", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET))),
        new TypeDeclaration(SPAN_END, "span_end", EVENT, false, ID_TIME_SIZE, List.of(
            fixed("span", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET))),
        new TypeDeclaration(SPAN_NAMED_BEGIN, "span_named_begin", EVENT, true, ID_TIME_SIZE, List.of(
            fixed("span", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET), variable("name", MemberType.UTF8, 0))),
        async(ASYNC_BEGIN, "async_begin"),
        async(ASYNC_END, "async_end"),
        new TypeDeclaration(LOG_RECORD, "log_record", EVENT, true, ID_TIME_SIZE, List.of(
            fixed("call_site", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, TIME_OFFSET),
            variable("arguments", MemberType.ARGUMENTS, 0), variable("properties", MemberType.PROPERTIES, 1),
            variable("exception", MemberType.ARGUMENTS, 2))),
        new TypeDeclaration(THREAD_SWITCH, "thread_switch", EVENT, false, THREAD_SWITCH_SIZE, List.of(
            fixed("thread_id", MemberType.I64, THREAD_SWITCH_THREAD_OFFSET), fixed("time", MemberType.I64, THREAD_SWITCH_TIME_OFFSET))),
        new TypeDeclaration(STATIC_STRING, "static_string", DEPENDENCY, true, DEPENDENCY_FIXED, List.of(
            fixed("id", MemberType.U32, DEPENDENCY_ID_OFFSET), variable("value", MemberType.UTF8, 0))),
        new TypeDeclaration(LOG_CALL_SITE, "log_call_site", DEPENDENCY, true, CALL_SITE_FIXED, List.of(
            fixed("id", MemberType.U32, DEPENDENCY_ID_OFFSET), fixed("level", MemberType.U8, CALL_SITE_LEVEL_OFFSET),
            fixed("line", MemberType.U32, CALL_SITE_LINE_OFFSET),
            variable("target", MemberType.UTF8, 0), variable("template", MemberType.UTF8, 1),
            variable("file", MemberType.UTF8, 2))),
        new TypeDeclaration(METRIC_DESC, "metric_desc", DEPENDENCY, true, DEPENDENCY_FIXED, List.of(
            fixed("id", MemberType.U32, DEPENDENCY_ID_OFFSET), variable("name", MemberType.UTF8, 0), variable("unit", MemberType.UTF8, 1),
            variable("target", MemberType.UTF8, 2))),
        new TypeDeclaration(SPAN_DESC, "span_desc", DEPENDENCY, true, SPAN_DESC_FIXED, List.of(
            fixed("id", MemberType.U32, DEPENDENCY_ID_OFFSET), fixed("line", MemberType.U32, SPAN_DESC_LINE_OFFSET), variable("name", MemberType.UTF8, 0),
            variable("target", MemberType.UTF8, 1), variable("file", MemberType.UTF8, 2))),
        new TypeDeclaration(PROPERTY_SET, "property_set", DEPENDENCY, true, DEPENDENCY_FIXED, List.of(
            fixed("id", MemberType.U32, DEPENDENCY_ID_OFFSET), variable("properties", MemberType.PROPERTIES, 0)))));

    private TelemetryTypes() {
    }

    /** The declarations every tracing stream carries. */
    public static StreamDeclarations declarations() {
        return DECLARATIONS;
    }

    private static TypeDeclaration metric(final int id, final String name, final MemberType valueType) {
        return new TypeDeclaration(id, name, EVENT, false, METRIC_SIZE, List.of(
            fixed("metric", MemberType.REF, ID_OFFSET), fixed("time", MemberType.I64, METRIC_TIME_OFFSET),
            fixed("value", valueType, METRIC_VALUE_OFFSET)));
    }

    private static TypeDeclaration metricWithProperties(final int id, final String name, final MemberType valueType) {
        return new TypeDeclaration(id, name, EVENT, false, METRIC_PROPS_SIZE, List.of(
            fixed("metric", MemberType.REF, ID_OFFSET), fixed("properties", MemberType.REF, METRIC_PROPERTIES_OFFSET),
            fixed("time", MemberType.I64, METRIC_PROPS_TIME_OFFSET), fixed("value", valueType, METRIC_PROPS_VALUE_OFFSET)));
    }

    private static TypeDeclaration async(final int id, final String name) {
        return new TypeDeclaration(id, name, EVENT, false, ASYNC_SIZE, List.<MemberDeclaration>of(
            fixed("span", MemberType.REF, ID_OFFSET), fixed("span_id", MemberType.I64, ASYNC_SPAN_ID_OFFSET),
            fixed("parent_id", MemberType.I64, ASYNC_PARENT_ID_OFFSET), fixed("depth", MemberType.U32, ASYNC_DEPTH_OFFSET),
            fixed("time", MemberType.I64, ASYNC_TIME_OFFSET)));
    }
}
