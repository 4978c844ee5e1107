package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.layout.ObjectDescriptor;

/**
 * Byte layout of the standard telemetry objects (little-endian), the one place that states it:
 * {@link TelemetryTypes} declares it to readers, {@link EventWriter}, {@link EventEncoder} and
 * {@link DependencyEncoder} write it, tracing sizes its ring claims with it. Member offsets are
 * relative to the body, as in the declarations: after the type byte of a fixed object, after
 * the type byte and u32 body length of a dynamic one ({@link ObjectDescriptor}).
 *
 * <pre>
 *  fixed events, "id and time" shape (log_static, span_begin, span_end) and the fixed part of
 *  log_args, log_record, span_named_begin:
 *     0 id (call site / span) REF u32 | 4 time i64                                   = 12
 *  metric_int, metric_float:            0 metric REF | 4 time i64 | 12 value i64/f64  = 20
 *  metric_*_props:  0 metric REF | 4 properties REF | 8 time i64 | 16 value i64/f64   = 24
 *  async_begin, async_end: 0 span REF | 4 span_id i64 | 12 parent_id i64 | 20 depth u32 | 24 time i64 = 32
 *  log_dynamic (fixed part): 0 level u8 | 1 target REF | 5 time i64                  = 13
 *  thread_switch:          0 thread_id i64 | 8 time i64                               = 16
 *      (the events after it in its stream, up to the next one, are that thread's: the
 *       stripes virtual threads share write it when the writer changes)
 *  variable members follow the fixed part: [u32 length][content]; an arguments member's
 *  content is [u8 count] then [u8 tag][value] per argument
 *  dependencies (dynamic): 0 id u32, then log_call_site 4 level u8 | 5 line u32 (9),
 *                          span_desc 4 line u32 (8), the others nothing more (4)
 * </pre>
 */
public final class EventDescriptor {
    /** The id member (call site, span, metric) of every event that has one. */
    public static final int ID_OFFSET = 0;
    /** Time of the "id and time" shape and of the fixed parts of log_args, log_record and span_named_begin. */
    public static final int TIME_OFFSET = 4;
    public static final int ID_TIME_SIZE = 12;

    public static final int METRIC_TIME_OFFSET = TIME_OFFSET;
    public static final int METRIC_VALUE_OFFSET = 12;
    public static final int METRIC_SIZE = 20;

    public static final int METRIC_PROPERTIES_OFFSET = 4;
    public static final int METRIC_PROPS_TIME_OFFSET = 8;
    public static final int METRIC_PROPS_VALUE_OFFSET = 16;
    public static final int METRIC_PROPS_SIZE = 24;

    public static final int ASYNC_SPAN_ID_OFFSET = 4;
    public static final int ASYNC_PARENT_ID_OFFSET = 12;
    public static final int ASYNC_DEPTH_OFFSET = 20;
    public static final int ASYNC_TIME_OFFSET = 24;
    public static final int ASYNC_SIZE = 32;

    public static final int LOG_DYNAMIC_LEVEL_OFFSET = 0;
    public static final int LOG_DYNAMIC_TARGET_OFFSET = 1;
    public static final int LOG_DYNAMIC_TIME_OFFSET = 5;
    public static final int LOG_DYNAMIC_FIXED = 13;

    public static final int THREAD_SWITCH_THREAD_OFFSET = 0;
    public static final int THREAD_SWITCH_TIME_OFFSET = 8;
    public static final int THREAD_SWITCH_SIZE = 16;

    /** Dependencies: every one starts with its id. */
    public static final int DEPENDENCY_ID_OFFSET = 0;
    public static final int DEPENDENCY_FIXED = 4;
    public static final int CALL_SITE_LEVEL_OFFSET = 4;
    public static final int CALL_SITE_LINE_OFFSET = 5;
    public static final int CALL_SITE_FIXED = 9;
    public static final int SPAN_DESC_LINE_OFFSET = 4;
    public static final int SPAN_DESC_FIXED = 8;

    /** A variable member's length field, before its content. */
    public static final int MEMBER_LENGTH_FIELD = ObjectDescriptor.LENGTH_FIELD_LENGTH;
    /** An arguments or properties member's count, the first byte of its content. */
    public static final int COUNT_LENGTH = 1;
    /** An argument's tag, before its value. */
    public static final int TAG_LENGTH = 1;

    /** Total bytes of each fixed-layout event, type byte included. */
    public static final int LOG_STATIC_LENGTH = ObjectDescriptor.TYPE_LENGTH + ID_TIME_SIZE;
    public static final int SPAN_LENGTH = ObjectDescriptor.TYPE_LENGTH + ID_TIME_SIZE;
    public static final int METRIC_LENGTH = ObjectDescriptor.TYPE_LENGTH + METRIC_SIZE;
    public static final int METRIC_PROPS_LENGTH = ObjectDescriptor.TYPE_LENGTH + METRIC_PROPS_SIZE;
    public static final int ASYNC_LENGTH = ObjectDescriptor.TYPE_LENGTH + ASYNC_SIZE;
    public static final int THREAD_SWITCH_LENGTH = ObjectDescriptor.TYPE_LENGTH + THREAD_SWITCH_SIZE;

    /** Bytes of a log_args (or log_record) event before its first argument: header, fixed part, arguments' length and count. */
    public static final int LOG_ARGS_PREFIX =
        ObjectDescriptor.DYNAMIC_HEADER_LENGTH + ID_TIME_SIZE + MEMBER_LENGTH_FIELD + COUNT_LENGTH;
    public static final int LOG_RECORD_PREFIX = LOG_ARGS_PREFIX;
    /** Where a log_args event's arguments member (its length field) starts, from the event's type byte. */
    public static final int LOG_ARGS_MEMBER = ObjectDescriptor.DYNAMIC_HEADER_LENGTH + ID_TIME_SIZE;
    /** Bytes of a log_record's properties and exception members besides their entries: a length and a count each. */
    public static final int LOG_RECORD_MEMBERS = 2 * (MEMBER_LENGTH_FIELD + COUNT_LENGTH);

    /** Exact bytes of each primitive argument: tag and value. */
    public static final int LONG_ARGUMENT_LENGTH = TAG_LENGTH + Long.BYTES;
    public static final int DOUBLE_ARGUMENT_LENGTH = TAG_LENGTH + Double.BYTES;
    public static final int FLOAT_ARGUMENT_LENGTH = TAG_LENGTH + Float.BYTES;
    public static final int CHAR_ARGUMENT_LENGTH = TAG_LENGTH + Character.BYTES;
    public static final int BOOLEAN_ARGUMENT_LENGTH = TAG_LENGTH + 1;
    /** Bytes of a numeric or boolean argument, upper bound. */
    public static final int PRIMITIVE_ARGUMENT_LENGTH = LONG_ARGUMENT_LENGTH;
    /** Bytes of a string argument besides its UTF-8: tag and length. */
    public static final int STRING_ARGUMENT_PREFIX = TAG_LENGTH + MEMBER_LENGTH_FIELD;

    private EventDescriptor() {
    }
}
