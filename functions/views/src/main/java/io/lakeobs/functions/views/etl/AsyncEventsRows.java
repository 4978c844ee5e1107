package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowFile;
import io.lakeobs.transit.telemetry.SpanEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import static io.lakeobs.functions.views.parquet.Fields.*;

/** async_events rows: one per async span begin or end, with the ids the application recorded. */
final class AsyncEventsRows implements ParquetRow {
    private static final Binary BEGIN = Binary.fromString("begin");
    private static final Binary END = Binary.fromString("end");
    private final RowFile file;
    private final BlockContext context;
    private SpanEvent span;

    AsyncEventsRows(final RowFile file, final BlockContext context) {
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
        string(consumer, "process_id", 0, c.processId);
        string(consumer, "stream_id", 1, c.streamId);
        string(consumer, "block_id", 2, c.blockId);
        int64(consumer, "insert_time", 3, c.insertMicros);
        int64(consumer, "time", 4, BlockContext.micros(nanos));
        int64(consumer, "time_ns", 5, nanos);
        string(consumer, "event_type", 6, span.begin() ? BEGIN : END);
        int64(consumer, "span_id", 7, span.spanId());
        int64(consumer, "parent_span_id", 8, span.parentId());
        int32(consumer, "depth", 9, span.depth());
        string(consumer, "name", 10, c.cache.get(span.name()));
        string(consumer, "target", 11, c.cache.get(span.target()));
        string(consumer, "filename", 12, c.cache.get(span.file()));
        int32(consumer, "line", 13, span.line());
    }
}
