package io.lakeobs.functions.views;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

import java.util.Locale;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;

/**
 * The views and their Parquet schemas (the reference system's columns). Strings are UTF-8 and
 * dictionary encoded; times are TIMESTAMP(MICROS, UTC) plus the exact nanoseconds as INT64;
 * properties are MAP&lt;STRING, STRING&gt;, which Athena and DuckDB both index with {@code properties['key']}.
 * Bump {@link #SCHEMA_VERSION} with any change here: partitions of an older version are re-derived.
 */
public enum View {
    LOG_ENTRIES(Types.buildMessage()
        .addField(string("process_id")).addField(string("stream_id")).addField(string("block_id"))
        .addField(timestamp("insert_time"))
        .addField(string("exe")).addField(string("username")).addField(string("computer"))
        .addField(timestamp("time")).addField(int64("time_ns"))
        .addField(string("target")).addField(int32("level")).addField(string("msg"))
        .addField(stringMap("properties")).addField(stringMap("process_properties"))
        .named("log_entries")),
    MEASURES(Types.buildMessage()
        .addField(string("process_id")).addField(string("stream_id")).addField(string("block_id"))
        .addField(timestamp("insert_time"))
        .addField(string("exe")).addField(string("username")).addField(string("computer"))
        .addField(timestamp("time")).addField(int64("time_ns"))
        .addField(string("target")).addField(string("name")).addField(string("unit")).addField(float64("value"))
        .addField(stringMap("properties")).addField(stringMap("process_properties"))
        .named("measures")),
    THREAD_SPANS(Types.buildMessage()
        .addField(string("process_id")).addField(string("stream_id")).addField(string("thread_name"))
        .addField(int64("id")).addField(int64("parent")).addField(int32("depth"))
        .addField(timestamp("begin")).addField(timestamp("end"))
        .addField(int64("begin_ns")).addField(int64("end_ns")).addField(int64("duration_ns"))
        .addField(string("name")).addField(string("target")).addField(string("filename")).addField(int32("line"))
        .named("thread_spans")),
    ASYNC_EVENTS(Types.buildMessage()
        .addField(string("process_id")).addField(string("stream_id")).addField(string("block_id"))
        .addField(timestamp("insert_time"))
        .addField(timestamp("time")).addField(int64("time_ns")).addField(string("event_type"))
        .addField(int64("span_id")).addField(int64("parent_span_id")).addField(int32("depth"))
        .addField(string("name")).addField(string("target")).addField(string("filename")).addField(int32("line"))
        .named("async_events")),
    PROCESSES(Types.buildMessage()
        .addField(string("process_id")).addField(string("parent_process_id")).addField(string("exe"))
        .addField(string("username")).addField(string("computer")).addField(string("os")).addField(string("cpu"))
        .addField(string("jvm")).addField(timestamp("start_time")).addField(int64("start_ticks"))
        .addField(int64("tsc_frequency")).addField(stringMap("properties"))
        .named("processes")),
    STREAMS(Types.buildMessage()
        .addField(string("stream_id")).addField(string("process_id")).addField(stringList("tags"))
        .addField(stringMap("properties"))
        .named("streams")),
    BLOCKS(Types.buildMessage()
        .addField(string("block_id")).addField(string("stream_id")).addField(string("process_id"))
        .addField(timestamp("insert_time"))
        .addField(timestamp("begin_time")).addField(timestamp("end_time"))
        .addField(int64("begin_ticks")).addField(int64("end_ticks"))
        .addField(int64("object_offset")).addField(int32("nb_objects")).addField(int64("payload_size"))
        .named("blocks"));

    /** Written into every file's footer ({@code lakeobs.schema_version}) and every partition item. */
    public static final int SCHEMA_VERSION = 1;

    /**
     * Columns whose values are (nearly) unique per row: dictionary encoding would only copy every
     * value into a dictionary that overflows and falls back, so they are written plain.
     */
    private static final java.util.Set<String> UNIQUE_COLUMNS = java.util.Set.of("time", "time_ns", "msg",
        "begin", "end", "begin_ns", "end_ns", "duration_ns", "id", "parent", "span_id", "parent_span_id",
        "begin_time", "end_time", "begin_ticks", "end_ticks", "object_offset", "payload_size");

    private final MessageType schema;

    View(final MessageType schema) {
        this.schema = schema;
    }

    /**
     * Columns whose min/max statistics queries prune row groups with (times, level, exe, target,
     * name, process, span fields). Others (messages, ids of blocks and streams, property maps)
     * get none: comparing every string value twice per row for min/max costs a third of the
     * writer's CPU and no query filters row groups on them.
     */
    private static final java.util.Set<String> STATISTICS_COLUMNS = java.util.Set.of("process_id", "insert_time", "exe",
        "computer", "time", "time_ns", "target", "level", "name", "value", "thread_name", "id", "depth", "begin", "end",
        "begin_ns", "end_ns", "duration_ns", "event_type", "span_id", "start_time", "begin_time", "end_time");

    /** Columns (top-level names) without min/max statistics. */
    public java.util.List<String> columnsWithoutStatistics() {
        return schema.getFields().stream().map(Type::getName).filter(n -> !STATISTICS_COLUMNS.contains(n)).toList();
    }

    /** Top-level columns written without a dictionary. */
    public java.util.List<String> plainColumns() {
        return schema.getFields().stream().map(Type::getName).filter(UNIQUE_COLUMNS::contains).toList();
    }

    public MessageType schema() {
        return schema;
    }

    /** The table name: log_entries, measures, ... */
    public String tableName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static View fromTableName(final String name) {
        for (final View view : values()) {
            if (view.tableName().equals(name)) {
                return view;
            }
        }
        throw new IllegalArgumentException("unknown view '" + name + "'");
    }

    private static Type string(final String name) {
        return Types.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(name);
    }

    private static Type timestamp(final String name) {
        return Types.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, MICROS)).named(name);
    }

    private static Type int64(final String name) {
        return Types.required(PrimitiveTypeName.INT64).named(name);
    }

    private static Type int32(final String name) {
        return Types.required(PrimitiveTypeName.INT32).named(name);
    }

    private static Type float64(final String name) {
        return Types.required(PrimitiveTypeName.DOUBLE).named(name);
    }

    private static Type stringMap(final String name) {
        return Types.requiredMap()
            .key(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .optionalValue(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named(name);
    }

    private static Type stringList(final String name) {
        return Types.requiredList()
            .requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named(name);
    }
}
