package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowFile;
import io.lakeobs.transit.telemetry.LogEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import static io.lakeobs.functions.views.View.LogEntries.*;

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
        c.writeOrigin(consumer, ORIGIN, nanos);
        TARGET.write(consumer, c.cache.get(log.target()));
        LEVEL.write(consumer, log.level());
        final Binary msg;
        if (log.arguments().count() == 0) {
            msg = message.encode(log.template());
        } else {
            rendered.setLength(0);
            log.arguments().render(log.template(), rendered);
            msg = message.encode(rendered);
        }
        MSG.write(consumer, msg);
        // exception columns: left null until the recording side records throwables
        PROPERTIES.write(consumer, NONE, NONE, 0);
        PROCESS_PROPERTIES.write(consumer, c.processKeys, c.processValues, c.processKeys.length);
    }
}
