package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

import java.util.Map;
import java.util.TreeMap;

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
    /** The stream's thread id, when {@link #hasThreadId}. */
    long threadId;
    boolean hasThreadId;
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
        blockId = BinaryCache.utf8(block.blockId().toString());
        exe = cache.get(process.exe());
        username = cache.get(process.username());
        computer = cache.get(process.computer());
        threadName = cache.get(source.stream().threadName());
        final Long thread = source.stream().threadId();
        hasThreadId = thread != null;
        threadId = hasThreadId ? thread : 0;
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

    /** From a thread_switch event on: the rows are that thread's (streams that virtual threads share). */
    void switchThread(final long thread) {
        threadId = thread;
        hasThreadId = true;
    }

    /** The columns log_entries and measures both start with: where the event comes from and when it happened. */
    void writeOrigin(final RecordConsumer consumer, final View.Origin origin, final long nanos) {
        origin.processId.write(consumer, processId);
        origin.streamId.write(consumer, streamId);
        origin.blockId.write(consumer, blockId);
        origin.insertTime.write(consumer, insertMicros);
        origin.exe.write(consumer, exe);
        origin.username.write(consumer, username);
        origin.computer.write(consumer, computer);
        origin.threadName.write(consumer, threadName);
        if (hasThreadId) {
            origin.threadId.write(consumer, threadId);
        }
        origin.time.write(consumer, micros(nanos));
        origin.timeNs.write(consumer, nanos);
    }

    static long micros(final long nanos) {
        return Math.floorDiv(nanos, 1000L);
    }
}
