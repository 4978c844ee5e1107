package io.lakeobs.functions.views.trace;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One process's spans and logs as a Chrome trace-event JSON file, the format ui.perfetto.dev and
 * chrome://tracing open: a track per thread with its thread spans as complete events ({@code ph
 * "X"}, properly nested, as the tracing library records them), async spans as begin/end pairs
 * ({@code ph "b"/"e"}, matched by id) on async tracks, and logs as thread-scoped instant events
 * ({@code ph "i"}), with process and thread names as metadata events. Timestamps are microseconds
 * since {@code originNanos} (with nanosecond decimals), so that nesting stays exact; the origin is
 * in {@code otherData}.
 */
public final class ChromeTrace {
    private static final JsonFactory JSON = new JsonFactory();
    private static final int PID = 1;

    /** A thread span (a row of thread_spans); times are ns since the epoch. */
    public record ThreadSpan(String threadName, Long threadId, long id, long parent, int depth, long beginNanos,
                             long endNanos, String name, String target) {
    }

    /** One end of an async span (a row of async_events): {@code begin} true for its begin. */
    public record AsyncEvent(String threadName, Long threadId, long timeNanos, boolean begin, long spanId, long parentSpanId,
                             String name, String target) {
    }

    /** A log entry (a row of log_entries). */
    public record LogEntry(String threadName, Long threadId, long timeNanos, String level, String target, String msg) {
    }

    /** What the file holds: the process's name and id, the origin, and its events. */
    public record Content(String processName, String processId, long originNanos, List<ThreadSpan> spans,
                          List<AsyncEvent> asyncEvents, List<LogEntry> logs) {
    }

    private ChromeTrace() {
    }

    /** Writes {@code content} as trace-event JSON to {@code out} (not closed). */
    public static void write(final Content content, final OutputStream out) throws IOException {
        final Map<String, Integer> tids = threadIds(content);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeArrayFieldStart("traceEvents");
            metadata(json, "process_name", 0, content.processName());
            for (final Map.Entry<String, Integer> thread : tids.entrySet()) {
                metadata(json, "thread_name", thread.getValue(), thread.getKey());
            }
            final List<ThreadSpan> spans = new ArrayList<>(content.spans());
            // per thread, parents before children: by begin, then the longer first
            spans.sort(Comparator.comparing((ThreadSpan s) -> tids.get(thread(s.threadName(), s.threadId())))
                .thenComparingLong(ThreadSpan::beginNanos).thenComparing(Comparator.comparingLong(ThreadSpan::endNanos).reversed())
                .thenComparingInt(ThreadSpan::depth));
            for (final ThreadSpan span : spans) {
                json.writeStartObject();
                json.writeStringField("ph", "X");
                common(json, span.name(), span.target(), tids.get(thread(span.threadName(), span.threadId())));
                json.writeNumberField("ts", micros(span.beginNanos() - content.originNanos()));
                json.writeNumberField("dur", micros(span.endNanos() - span.beginNanos()));
                json.writeObjectFieldStart("args");
                json.writeNumberField("id", span.id());
                json.writeNumberField("parent", span.parent());
                json.writeNumberField("depth", span.depth());
                json.writeEndObject();
                json.writeEndObject();
            }
            final List<AsyncEvent> async = new ArrayList<>(content.asyncEvents());
            async.sort(Comparator.comparingLong(AsyncEvent::timeNanos).thenComparing(e -> e.begin() ? 1 : 0));
            for (final AsyncEvent event : async) {
                json.writeStartObject();
                json.writeStringField("ph", event.begin() ? "b" : "e");
                common(json, event.name(), event.target(), tids.get(thread(event.threadName(), event.threadId())));
                json.writeStringField("id", "0x" + Long.toHexString(event.spanId()));
                json.writeNumberField("ts", micros(event.timeNanos() - content.originNanos()));
                if (event.begin()) {
                    json.writeObjectFieldStart("args");
                    json.writeNumberField("parent_span_id", event.parentSpanId());
                    json.writeEndObject();
                }
                json.writeEndObject();
            }
            final List<LogEntry> logs = new ArrayList<>(content.logs());
            logs.sort(Comparator.comparingLong(LogEntry::timeNanos));
            for (final LogEntry log : logs) {
                json.writeStartObject();
                json.writeStringField("ph", "i");
                json.writeStringField("s", "t");
                common(json, log.msg(), "log", tids.get(thread(log.threadName(), log.threadId())));
                json.writeNumberField("ts", micros(log.timeNanos() - content.originNanos()));
                json.writeObjectFieldStart("args");
                json.writeStringField("level", log.level());
                json.writeStringField("target", log.target());
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeStringField("displayTimeUnit", "ns");
            json.writeObjectFieldStart("otherData");
            json.writeStringField("process_id", content.processId());
            json.writeNumberField("origin_ns", content.originNanos());
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** Track ids 1, 2, ... in the order of thread names (then ids), so that the file is deterministic. */
    private static Map<String, Integer> threadIds(final Content content) {
        final List<String> threads = new ArrayList<>();
        content.spans().forEach(s -> threads.add(thread(s.threadName(), s.threadId())));
        content.asyncEvents().forEach(e -> threads.add(thread(e.threadName(), e.threadId())));
        content.logs().forEach(l -> threads.add(thread(l.threadName(), l.threadId())));
        final Map<String, Integer> tids = new LinkedHashMap<>();
        threads.stream().distinct().sorted().forEach(t -> tids.put(t, tids.size() + 1));
        return tids;
    }

    /** A thread's track name: its name, with its id when known ({@code main #1}). */
    static String thread(final String name, final Long id) {
        final String base = name == null || name.isEmpty() ? "thread" : name;
        return id == null ? base : base + " #" + id;
    }

    private static void common(final JsonGenerator json, final String name, final String category, final int tid)
        throws IOException {
        json.writeStringField("name", name);
        json.writeStringField("cat", category == null || category.isEmpty() ? "span" : category);
        json.writeNumberField("pid", PID);
        json.writeNumberField("tid", tid);
    }

    private static void metadata(final JsonGenerator json, final String kind, final int tid, final String name)
        throws IOException {
        json.writeStartObject();
        json.writeStringField("ph", "M");
        json.writeStringField("name", kind);
        json.writeNumberField("pid", PID);
        json.writeNumberField("tid", tid);
        json.writeObjectFieldStart("args");
        json.writeStringField("name", name);
        json.writeEndObject();
        json.writeEndObject();
    }

    /** Microseconds with the nanoseconds as three exact decimals. */
    private static java.math.BigDecimal micros(final long nanos) {
        return java.math.BigDecimal.valueOf(nanos, 3);
    }
}
