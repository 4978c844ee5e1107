package io.lakeobs.functions.views;

import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.ProcessMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.StreamMeta;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventDescriptor;
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

/** Builds real transit blocks with transit's encoders, and the catalog metadata that goes with them. */
public final class TestBlocks {
    public static final long START_TIME = 1_763_700_000_000_000_000L; // 2025-11-21T04:40:00Z
    public static final long START_TICKS = 5_000_000L;
    public static final long FREQUENCY = 10_000_000L; // 100 ns per tick
    public static final String OWNER_KEY_ID = "k0123456789abcdef";
    public static final long THREAD_ID = 17;

    public static ProcessMeta process(final UUID id, final String exe, final long frequency) {
        return new ProcessMeta(id, null, exe, "alice", "host-1", "Linux", "x86_64", "17", START_TIME, START_TICKS, frequency,
            Map.of("env", "test", "region", "eu"), OWNER_KEY_ID);
    }

    public static StreamMeta stream(final UUID id, final UUID process, final String thread) {
        return new StreamMeta(id, process, TelemetryTypes.declarations(), List.of("log"), Map.of("thread-name", thread,
            "thread-id", Long.toString(THREAD_ID)));
    }

    /** ns of a raw tick value for {@link #FREQUENCY}. */
    public static long nanos(final long ticks) {
        return START_TIME + (ticks - START_TICKS) * (1_000_000_000L / FREQUENCY);
    }

    /** Events of one block, written with {@link EventEncoder}; dependencies registered by id. */
    public static final class Builder {
        private final ExpandableArrayBuffer events = new ExpandableArrayBuffer(4096);
        private final Map<Integer, byte[]> dependencies = new HashMap<>();
        private int at;
        private long firstTicks = Long.MAX_VALUE;
        private long lastTicks = Long.MIN_VALUE;

        public Builder() {
            dependencies.put(1, DependencyEncoder.logCallSite(1, Level.ERROR, 42, "app.Main", "took {} ms for {}", "Main.java"));
            dependencies.put(2, DependencyEncoder.logCallSite(2, Level.INFO, 7, "app.Main", "started", "Main.java"));
            dependencies.put(3, DependencyEncoder.metricDescriptor(3, "latency", "ns", "app.Main"));
            dependencies.put(4, DependencyEncoder.spanDescriptor(4, 10, "outer", "app.Work", "Work.java"));
            dependencies.put(5, DependencyEncoder.spanDescriptor(5, 20, "inner", "app.Work", "Work.java"));
            dependencies.put(6, DependencyEncoder.staticString(6, "bridge.Logger"));
            dependencies.put(7, DependencyEncoder.propertySet(7, new TreeMap<>(Map.of("pool", "db", "shard", "2"))));
            dependencies.put(8, DependencyEncoder.metricDescriptor(8, "queue", "items", "app.Queue"));
        }

        private void time(final long ticks) {
            firstTicks = Math.min(firstTicks, ticks);
            lastTicks = Math.max(lastTicks, ticks);
            events.checkLimit(at + 1024);
        }

        public Builder logStatic(final long ticks) {
            time(ticks);
            at = EventEncoder.logStatic(events, at, 2, ticks);
            return this;
        }

        public Builder logArgs(final long ticks, final long millis, final String what) {
            time(ticks);
            final int start = at;
            int i = EventEncoder.beginLogArgs(events, at, 1, ticks, 2);
            i = EventEncoder.putLongArgument(events, i, millis);
            i = EventEncoder.putStringArgument(events, i, what);
            at = EventEncoder.endLogArgs(events, start, i);
            return this;
        }

        /** A log of call site 1 with a float, a char and a string cut by the writer (format version 2). */
        public Builder logTyped(final long ticks, final float value, final char unit, final String cut) {
            time(ticks);
            final int start = at;
            int i = EventEncoder.beginLogArgs(events, at, 1, ticks, 3);
            i = EventEncoder.putFloatArgument(events, i, value);
            i = EventEncoder.putCharArgument(events, i, unit);
            i = EventEncoder.putStringArgument(events, i, cut, true);
            at = EventEncoder.endLogArgs(events, start, i);
            return this;
        }

        /**
         * A log_record of call site 2 with properties and, when {@code exception} is not empty, a
         * throwable chain given as (class, message, stack) triples.
         */
        public Builder logRecord(final long ticks, final Map<String, String> properties, final String... exception) {
            time(ticks);
            final int start = at;
            int i = EventEncoder.beginLogRecord(events, at, 2, ticks, 0);
            final int propertiesMember = i;
            i = EventEncoder.nextRecordMember(events, start + EventDescriptor.LOG_ARGS_MEMBER, i, properties.size());
            for (final Map.Entry<String, String> entry : properties.entrySet()) {
                i = EventEncoder.putProperty(events, i, entry.getKey(), entry.getValue());
            }
            final int exceptionMember = i;
            i = EventEncoder.nextRecordMember(events, propertiesMember, i, exception.length);
            for (final String value : exception) {
                i = EventEncoder.putStringArgument(events, i, value);
            }
            at = EventEncoder.endLogRecord(events, start, exceptionMember, i);
            return this;
        }

        public Builder logDynamic(final long ticks, final Level level, final String message) {
            time(ticks);
            final int start = at;
            final int i = EventEncoder.beginLogDynamic(events, at, level.code(), 6, ticks, message, 0);
            at = EventEncoder.endLogDynamic(events, start, i);
            return this;
        }

        public Builder metric(final long ticks, final long value) {
            time(ticks);
            at = EventEncoder.metricInt(events, at, 3, ticks, value);
            return this;
        }

        public Builder metricWithProperties(final long ticks, final double value) {
            time(ticks);
            at = EventEncoder.metricFloatWithProperties(events, at, 8, 7, ticks, value);
            return this;
        }

        /** The events after it are thread {@code thread}'s (a stream virtual threads share). */
        public Builder threadSwitch(final long thread, final long ticks) {
            time(ticks);
            at = EventEncoder.threadSwitch(events, at, thread, ticks);
            return this;
        }

        public Builder begin(final int span, final long ticks) {
            time(ticks);
            at = EventEncoder.spanBegin(events, at, span, ticks);
            return this;
        }

        public Builder end(final int span, final long ticks) {
            time(ticks);
            at = EventEncoder.spanEnd(events, at, span, ticks);
            return this;
        }

        public Builder asyncBegin(final long spanId, final long parent, final int depth, final long ticks) {
            time(ticks);
            at = EventEncoder.asyncBegin(events, at, 4, spanId, parent, depth, ticks);
            return this;
        }

        public Builder asyncEnd(final long spanId, final long parent, final int depth, final long ticks) {
            time(ticks);
            at = EventEncoder.asyncEnd(events, at, 4, spanId, parent, depth, ticks);
            return this;
        }

        /** Encodes the block; header wall times/ticks bracket its events (ticks relative to process start). */
        public Encoded encode(final UUID process, final UUID stream, final long objectOffset, final long insertMillis) {
            final long beginTicks = firstTicks - START_TICKS;
            final long endTicks = lastTicks - START_TICKS + 1;
            final BlockSpan span = new BlockSpan(process, stream, UUID.randomUUID(), nanos(firstTicks), nanos(lastTicks + 1),
                beginTicks, endTicks, objectOffset);
            final byte[] bytes = new BlockEncoder(Compression.LZ4, new TelemetrySummarizer()).encode(span,
                TelemetryTypes.declarations(), events, 0, at, (id, buffer, index) -> {
                    final byte[] b = dependencies.get(id);
                    buffer.putBytes(index, b);
                    return b.length;
                });
            final BlockHeader h = BlockHeader.decode(new UnsafeBuffer(bytes), 0, bytes.length);
            final BlockMeta meta = new BlockMeta(h.blockId(), stream, process, insertMillis, h.beginTimeNanos(), h.endTimeNanos(),
                h.beginTicks(), h.endTicks(), h.objectOffset(), h.objectCount(), bytes.length,
                "blocks/" + process + "/" + stream + "/" + h.blockId(),
                h.summary().logCount(), h.summary().metricCount(), h.summary().spanCount());
            return new Encoded(meta, bytes);
        }
    }

    /** A block's bytes and the catalog metadata of it. */
    public record Encoded(BlockMeta meta, byte[] bytes) {
        public SourceBlock source(final ProcessMeta process, final StreamMeta stream) {
            return new SourceBlock(meta, stream, process);
        }
    }

    private TestBlocks() {
    }
}
