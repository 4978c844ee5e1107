package io.lakeobs.benchmarks.views;

import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The views benchmarks' source data: blocks of one stream, logs (four call sites with arguments,
 * one static) or metrics (three, one with properties), LZ4. Block {@code index} is a pure function
 * of its index, so a harness can encode it when the ETL fetches it instead of holding a window of
 * blocks in memory.
 */
final class BenchBlocks {
    static final long START_TIME = 1_763_700_000_000_000_000L;
    static final long START_TICKS = 5_000_000L;
    static final long FREQUENCY = 1_000_000_000L;
    static final int EVENTS_PER_BLOCK = 10_000;
    static final long INSERT_MILLIS = 1_763_700_100_000L;
    /** Ticks reserved per event (an event advances the clock by 500 to 1 523). */
    private static final long TICKS_PER_EVENT = 1_600;
    private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel"};
    private final Map<Integer, byte[]> dependencies = new HashMap<>();
    private final BlockEncoder encoder = new BlockEncoder(Compression.LZ4, new TelemetrySummarizer());
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1 << 20);
    private final ProcessMeta process;
    private final StreamMeta stream;
    private final boolean logs;

    BenchBlocks(final ProcessMeta process, final UUID streamId, final boolean logs) {
        this.process = process;
        this.logs = logs;
        this.stream = new StreamMeta(streamId, process.processId(), TelemetryTypes.declarations(),
            List.of(logs ? "log" : "metrics"), Map.of("thread-name", "main", "thread-id", "1"));
        dependencies.put(1, DependencyEncoder.logCallSite(1, Level.INFO, 10, "app.http.Server", "request {} took {} us", "Server.java"));
        dependencies.put(2, DependencyEncoder.logCallSite(2, Level.WARN, 20, "app.db.Pool", "pool {} waited {} ms", "Pool.java"));
        dependencies.put(3, DependencyEncoder.logCallSite(3, Level.ERROR, 30, "app.http.Server", "failed {}: {}", "Server.java"));
        dependencies.put(4, DependencyEncoder.logCallSite(4, Level.DEBUG, 40, "app.cache.Lru", "evicted {} entries", "Lru.java"));
        dependencies.put(5, DependencyEncoder.logCallSite(5, Level.INFO, 50, "app.Main", "heartbeat", "Main.java"));
        dependencies.put(6, DependencyEncoder.metricDescriptor(6, "request_latency", "us", "app.http.Server"));
        dependencies.put(7, DependencyEncoder.metricDescriptor(7, "pool_size", "connections", "app.db.Pool"));
        dependencies.put(8, DependencyEncoder.metricDescriptor(8, "queue_depth", "items", "app.queue.Worker"));
        dependencies.put(9, DependencyEncoder.propertySet(9, new TreeMap<>(Map.of("pool", "orders", "shard", "3"))));
    }

    static ProcessMeta process(final UUID id) {
        return new ProcessMeta(id, null, "bench.jar", "bench", "host-1", "Linux", "x86_64", "17", START_TIME, START_TICKS, FREQUENCY,
            Map.of("env", "bench", "region", "eu-west-1"), "k0123456789abcdef");
    }

    private UUID blockId(final int index) {
        return new UUID(3, index + (logs ? 0 : 1 << 20));
    }

    /** Block {@code index}'s bytes: {@link #EVENTS_PER_BLOCK} events, the same on every call. */
    byte[] encode(final int index) {
        long ticks = START_TICKS + (long) index * EVENTS_PER_BLOCK * TICKS_PER_EVENT;
        final long beginTicks = ticks;
        long seed = 42 + index;
        int at = 0;
        for (int i = 0; i < EVENTS_PER_BLOCK; i++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            final int r = (int) ((seed >>> 33) & 0x7FFFFFFF);
            ticks += 500 + (r & 1023);
            buffer.checkLimit(at + 256);
            if (logs) {
                final int site = 1 + r % 5;
                if (site == 5) {
                    at = EventEncoder.logStatic(buffer, at, 5, ticks);
                } else {
                    final int start = at;
                    int p = EventEncoder.beginLogArgs(buffer, at, site, ticks, 2);
                    if (site == 3 || site == 2) {
                        p = EventEncoder.putStringArgument(buffer, p, WORDS[r % WORDS.length]);
                    } else {
                        p = EventEncoder.putLongArgument(buffer, p, r % 100_000);
                    }
                    p = EventEncoder.putLongArgument(buffer, p, r % 977);
                    at = EventEncoder.endLogArgs(buffer, start, p);
                }
            } else {
                switch (r % 3) {
                    case 0 -> at = EventEncoder.metricInt(buffer, at, 6, ticks, r % 50_000);
                    case 1 -> at = EventEncoder.metricFloatWithProperties(buffer, at, 7, 9, ticks, (r % 640) / 10.0);
                    default -> at = EventEncoder.metricInt(buffer, at, 8, ticks, r % 300);
                }
            }
        }
        final long endTicks = beginTicks + EVENTS_PER_BLOCK * TICKS_PER_EVENT;
        final BlockSpan span = new BlockSpan(process.processId(), stream.streamId(), blockId(index),
            START_TIME + (beginTicks - START_TICKS), START_TIME + (endTicks - START_TICKS), beginTicks - START_TICKS,
            endTicks - START_TICKS, (long) index * EVENTS_PER_BLOCK);
        return encoder.encode(span, TelemetryTypes.declarations(), buffer, 0, at, (id, out, i) -> {
            final byte[] b = dependencies.get(id);
            out.putBytes(i, b);
            return b.length;
        });
    }

    /** A block's catalog entry from its encoded header (sizes and counts as encoded). */
    SourceBlock source(final byte[] bytes) {
        final BlockHeader h = BlockHeader.decode(new UnsafeBuffer(bytes), 0, bytes.length);
        return new SourceBlock(new BlockMeta(h.blockId(), stream.streamId(), process.processId(), INSERT_MILLIS,
            h.beginTimeNanos(), h.endTimeNanos(), h.beginTicks(), h.endTicks(), h.objectOffset(), h.objectCount(),
            bytes.length, "blocks/" + h.blockId(), h.summary().logCount(), h.summary().metricCount(), 0), stream, process);
    }
}
