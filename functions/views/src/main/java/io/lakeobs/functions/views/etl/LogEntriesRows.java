package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowFile;
import io.lakeobs.transit.telemetry.LogEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import static io.lakeobs.functions.views.parquet.Fields.*;

/** log_entries rows: one per log event; the message is rendered into a reused buffer. */
final class LogEntriesRows implements ParquetRow {
    private static final Binary[] NONE = new Binary[0];
    private final RowFile file;
    private final BlockContext context;
    private final StringBuilder rendered = new StringBuilder(256);
    private final Utf8Buffer message = new Utf8Buffer();
    private LogEvent log;

    LogEntriesRows(final RowFile file, final BlockContext context) {
        this.file = file;
        this.context = context;
    }

    void onLog(final LogEvent event) {
        log = event;
        file.write(this);
    }

    @Override
    public void writeTo(final RecordConsumer consumer) {
        final BlockContext c = context;
        final long nanos = c.clock.toNanos(log.ticks());
        c.writeOriginAndTime(consumer, nanos);
        string(consumer, "target", 9, c.cache.get(log.target()));
        int32(consumer, "level", 10, log.level());
        final Binary msg;
        if (log.arguments().count() == 0) {
            msg = message.encode(log.template());
        } else {
            rendered.setLength(0);
            log.arguments().render(log.template(), rendered);
            msg = message.encode(rendered);
        }
        string(consumer, "msg", 11, msg);
        map(consumer, "properties", 12, NONE, NONE, 0);
        map(consumer, "process_properties", 13, c.processKeys, c.processValues, c.processKeys.length);
    }
}
