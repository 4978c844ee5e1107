package io.lakeobs.functions.views.trace;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.functions.views.parquet.RowValues;
import io.lakeobs.transit.telemetry.Level;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Sinks for the ETL's thread_spans, async_events and log_entries rows that keep, as
 * {@link ChromeTrace} records, those inside {@code [fromNanos, toNanos)} (a span when it overlaps
 * it), with the same columns and bounds as {@code lakeobs trace} reads from the Parquet views.
 * The rows are the ETL's own ({@link RowValues}), so the trace and the views cannot disagree.
 */
final class TraceRows {
    private final long fromNanos;
    private final long toNanos;
    private final List<ChromeTrace.ThreadSpan> spans = new ArrayList<>();
    private final List<ChromeTrace.AsyncEvent> async = new ArrayList<>();
    private final List<ChromeTrace.LogEntry> logs = new ArrayList<>();

    TraceRows(final long fromNanos, final long toNanos) {
        this.fromNanos = fromNanos;
        this.toNanos = toNanos;
    }

    /** One sink per view the trace needs. */
    Map<View, RowSink> sinks() {
        final Map<View, RowSink> sinks = new EnumMap<>(View.class);
        final RowValues span = new RowValues(View.THREAD_SPANS.columns().size());
        sinks.put(View.THREAD_SPANS, row -> {
            final RowValues r = span.read(row);
            if (r.int64(View.ThreadSpans.END_NS) >= fromNanos && r.int64(View.ThreadSpans.BEGIN_NS) < toNanos) {
                spans.add(new ChromeTrace.ThreadSpan(r.text(View.ThreadSpans.THREAD_NAME), r.int64(View.ThreadSpans.THREAD_ID),
                    r.int64(View.ThreadSpans.ID), r.int64(View.ThreadSpans.PARENT), r.int32(View.ThreadSpans.DEPTH),
                    r.int64(View.ThreadSpans.BEGIN_NS), r.int64(View.ThreadSpans.END_NS), r.text(View.ThreadSpans.NAME),
                    r.text(View.ThreadSpans.TARGET)));
            }
        });
        final RowValues event = new RowValues(View.ASYNC_EVENTS.columns().size());
        sinks.put(View.ASYNC_EVENTS, row -> {
            final RowValues r = event.read(row);
            if (inRange(r.int64(View.AsyncEvents.TIME_NS))) {
                async.add(new ChromeTrace.AsyncEvent(r.text(View.AsyncEvents.THREAD_NAME), r.int64(View.AsyncEvents.THREAD_ID),
                    r.int64(View.AsyncEvents.TIME_NS), "begin".equals(r.text(View.AsyncEvents.EVENT_TYPE)),
                    r.int64(View.AsyncEvents.SPAN_ID), r.int64(View.AsyncEvents.PARENT_SPAN_ID), r.text(View.AsyncEvents.NAME),
                    r.text(View.AsyncEvents.TARGET)));
            }
        });
        final RowValues log = new RowValues(View.LOG_ENTRIES.columns().size());
        sinks.put(View.LOG_ENTRIES, row -> {
            final RowValues r = log.read(row);
            final View.Origin origin = View.LogEntries.ORIGIN;
            if (inRange(r.int64(origin.timeNs))) {
                final int code = r.int32(View.LogEntries.LEVEL);
                final Level level = Level.fromCode(code);
                logs.add(new ChromeTrace.LogEntry(r.text(origin.threadName), r.int64(origin.threadId), r.int64(origin.timeNs),
                    level == null ? String.valueOf(code) : level.name(), r.text(View.LogEntries.TARGET),
                    r.text(View.LogEntries.MSG)));
            }
        });
        return sinks;
    }

    private boolean inRange(final long nanos) {
        return nanos >= fromNanos && nanos < toNanos;
    }

    List<ChromeTrace.ThreadSpan> spans() {
        return spans;
    }

    List<ChromeTrace.AsyncEvent> asyncEvents() {
        return async;
    }

    List<ChromeTrace.LogEntry> logs() {
        return logs;
    }
}
