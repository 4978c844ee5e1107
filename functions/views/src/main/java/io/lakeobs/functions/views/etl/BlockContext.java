package io.lakeobs.functions.views.etl;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;
import java.util.TreeMap;

import static io.lakeobs.functions.views.parquet.Fields.int64;
import static io.lakeobs.functions.views.parquet.Fields.string;

/** The per-block values every row of the block shares, encoded once per block. */
final class BlockContext {
    final TickClock clock = new TickClock();
    final BinaryCache cache;
    Binary processId;
    Binary streamId;
    Binary blockId;
    Binary exe;
    Binary username;
    Binary computer;
    Binary threadName;
    long insertMicros;
    Binary[] processKeys = new Binary[0];
    Binary[] processValues = new Binary[0];

    BlockContext(final BinaryCache cache) {
        this.cache = cache;
    }

    void reset(final SourceBlock source) {
        final BlockMeta block = source.block();
        final ProcessMeta process = source.process();
        clock.reset(process, block);
        processId = cache.get(process.processId().toString());
        streamId = cache.get(block.streamId().toString());
        blockId = Binary.fromString(block.blockId().toString());
        exe = cache.get(process.exe());
        username = cache.get(process.username());
        computer = cache.get(process.computer());
        threadName = cache.get(source.stream().threadName());
        insertMicros = Math.multiplyExact(block.insertTimeMillis(), 1000L);
        final Map<String, String> sorted = new TreeMap<>(process.properties());
        processKeys = new Binary[sorted.size()];
        processValues = new Binary[sorted.size()];
        int i = 0;
        for (final Map.Entry<String, String> entry : sorted.entrySet()) {
            processKeys[i] = cache.get(entry.getKey());
            processValues[i++] = cache.get(entry.getValue());
        }
    }

    /**
     * The columns log_entries and measures both start with (0 to 8): where the event comes from
     * and when it happened.
     */
    void writeOriginAndTime(final RecordConsumer consumer, final long nanos) {
        string(consumer, "process_id", 0, processId);
        string(consumer, "stream_id", 1, streamId);
        string(consumer, "block_id", 2, blockId);
        int64(consumer, "insert_time", 3, insertMicros);
        string(consumer, "exe", 4, exe);
        string(consumer, "username", 5, username);
        string(consumer, "computer", 6, computer);
        int64(consumer, "time", 7, micros(nanos));
        int64(consumer, "time_ns", 8, nanos);
    }

    static long micros(final long nanos) {
        return Math.floorDiv(nanos, 1000L);
    }
}
