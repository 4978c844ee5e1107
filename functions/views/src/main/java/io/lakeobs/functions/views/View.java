package io.lakeobs.functions.views;

import io.lakeobs.functions.views.parquet.Column;
import io.lakeobs.functions.views.parquet.Column.Declarations;
import io.lakeobs.functions.views.parquet.Column.Int32;
import io.lakeobs.functions.views.parquet.Column.Int64;
import io.lakeobs.functions.views.parquet.Column.StringList;
import io.lakeobs.functions.views.parquet.Column.StringMap;
import io.lakeobs.functions.views.parquet.Column.Text;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import static io.lakeobs.functions.views.parquet.Column.Trait.FILTERED;
import static io.lakeobs.functions.views.parquet.Column.Trait.NULLABLE;
import static io.lakeobs.functions.views.parquet.Column.Trait.UNIQUE;

/**
 * The views, each defined once: where it is built (global windows, per on-demand instance, or
 * both), what it is derived from, and its columns. The Parquet schema, the row writers'
 * positions ({@link Column} constants below), the lists of views each job builds and the Athena
 * DDL ({@link AthenaDdl}) all derive from this file, so they cannot drift apart. Strings are
 * UTF-8; times are TIMESTAMP(MICROS, UTC) plus the exact nanoseconds as INT64; properties are
 * MAP&lt;STRING, STRING&gt;. Bump {@link #SCHEMA_VERSION} with any change here: partitions of an
 * older version are re-derived ({@link Backfill}).
 */
public enum View {
    LOG_ENTRIES(Placement.GLOBAL_AND_INSTANCE, Source.EVENTS, LogEntries.COLUMNS),
    MEASURES(Placement.GLOBAL_AND_INSTANCE, Source.EVENTS, Measures.COLUMNS),
    THREAD_SPANS(Placement.INSTANCE, Source.EVENTS, ThreadSpans.COLUMNS),
    ASYNC_EVENTS(Placement.INSTANCE, Source.EVENTS, AsyncEvents.COLUMNS),
    PROCESSES(Placement.GLOBAL, Source.CATALOG, Processes.COLUMNS),
    STREAMS(Placement.GLOBAL, Source.CATALOG, Streams.COLUMNS),
    BLOCKS(Placement.GLOBAL, Source.CATALOG, Blocks.COLUMNS);

    /**
     * Written into every file's footer ({@code lakeobs.schema_version}) and every partition item.
     * 2: thread columns on event views, exception columns on log_entries, trace_id and attributes
     * on async_events, owner_key_id on processes; begin/end/filename renamed.
     */
    public static final int SCHEMA_VERSION = 2;

    /** Where a view's partitions live. */
    public enum Placement {
        /** By insert-time window, for every process: the scheduled job. */
        GLOBAL,
        /** One file per process or stream asked for: the on-demand ETL. */
        INSTANCE,
        GLOBAL_AND_INSTANCE
    }

    /** What a view's rows come from. */
    public enum Source {
        /** Events decoded from the blocks' payloads. */
        EVENTS,
        /** Catalog items (blocks, streams, processes); no block is read. */
        CATALOG
    }

    private final Placement placement;
    private final Source source;
    private final List<Column> columns;
    private final MessageType schema;

    View(final Placement placement, final Source source, final List<Column> columns) {
        this.placement = placement;
        this.source = source;
        this.columns = columns;
        this.schema = new MessageType(tableName(), columns.stream().map(Column::parquetType).toArray(Type[]::new));
    }

    /** Built by the scheduled job into the global, insert-time-partitioned table. */
    public boolean global() {
        return placement != Placement.INSTANCE;
    }

    /** Built by the on-demand ETL for one process or stream. */
    public boolean perInstance() {
        return placement != Placement.GLOBAL;
    }

    public Source source() {
        return source;
    }

    /** Top-level columns, in file order. */
    public List<Column> columns() {
        return columns;
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

    /** The views the scheduled job builds. */
    public static Set<View> globalViews() {
        return where(View::global);
    }

    /** The views the on-demand ETL builds for a process or stream. */
    public static Set<View> instanceViews() {
        return where(View::perInstance);
    }

    private static Set<View> where(final Predicate<View> test) {
        final Set<View> views = EnumSet.noneOf(View.class);
        for (final View view : values()) {
            if (test.test(view)) {
                views.add(view);
            }
        }
        return views;
    }

    /**
     * The columns log_entries and measures start with: where the event comes from and when it
     * happened. The thread is the stream's ({@code thread-name}, {@code thread-id} properties), so
     * "logs of thread X" needs no join; thread_id is null when the stream does not say.
     */
    public static final class Origin {
        public final Text processId;
        public final Text streamId;
        public final Text blockId;
        public final Int64 insertTime;
        public final Text exe;
        public final Text username;
        public final Text computer;
        public final Text threadName;
        public final Int64 threadId;
        public final Int64 time;
        public final Int64 timeNs;

        Origin(final Declarations c) {
            processId = c.text("process_id", FILTERED);
            streamId = c.text("stream_id");
            blockId = c.text("block_id");
            insertTime = c.timestamp("insert_time", FILTERED);
            exe = c.text("exe", FILTERED);
            username = c.text("username");
            computer = c.text("computer", FILTERED);
            threadName = c.text("thread_name", FILTERED);
            threadId = c.int64("thread_id", FILTERED, NULLABLE);
            time = c.timestamp("time", UNIQUE, FILTERED);
            timeNs = c.int64("time_ns", UNIQUE, FILTERED);
        }
    }

    /**
     * One row per log event. The exception columns hold a logged throwable (class, message, and
     * the printed stack with its {@code Caused by:} sections); they are null until the recording
     * side records throwables.
     */
    public static final class LogEntries {
        private static final Declarations C = new Declarations();
        public static final Origin ORIGIN = new Origin(C);
        public static final Text TARGET = C.text("target", FILTERED);
        public static final Int32 LEVEL = C.int32("level", FILTERED);
        public static final Text MSG = C.text("msg", UNIQUE);
        public static final Text EXCEPTION_CLASS = C.text("exception_class", NULLABLE);
        public static final Text EXCEPTION_MESSAGE = C.text("exception_message", UNIQUE, NULLABLE);
        public static final Text EXCEPTION_STACK = C.text("exception_stack", UNIQUE, NULLABLE);
        public static final StringMap PROPERTIES = C.stringMap("properties");
        public static final StringMap PROCESS_PROPERTIES = C.stringMap("process_properties");
        static final List<Column> COLUMNS = C.close();

        private LogEntries() {
        }
    }

    /** One row per metric event; integer metrics are converted to double. */
    public static final class Measures {
        private static final Declarations C = new Declarations();
        public static final Origin ORIGIN = new Origin(C);
        public static final Text TARGET = C.text("target", FILTERED);
        public static final Text NAME = C.text("name", FILTERED);
        public static final Text UNIT = C.text("unit");
        public static final Column.Float64 VALUE = C.float64("value", FILTERED);
        public static final StringMap PROPERTIES = C.stringMap("properties");
        public static final StringMap PROCESS_PROPERTIES = C.stringMap("process_properties");
        static final List<Column> COLUMNS = C.close();

        private Measures() {
        }
    }

    /** One row per completed thread span (begin and end both seen). */
    public static final class ThreadSpans {
        private static final Declarations C = new Declarations();
        public static final Text PROCESS_ID = C.text("process_id", FILTERED);
        public static final Text STREAM_ID = C.text("stream_id");
        public static final Text THREAD_NAME = C.text("thread_name", FILTERED);
        public static final Int64 THREAD_ID = C.int64("thread_id", FILTERED, NULLABLE);
        public static final Int64 ID = C.int64("id", UNIQUE, FILTERED);
        public static final Int64 PARENT = C.int64("parent", UNIQUE);
        public static final Int32 DEPTH = C.int32("depth", FILTERED);
        public static final Int64 BEGIN_TIME = C.timestamp("begin_time", UNIQUE, FILTERED);
        public static final Int64 END_TIME = C.timestamp("end_time", UNIQUE, FILTERED);
        public static final Int64 BEGIN_NS = C.int64("begin_ns", UNIQUE, FILTERED);
        public static final Int64 END_NS = C.int64("end_ns", UNIQUE, FILTERED);
        public static final Int64 DURATION_NS = C.int64("duration_ns", UNIQUE, FILTERED);
        public static final Text NAME = C.text("name", FILTERED);
        public static final Text TARGET = C.text("target", FILTERED);
        public static final Text SOURCE_FILE = C.text("source_file");
        public static final Int32 LINE = C.int32("line");
        static final List<Column> COLUMNS = C.close();

        private ThreadSpans() {
        }
    }

    /**
     * One row per async span begin or end, with the ids the application recorded. trace_id
     * (128-bit, 32 lowercase hex digits) and attributes are there for OpenTelemetry spans: null and
     * empty until a recorder provides them.
     */
    public static final class AsyncEvents {
        private static final Declarations C = new Declarations();
        public static final Text PROCESS_ID = C.text("process_id", FILTERED);
        public static final Text STREAM_ID = C.text("stream_id");
        public static final Text BLOCK_ID = C.text("block_id");
        public static final Int64 INSERT_TIME = C.timestamp("insert_time", FILTERED);
        public static final Text THREAD_NAME = C.text("thread_name", FILTERED);
        public static final Int64 THREAD_ID = C.int64("thread_id", FILTERED, NULLABLE);
        public static final Int64 TIME = C.timestamp("time", UNIQUE, FILTERED);
        public static final Int64 TIME_NS = C.int64("time_ns", UNIQUE, FILTERED);
        public static final Text EVENT_TYPE = C.text("event_type", FILTERED);
        public static final Int64 SPAN_ID = C.int64("span_id", UNIQUE, FILTERED);
        public static final Int64 PARENT_SPAN_ID = C.int64("parent_span_id", UNIQUE);
        public static final Int32 DEPTH = C.int32("depth", FILTERED);
        public static final Text NAME = C.text("name", FILTERED);
        public static final Text TARGET = C.text("target", FILTERED);
        public static final Text SOURCE_FILE = C.text("source_file");
        public static final Int32 LINE = C.int32("line");
        public static final Text TRACE_ID = C.text("trace_id", UNIQUE, NULLABLE);
        public static final StringMap ATTRIBUTES = C.stringMap("attributes");
        static final List<Column> COLUMNS = C.close();

        private AsyncEvents() {
        }
    }

    /**
     * One row per process with a block in the window. owner_key_id is the API key that registered
     * it (null for items from before keys were recorded): Athena cannot isolate tenants, so an
     * operator defines per-key views by joining on it.
     */
    public static final class Processes {
        private static final Declarations C = new Declarations();
        public static final Text PROCESS_ID = C.text("process_id", FILTERED);
        public static final Text PARENT_PROCESS_ID = C.text("parent_process_id");
        public static final Text OWNER_KEY_ID = C.text("owner_key_id", FILTERED, NULLABLE);
        public static final Text EXE = C.text("exe", FILTERED);
        public static final Text USERNAME = C.text("username");
        public static final Text COMPUTER = C.text("computer", FILTERED);
        public static final Text OS = C.text("os");
        public static final Text CPU = C.text("cpu");
        public static final Text JVM = C.text("jvm");
        public static final Int64 START_TIME = C.timestamp("start_time", FILTERED);
        public static final Int64 START_TICKS = C.int64("start_ticks");
        public static final Int64 TSC_FREQUENCY = C.int64("tsc_frequency");
        public static final StringMap PROPERTIES = C.stringMap("properties");
        static final List<Column> COLUMNS = C.close();

        private Processes() {
        }
    }

    /** One row per stream with a block in the window. */
    public static final class Streams {
        private static final Declarations C = new Declarations();
        public static final Text STREAM_ID = C.text("stream_id");
        public static final Text PROCESS_ID = C.text("process_id", FILTERED);
        public static final StringList TAGS = C.stringList("tags");
        public static final StringMap PROPERTIES = C.stringMap("properties");
        static final List<Column> COLUMNS = C.close();

        private Streams() {
        }
    }

    /** One row per block indexed in the window, of every kind. */
    public static final class Blocks {
        private static final Declarations C = new Declarations();
        public static final Text BLOCK_ID = C.text("block_id");
        public static final Text STREAM_ID = C.text("stream_id");
        public static final Text PROCESS_ID = C.text("process_id", FILTERED);
        public static final Int64 INSERT_TIME = C.timestamp("insert_time", FILTERED);
        public static final Int64 BEGIN_TIME = C.timestamp("begin_time", UNIQUE, FILTERED);
        public static final Int64 END_TIME = C.timestamp("end_time", UNIQUE, FILTERED);
        public static final Int64 BEGIN_TICKS = C.int64("begin_ticks", UNIQUE);
        public static final Int64 END_TICKS = C.int64("end_ticks", UNIQUE);
        public static final Int64 OBJECT_OFFSET = C.int64("object_offset", UNIQUE);
        public static final Int32 NB_OBJECTS = C.int32("nb_objects");
        public static final Int64 PAYLOAD_SIZE = C.int64("payload_size", UNIQUE);
        static final List<Column> COLUMNS = C.close();

        private Blocks() {
        }
    }
}
