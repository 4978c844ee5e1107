package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.parquet.ParquetRow;
import io.lakeobs.functions.views.parquet.RowSink;
import io.lakeobs.transit.layout.ObjectDescriptor;
import io.lakeobs.transit.telemetry.Arguments;
import io.lakeobs.transit.telemetry.EventProperties;
import io.lakeobs.transit.telemetry.LogEvent;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import static io.lakeobs.functions.views.View.LogEntries.*;

/**
 * log_entries rows: one per log event; the message is rendered into a reused buffer, each
 * argument as its recorded type shows it. A log_record's properties (MDC values, markers) fill
 * {@code properties} and its throwable the exception columns: the outermost throwable's class
 * and message, and the whole chain, causes included, as {@code printStackTrace} shows it.
 */
final class LogEntriesRows implements ParquetRow {
    private static final Binary[] NONE = new Binary[0];
    private final RowSink file;
    private final BlockContext context;
    private final StringBuilder rendered = new StringBuilder(256);
    private final Utf8Buffer message = new Utf8Buffer();
    private final Binary[] keys = new Binary[256];
    private final Binary[] values = new Binary[256];
    private LogEvent log;

    LogEntriesRows(final RowSink file, final BlockContext context) {
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
        if (log.hasException()) {
            final Arguments exception = log.exception();
            EXCEPTION_CLASS.write(consumer, Binary.fromString(exception.stringValue(0)));
            EXCEPTION_MESSAGE.write(consumer, exception.tag(1) == ObjectDescriptor.ARG_NULL ? null
                : Binary.fromString(exception.stringValue(1)));
            rendered.setLength(0);
            log.appendStackTrace(rendered);
            EXCEPTION_STACK.write(consumer, Binary.fromString(rendered.toString()));
        }
        final EventProperties properties = log.properties();
        final int count = properties.count();
        if (count == 0) {
            PROPERTIES.write(consumer, NONE, NONE, 0);
        } else {
            for (int i = 0; i < count; i++) {
                keys[i] = Binary.fromString(properties.key(i));
                values[i] = Binary.fromString(properties.value(i));
            }
            PROPERTIES.write(consumer, keys, values, count);
        }
        PROCESS_PROPERTIES.write(consumer, c.processKeys, c.processValues, c.processKeys.length);
    }
}
