package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.DependencySource;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Drains every thread's rings into per-stream blocks and hands sealed blocks to the sink: the
 * only place where transit encoding and compression run. Not thread-safe: one collector thread
 * drives it, or, in manual mode, callers serialise on it. A stream's block is sealed when the
 * next event would pass the target size, on the flush period, on flush, when its thread has
 * died, and at shutdown. Drops counted by the rings are recorded as metric events of the
 * collector's own stream ({@value #DROPPED_METRIC}, per stream).
 */
final class Collector {
    static final String DROPPED_METRIC = "lakeobs.tracing.dropped_events";

    private final TracingRuntime runtime;
    private final Config config;
    private final TelemetrySink sink;
    private final ProcessInfo process;
    private final BlockEncoder encoder;
    private final EventFraming framing = new EventFraming(TelemetryTypes.declarations());
    private final ConcurrentLinkedQueue<Recorder> arrivals = new ConcurrentLinkedQueue<>();
    private final List<Recorder> recorders = new ArrayList<>();
    private final IntMetric droppedMetric = Registry.INSTANCE.intMetric(DROPPED_METRIC, "events", "lakeobs.tracing");
    private final StreamState own;
    final AtomicLongArray dropped = new AtomicLongArray(StreamKind.values().length);
    volatile long sinkFailures;

    Collector(final TracingRuntime runtime, final ProcessInfo process) {
        this.runtime = runtime;
        this.config = runtime.config;
        this.sink = config.sink();
        this.process = process;
        this.encoder = new BlockEncoder(config.compression(), new TracingSummarizer());
        this.own = newStream(StreamKind.METRICS, "lakeobs-collector", -1, -1, process.startTicks(), null);
    }

    void register(final Recorder recorder) {
        arrivals.add(recorder);
    }

    /** Moves every published event into its stream's block, sealing full blocks; returns the events moved. */
    int collect() {
        Recorder arrived;
        while ((arrived = arrivals.poll()) != null) {
            recorders.add(arrived);
        }
        int moved = 0;
        for (int i = recorders.size() - 1; i >= 0; i--) {
            final Recorder recorder = recorders.get(i);
            final boolean dead = !recorder.alive(); // read before draining: a dead thread has published everything
            moved += drain(recorder);
            if (dead) {
                sealStreams(recorder);
                deleteFiles(recorder);
                recorders.remove(i);
                Installation.forget(recorder);
            }
        }
        return moved;
    }

    /** Empties every ring without encoding; see {@link TracingRuntime#discard()}. */
    long discard() {
        Recorder arrived;
        while ((arrived = arrivals.poll()) != null) {
            recorders.add(arrived);
        }
        long bytes = 0;
        for (final Recorder recorder : recorders) {
            for (final StreamKind kind : StreamKind.values()) {
                final Ring ring = recorder.ring(kind);
                if (ring != null) {
                    final long tail = ring.publishedTail();
                    bytes += tail - ring.head();
                    ring.releaseHead(tail);
                }
            }
        }
        return bytes;
    }

    /** Seals every non-empty stream, the collector's own included. */
    void sealAll() {
        for (final Recorder recorder : recorders) {
            sealStreams(recorder);
        }
        seal(own);
    }

    private int drain(final Recorder recorder) {
        int moved = 0;
        for (final StreamKind kind : StreamKind.values()) {
            final Ring ring = recorder.ring(kind);
            if (ring == null) {
                continue;
            }
            StreamState stream = recorder.streams[kind.ordinal()];
            if (stream == null) {
                stream = newStream(kind, recorder.threadName(), recorder.threadId(), recorder.stripe, ring.createdTicks, ring.file);
                recorder.streams[kind.ordinal()] = stream;
            }
            moved += drain(ring, stream);
            reportDrops(ring, stream);
        }
        return moved;
    }

    /**
     * Moves the ring's published events into the stream, walking event boundaries (to cut blocks
     * at the target size and track the last time) but copying each contiguous run at once.
     */
    private int drain(final Ring ring, final StreamState stream) {
        final long tail = ring.publishedTail();
        long head = ring.head();
        final UnsafeBuffer buffer = ring.buffer;
        final int target = config.blockTargetBytes();
        int moved = 0;
        while (head < tail) {
            final int runStart = (int) head & ring.mask;
            if (buffer.getByte(runStart) == RingDescriptor.PADDING_TYPE_ID) {
                head += ring.capacity - runStart;
                stream.ringHead = head;
                continue;
            }
            final int available = (int) Math.min(ring.capacity - runStart, tail - head);
            final int room = target - stream.length;
            int runLength = 0;
            int runEvents = 0;
            int last = runStart;
            boolean full = false;
            boolean corrupt = false;
            while (runLength < available) {
                final int index = runStart + runLength;
                if (buffer.getByte(index) == RingDescriptor.PADDING_TYPE_ID) {
                    break; // the producer wrapped here: the next pass skips to the start
                }
                final int length = framing.length(buffer, index);
                if (length <= 0 || runLength + length > available) {
                    corrupt = true; // never with our own writer; do not loop on garbage
                    break;
                }
                if (runLength + length > room && (stream.count > 0 || runEvents > 0)) {
                    full = true; // an event larger than the target still gets a block of its own
                    break;
                }
                last = index;
                runLength += length;
                runEvents++;
            }
            if (runEvents > 0) {
                stream.appendRun(buffer, runStart, runLength, runEvents, framing.time(buffer, last, stream.lastTicks));
                head += runLength;
                stream.ringHead = head;
                moved += runEvents;
            }
            if (full) {
                seal(stream);
            } else if (corrupt) {
                head = tail;
                stream.ringHead = head;
            }
        }
        stream.checkpoint(); // before the recording thread may reuse the bytes
        ring.releaseHead(head);
        return moved;
    }

    private void reportDrops(final Ring ring, final StreamState stream) {
        final long total = ring.droppedCount();
        final long delta = total - stream.droppedReported;
        if (delta == 0) {
            return;
        }
        stream.droppedReported = total;
        dropped.addAndGet(stream.kind().ordinal(), delta);
        call(() -> sink.onEventsDropped(stream.kind(), delta));
        final long now = Math.max(config.clock().ticks(), own.lastTicks);
        final int at = own.length;
        final int end = EventEncoder.metricIntWithProperties(own.events, at, droppedMetric.id(), stream.dropProperties.id(),
            now, delta);
        own.length = end;
        own.count++;
        own.lastTicks = now;
    }

    private static void deleteFiles(final Recorder recorder) {
        for (final StreamState stream : recorder.streams) {
            if (stream != null && stream.file != null) {
                stream.file.delete();
            }
        }
    }

    private void sealStreams(final Recorder recorder) {
        for (final StreamState stream : recorder.streams) {
            if (stream != null) {
                seal(stream);
            }
        }
    }

    private void seal(final StreamState stream) {
        if (stream.count == 0) {
            return;
        }
        if (!stream.announced) {
            stream.announced = true;
            call(() -> sink.onStreamCreated(stream.info));
        }
        final long begin = stream.beginTicks;
        final long end = Math.max(stream.lastTicks, begin);
        try {
            final EncodedBlock block = encode(encoder, process, stream.info, stream.events, stream.length, begin, end,
                stream.objectOffset, Registry.INSTANCE);
            call(() -> sink.onBlock(block));
        } catch (final RuntimeException e) {
            sinkFailures++;
        }
        stream.sealed(end);
        stream.checkpoint();
    }

    /** One block of a stream's raw events, {@code [begin, end]} in ticks; also what crash recovery seals. */
    static EncodedBlock encode(final BlockEncoder encoder, final ProcessInfo process, final StreamInfo stream,
                               final DirectBuffer events, final int length, final long begin, final long end,
                               final long objectOffset, final DependencySource dependencies) {
        final UUID blockId = UUID.randomUUID();
        final BlockSpan span = new BlockSpan(process.processId(), stream.streamId(), blockId, wallNanos(process, begin),
            wallNanos(process, end), begin - process.startTicks(), end - process.startTicks(), objectOffset);
        final byte[] bytes = encoder.encode(span, stream.declarations(), events, 0, length, dependencies);
        final BlockHeader header = BlockHeader.decode(new UnsafeBuffer(bytes), 0, bytes.length);
        return new EncodedBlock(stream.streamId(), blockId, stream.kind(), bytes, header);
    }

    private static long wallNanos(final ProcessInfo process, final long ticks) {
        final long elapsed = ticks - process.startTicks();
        final long frequency = process.ticksPerSecond();
        final long nanos = frequency == 1_000_000_000L ? elapsed : (long) (elapsed * (1e9 / frequency));
        return process.startTimeNanos() + nanos;
    }

    /** @param stripe the virtual-thread stripe the stream is of ({@link VirtualStripes}), or -1 */
    private StreamState newStream(final StreamKind kind, final String threadName, final long threadId, final int stripe,
                                  final long beginTicks, final StreamFile file) {
        final StreamInfo info = streamInfo(file == null ? UUID.randomUUID() : file.streamId, process.processId(), kind,
            threadName, threadId, stripe);
        final PropertySet dropProperties = Registry.INSTANCE.properties(Map.of("stream-id", info.streamId().toString(),
            "kind", kind.tag(), "thread-name", threadName));
        return new StreamState(info, beginTicks, dropProperties, file);
    }

    /** What the sink is told about a thread's stream (also by crash recovery, for a dead process's). */
    static StreamInfo streamInfo(final UUID streamId, final UUID processId, final StreamKind kind, final String threadName,
                                 final long threadId) {
        return streamInfo(streamId, processId, kind, threadName, threadId, -1);
    }

    /** A virtual-thread stripe's stream ({@code stripe >= 0}) also says which stripe it is. */
    static StreamInfo streamInfo(final UUID streamId, final UUID processId, final StreamKind kind, final String threadName,
                                 final long threadId, final int stripe) {
        final Map<String, String> properties = stripe < 0
            ? Map.of("thread-name", threadName, "thread-id", Long.toString(threadId))
            : Map.of("thread-name", threadName, "thread-id", Long.toString(threadId),
                VirtualStripes.STRIPE_PROPERTY, Integer.toString(stripe));
        return new StreamInfo(streamId, processId, kind, List.of(kind.tag()), properties, TelemetryTypes.declarations());
    }

    void call(final Runnable sinkCall) {
        try {
            sinkCall.run();
        } catch (final RuntimeException e) {
            sinkFailures++;
        }
    }
}
