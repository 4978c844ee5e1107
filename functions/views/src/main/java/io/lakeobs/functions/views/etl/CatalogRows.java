package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.RowSink;
import org.apache.parquet.io.api.Binary;

import java.util.Map;
import java.util.TreeMap;

/** processes, streams and blocks rows: straight from catalog metadata, one row per item. */
final class CatalogRows {
    private CatalogRows() {
    }

    static void process(final RowSink file, final ProcessMeta p) {
        file.write(c -> {
            View.Processes.PROCESS_ID.write(c, Binary.fromString(p.processId().toString()));
            View.Processes.PARENT_PROCESS_ID.write(c, Binary.fromString(p.parentProcessId() == null ? "" : p.parentProcessId().toString()));
            View.Processes.OWNER_KEY_ID.write(c, p.ownerKeyId() == null ? null : Binary.fromString(p.ownerKeyId()));
            View.Processes.EXE.write(c, Binary.fromString(p.exe()));
            View.Processes.USERNAME.write(c, Binary.fromString(p.username()));
            View.Processes.COMPUTER.write(c, Binary.fromString(p.computer()));
            View.Processes.OS.write(c, Binary.fromString(p.os()));
            View.Processes.CPU.write(c, Binary.fromString(p.cpu()));
            View.Processes.JVM.write(c, Binary.fromString(p.jvm()));
            View.Processes.START_TIME.write(c, BlockContext.micros(p.startTimeNanos()));
            View.Processes.START_TICKS.write(c, p.startTicks());
            View.Processes.TSC_FREQUENCY.write(c, p.ticksPerSecond());
            final Binary[][] properties = encode(p.properties());
            View.Processes.PROPERTIES.write(c, properties[0], properties[1], properties[0].length);
        });
    }

    static void stream(final RowSink file, final StreamMeta s) {
        file.write(c -> {
            View.Streams.STREAM_ID.write(c, Binary.fromString(s.streamId().toString()));
            View.Streams.PROCESS_ID.write(c, Binary.fromString(s.processId().toString()));
            final Binary[] tags = s.tags().stream().map(Binary::fromString).toArray(Binary[]::new);
            View.Streams.TAGS.write(c, tags, tags.length);
            final Binary[][] properties = encode(s.properties());
            View.Streams.PROPERTIES.write(c, properties[0], properties[1], properties[0].length);
        });
    }

    static void block(final RowSink file, final BlockMeta b) {
        file.write(c -> {
            View.Blocks.BLOCK_ID.write(c, Binary.fromString(b.blockId().toString()));
            View.Blocks.STREAM_ID.write(c, Binary.fromString(b.streamId().toString()));
            View.Blocks.PROCESS_ID.write(c, Binary.fromString(b.processId().toString()));
            View.Blocks.INSERT_TIME.write(c, b.insertTimeMillis() * 1000L);
            View.Blocks.BEGIN_TIME.write(c, BlockContext.micros(b.beginTimeNanos()));
            View.Blocks.END_TIME.write(c, BlockContext.micros(b.endTimeNanos()));
            View.Blocks.BEGIN_TICKS.write(c, b.beginTicks());
            View.Blocks.END_TICKS.write(c, b.endTicks());
            View.Blocks.OBJECT_OFFSET.write(c, b.objectOffset());
            View.Blocks.NB_OBJECTS.write(c, b.objectCount());
            View.Blocks.PAYLOAD_SIZE.write(c, b.payloadSize());
        });
    }

    private static Binary[][] encode(final Map<String, String> properties) {
        final TreeMap<String, String> sorted = new TreeMap<>(properties);
        final Binary[][] encoded = new Binary[2][sorted.size()];
        int i = 0;
        for (final Map.Entry<String, String> entry : sorted.entrySet()) {
            encoded[0][i] = Binary.fromString(entry.getKey());
            encoded[1][i++] = Binary.fromString(entry.getValue());
        }
        return encoded;
    }
}
