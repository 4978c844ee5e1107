package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.MemberType;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.layout.TypeDeclaration;

/**
 * What each declared type id means to telemetry readers, resolved once per declarations by type
 * and member names, with the member offsets looked up in advance so the per-event path is array
 * reads only. Types it does not know are {@link Kind#OTHER} and are skipped by their size.
 */
final class TelemetryLayout {
    enum Kind {
        LOG_STATIC, LOG_ARGS, LOG_DYNAMIC, METRIC_INT, METRIC_FLOAT, METRIC_INT_PROPS, METRIC_FLOAT_PROPS,
        SPAN_BEGIN, SPAN_END, SPAN_NAMED_BEGIN, ASYNC_BEGIN, ASYNC_END, LOG_RECORD, THREAD_SWITCH, OTHER
    }

    final StreamDeclarations declarations;
    final Kind[] kinds = new Kind[256];
    /** Offsets by type id; -1 when the member is absent. */
    final int[] time = new int[256];
    final int[] reference = new int[256];
    final int[] properties = new int[256];
    final int[] value = new int[256];
    final int[] level = new int[256];
    final int[] spanId = new int[256];
    final int[] parentId = new int[256];
    final int[] depth = new int[256];
    final int[] threadId = new int[256];
    /** Ordinals of variable members by type id; -1 when absent or of another type. */
    final int[] arguments = new int[256];
    final int[] message = new int[256];
    final int[] name = new int[256];
    /** log_record's variable members: its properties (PROPERTIES) and its exception (ARGUMENTS). */
    final int[] recordProperties = new int[256];
    final int[] exception = new int[256];

    TelemetryLayout(final StreamDeclarations declarations) {
        this.declarations = declarations;
        java.util.Arrays.fill(kinds, Kind.OTHER);
        for (final TypeDeclaration type : declarations.types()) {
            final int id = type.typeId();
            kinds[id] = kindOf(type);
            time[id] = offset(type, "time", MemberType.I64);
            reference[id] = firstPresent(type, "call_site", "metric", "span", "target");
            properties[id] = offset(type, "properties", MemberType.REF);
            value[id] = offset(type, "value", kinds[id] == Kind.METRIC_FLOAT || kinds[id] == Kind.METRIC_FLOAT_PROPS
                ? MemberType.F64 : MemberType.I64);
            level[id] = offset(type, "level", MemberType.U8);
            spanId[id] = offset(type, "span_id", MemberType.I64);
            parentId[id] = offset(type, "parent_id", MemberType.I64);
            depth[id] = offset(type, "depth", MemberType.U32);
            threadId[id] = offset(type, "thread_id", MemberType.I64);
            arguments[id] = ordinal(type, "arguments", MemberType.ARGUMENTS);
            message[id] = ordinal(type, "message", MemberType.UTF8);
            name[id] = ordinal(type, "name", MemberType.UTF8);
            recordProperties[id] = ordinal(type, "properties", MemberType.PROPERTIES);
            exception[id] = ordinal(type, "exception", MemberType.ARGUMENTS);
            if (kinds[id] != Kind.OTHER && !hasRequiredMembers(kinds[id], id)) {
                kinds[id] = Kind.OTHER; // a type named like ours but laid out otherwise: skipped, never misread
            }
        }
    }

    /**
     * Declarations are untrusted input: a type that takes a standard name must also have the
     * standard members with the standard types, so every read the telemetry reader makes lies
     * inside the object's fixed part.
     */
    private boolean hasRequiredMembers(final Kind kind, final int id) {
        if (kind == Kind.THREAD_SWITCH) {
            return threadId[id] >= 0;
        }
        if (time[id] < 0 || reference[id] < 0) {
            return false;
        }
        return switch (kind) {
            case METRIC_INT, METRIC_FLOAT -> value[id] >= 0;
            case METRIC_INT_PROPS, METRIC_FLOAT_PROPS -> value[id] >= 0 && properties[id] >= 0;
            case ASYNC_BEGIN, ASYNC_END -> spanId[id] >= 0 && parentId[id] >= 0 && depth[id] >= 0;
            case LOG_DYNAMIC -> level[id] >= 0;
            case LOG_RECORD -> arguments[id] >= 0 && recordProperties[id] >= 0 && exception[id] >= 0;
            default -> true;
        };
    }

    private static Kind kindOf(final TypeDeclaration type) {
        if (type.role() != TypeDeclaration.Role.EVENT) {
            return Kind.OTHER;
        }
        return switch (type.name()) {
            case "log_static" -> Kind.LOG_STATIC;
            case "log_args" -> Kind.LOG_ARGS;
            case "log_dynamic" -> Kind.LOG_DYNAMIC;
            case "metric_int" -> Kind.METRIC_INT;
            case "metric_float" -> Kind.METRIC_FLOAT;
            case "metric_int_props" -> Kind.METRIC_INT_PROPS;
            case "metric_float_props" -> Kind.METRIC_FLOAT_PROPS;
            case "span_begin" -> Kind.SPAN_BEGIN;
            case "span_end" -> Kind.SPAN_END;
            case "span_named_begin" -> Kind.SPAN_NAMED_BEGIN;
            case "async_begin" -> Kind.ASYNC_BEGIN;
            case "async_end" -> Kind.ASYNC_END;
            case "log_record" -> Kind.LOG_RECORD;
            case "thread_switch" -> Kind.THREAD_SWITCH;
            default -> Kind.OTHER;
        };
    }

    static boolean isLog(final Kind kind) {
        return kind == Kind.LOG_STATIC || kind == Kind.LOG_ARGS || kind == Kind.LOG_DYNAMIC || kind == Kind.LOG_RECORD;
    }

    static boolean isMetric(final Kind kind) {
        return kind == Kind.METRIC_INT || kind == Kind.METRIC_FLOAT || kind == Kind.METRIC_INT_PROPS
            || kind == Kind.METRIC_FLOAT_PROPS;
    }

    static boolean isSpan(final Kind kind) {
        return kind == Kind.SPAN_BEGIN || kind == Kind.SPAN_END || kind == Kind.SPAN_NAMED_BEGIN
            || kind == Kind.ASYNC_BEGIN || kind == Kind.ASYNC_END;
    }

    /** Offset of a fixed member with that name and type, or -1. */
    static int offset(final TypeDeclaration type, final String name, final MemberType expected) {
        final int index = type.memberIndex(name);
        return index < 0 || type.member(index).type() != expected ? -1 : type.member(index).offset();
    }

    /** Ordinal of a variable member with that name and type, or -1. */
    private static int ordinal(final TypeDeclaration type, final String member, final MemberType expected) {
        final int index = type.memberIndex(member);
        return index < 0 || type.member(index).type() != expected ? -1 : type.member(index).offset();
    }

    private static int firstPresent(final TypeDeclaration type, final String... names) {
        for (final String name : names) {
            final int offset = offset(type, name, MemberType.REF);
            if (offset >= 0) {
                return offset;
            }
        }
        return -1;
    }
}
