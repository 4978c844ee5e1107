package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.parquet.RowFile;
import org.apache.parquet.io.api.Binary;

import java.util.Map;
import java.util.TreeMap;

import static io.lakeobs.functions.views.parquet.Fields.*;

/** processes, streams and blocks rows: straight from catalog metadata, one row per item. */
final class CatalogRows {
    private CatalogRows() {
    }

    static void process(final RowFile file, final ProcessMeta p) {
        file.write(c -> {
            string(c, "process_id", 0, Binary.fromString(p.processId().toString()));
            string(c, "parent_process_id", 1, Binary.fromString(p.parentProcessId() == null ? "" : p.parentProcessId().toString()));
            string(c, "exe", 2, Binary.fromString(p.exe()));
            string(c, "username", 3, Binary.fromString(p.username()));
            string(c, "computer", 4, Binary.fromString(p.computer()));
            string(c, "os", 5, Binary.fromString(p.os()));
            string(c, "cpu", 6, Binary.fromString(p.cpu()));
            string(c, "jvm", 7, Binary.fromString(p.jvm()));
            int64(c, "start_time", 8, BlockContext.micros(p.startTimeNanos()));
            int64(c, "start_ticks", 9, p.startTicks());
            int64(c, "tsc_frequency", 10, p.ticksPerSecond());
            final Binary[][] properties = encode(p.properties());
            map(c, "properties", 11, properties[0], properties[1], properties[0].length);
        });
    }

    static void stream(final RowFile file, final StreamMeta s) {
        file.write(c -> {
            string(c, "stream_id", 0, Binary.fromString(s.streamId().toString()));
            string(c, "process_id", 1, Binary.fromString(s.processId().toString()));
            final Binary[] tags = s.tags().stream().map(Binary::fromString).toArray(Binary[]::new);
            stringList(c, "tags", 2, tags, tags.length);
            final Binary[][] properties = encode(s.properties());
            map(c, "properties", 3, properties[0], properties[1], properties[0].length);
        });
    }

    static void block(final RowFile file, final BlockMeta b) {
        file.write(c -> {
            string(c, "block_id", 0, Binary.fromString(b.blockId().toString()));
            string(c, "stream_id", 1, Binary.fromString(b.streamId().toString()));
            string(c, "process_id", 2, Binary.fromString(b.processId().toString()));
            int64(c, "insert_time", 3, b.insertTimeMillis() * 1000L);
            int64(c, "begin_time", 4, BlockContext.micros(b.beginTimeNanos()));
            int64(c, "end_time", 5, BlockContext.micros(b.endTimeNanos()));
            int64(c, "begin_ticks", 6, b.beginTicks());
            int64(c, "end_ticks", 7, b.endTicks());
            int64(c, "object_offset", 8, b.objectOffset());
            int32(c, "nb_objects", 9, b.objectCount());
            int64(c, "payload_size", 10, b.payloadSize());
        });
    }

    static boolean isCatalogView(final View view) {
        return view == View.PROCESSES || view == View.STREAMS || view == View.BLOCKS;
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
