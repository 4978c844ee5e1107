package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.telemetry.SpanEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import static io.lakeobs.functions.views.View.AsyncEvents.*;

/** async_events rows: one per async span begin or end, with the ids the application recorded. */
final class AsyncEventsRows implements ParquetRow {
    private static final Binary BEGIN = Binary.fromString("begin");
    private static final Binary END = Binary.fromString("end");
    private static final Binary[] NONE = new Binary[0];
    private final RowSink file;
    private final BlockContext context;
    private SpanEvent span;

    AsyncEventsRows(final RowSink file, final BlockContext context) {
        this.file = file;
        this.context = context;
    }

    void onAsync(final SpanEvent event) {
        span = event;
        file.write(this);
    }

    @Override
    public void writeTo(final RecordConsumer consumer) {
        final BlockContext c = context;
        final long nanos = c.clock.toNanos(span.ticks());
        PROCESS_ID.write(consumer, c.processId);
        STREAM_ID.write(consumer, c.streamId);
        BLOCK_ID.write(consumer, c.blockId);
        INSERT_TIME.write(consumer, c.insertMicros);
        THREAD_NAME.write(consumer, c.threadName);
        if (c.hasThreadId) {
            THREAD_ID.write(consumer, c.threadId);
        }
        TIME.write(consumer, BlockContext.micros(nanos));
        TIME_NS.write(consumer, nanos);
        EVENT_TYPE.write(consumer, span.begin() ? BEGIN : END);
        SPAN_ID.write(consumer, span.spanId());
        PARENT_SPAN_ID.write(consumer, span.parentId());
        DEPTH.write(consumer, span.depth());
        NAME.write(consumer, c.cache.get(span.name()));
        TARGET.write(consumer, c.cache.get(span.target()));
        SOURCE_FILE.write(consumer, c.cache.get(span.file()));
        LINE.write(consumer, span.line());
        // trace_id: null until a recorder provides 128-bit trace ids (OpenTelemetry)
        ATTRIBUTES.write(consumer, NONE, NONE, 0);
    }
}
