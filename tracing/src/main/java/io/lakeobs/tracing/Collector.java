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
 * collector's own stream ({@value #DROPPED_METRIC}, per stream), handed to the sink
 * ({@code onEventsDropped}) and reported on the application side ({@link DropReporter}).
 */
final class Collector {
    static final String DROPPED_METRIC = "lakeobs.tracing.dropped_events";
    /** How {@link #walk} stopped. */
    private static final int END = 0;
    private static final int PADDING = 1;
    private static final int CORRUPT = 2;
    private static final int SEALED = 3;

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
    private final DropReporter dropReporter;
    final AtomicLongArray dropped = new AtomicLongArray(StreamKind.values().length);
    volatile long sinkFailures;
    private long backlogBytes;
    /** What the last {@link #walk} did: how it stopped; events moved and blocks sealed, counted by the callers. */
    private int walkStop;
    private int walkedEvents;
    private int walkSeals;

    Collector(final TracingRuntime runtime, final ProcessInfo process) {
        this.runtime = runtime;
        this.config = runtime.config;
        this.sink = config.sink();
        this.process = process;
        this.encoder = new BlockEncoder(config.compression(), new TracingSummarizer());
        this.dropReporter = new DropReporter(config.dropReports(), config.clock(), config.flushPeriod());
        this.own = newStream(StreamKind.METRICS, "lakeobs-collector", -1, -1, process.startTicks(), null);
    }

    void register(final Recorder recorder) {
        arrivals.add(recorder);
    }

    /**
     * Moves every published event into its stream's block, sealing full blocks, backlogs
     * included; returns the events moved. For flushes, manual mode and shutdown.
     */
    int collect() {
        return collect(Integer.MAX_VALUE);
    }

    /**
     * One pass of the collector thread: first moves the bytes of rings past half full (and of
     * rings with a backlog) into their backlog, then moves events into blocks, sealing at most
     * one block per stream, so that encoding never keeps the collector from the rings for
     * longer than one block.
     *
     * @return events moved into blocks, plus one if bytes were evacuated (the pass did work)
     */
    int collectSome() {
        return collect(1);
    }

    private int collect(final int sealsPerStream) {
        Recorder arrived;
        while ((arrived = arrivals.poll()) != null) {
            recorders.add(arrived);
        }
        int moved = 0;
        for (int i = recorders.size() - 1; i >= 0; i--) {
            final Recorder recorder = recorders.get(i);
            final boolean dead = !recorder.alive(); // read before draining: a dead thread has published everything
            moved += drain(recorder, dead ? Integer.MAX_VALUE : sealsPerStream);
            if (dead) {
                sealStreams(recorder);
                deleteFiles(recorder);
                recorders.remove(i);
                Installation.forget(recorder);
            }
        }
        dropReporter.report();
        return moved;
    }

    /** Empties every ring and backlog without encoding; see {@link TracingRuntime#discard()}. */
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
                final StreamState stream = recorder.streams[kind.ordinal()];
                while (stream != null && !stream.backlog.isEmpty()) {
                    backlogBytes -= stream.backlog.doneWithOldest();
                }
            }
        }
        return bytes;
    }

    /** Reports on the application side the drops not reported yet, whatever the interval (at shutdown). */
    void reportRemainingDrops() {
        dropReporter.reportRemaining();
    }

    /** Seals every non-empty stream, the collector's own included. */
    void sealAll() {
        for (final Recorder recorder : recorders) {
            sealStreams(recorder);
        }
        seal(own);
    }

    private int drain(final Recorder recorder, final int seals) {
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
            moved += drain(ring, stream, stream.backlog, seals);
            reportDrops(ring, stream);
        }
        return moved;
    }

    /**
     * Evacuates the ring into the backlog if it is past half full or the backlog holds events
     * already (within the configured backlog capacity), then moves the backlog's events and, once it
     * is empty, the ring's into the stream, sealing at most {@code seals} blocks in all.
     */
    private int drain(final Ring ring, final StreamState stream, final Backlog backlog, final int seals) {
        int moved = 0;
        final long used = ring.publishedTail() - ring.head();
        if (ring.file == null && used > 0 && (!backlog.isEmpty() || used > ring.capacity >> 1)
            && backlogBytes + used <= config.backlogCapacity()) {
            backlogBytes += backlog.evacuate(ring);
            moved++;
        }
        final int before = walkSeals;
        if (!backlog.isEmpty()) {
            moved += drain(backlog, stream, seals);
        }
        final int left = seals - (walkSeals - before);
        if (backlog.isEmpty() && left > 0) { // what the backlog could not take (past its cap) follows it
            moved += drain(ring, stream, left);
        }
        return moved;
    }

    /** Moves the ring's published events into the stream, sealing at most {@code seals} blocks (the rest waits in the ring). */
    private int drain(final Ring ring, final StreamState stream, final int seals) {
        final long tail = ring.publishedTail();
        long head = ring.head();
        walkedEvents = 0;
        int sealed = 0;
        while (head < tail && sealed < seals) {
            final int index = (int) head & ring.mask;
            final int before = walkSeals;
            final int consumed = walk(ring.buffer, index, (int) Math.min(ring.capacity - index, tail - head), stream,
                seals - sealed, head);
            sealed += walkSeals - before;
            head += consumed;
            if (walkStop == PADDING) {
                head += ring.capacity - (index + consumed); // the producer wrapped here: on to the next lap
            } else if (walkStop == CORRUPT) {
                head = tail;
            }
            stream.ringHead = head;
        }
        stream.checkpoint(); // before the recording thread may reuse the bytes
        ring.releaseHead(head);
        return walkedEvents;
    }

    /** Moves the backlog's events into the stream, sealing at most {@code seals} blocks. */
    private int drain(final Backlog backlog, final StreamState stream, final int seals) {
        walkedEvents = 0;
        int sealed = 0;
        Backlog.Segment segment;
        while (sealed < seals && (segment = backlog.oldest()) != null) {
            final int before = walkSeals;
            segment.position += walk(segment.buffer, segment.position, segment.remaining(), stream, seals - sealed, -1);
            sealed += walkSeals - before;
            if (walkStop != SEALED || segment.remaining() == 0) {
                backlogBytes -= backlog.doneWithOldest();
            }
        }
        return walkedEvents;
    }

    /**
     * Moves whole events of {@code buffer[from, from + available)} into the stream, walking event
     * boundaries (to cut blocks at the target size and track the last time) but copying each
     * contiguous run at once; seals a full block, at most {@code seals} times. Stops at a padding
     * byte, at bytes that do not frame, after the last seal allowed, or at the end
     * ({@link #walkStop}); {@code position} is the ring position of {@code from} (kept as the
     * stream's checkpointed head), or -1 for a backlog.
     *
     * @return bytes consumed
     */
    private int walk(final DirectBuffer buffer, final int from, final int available, final StreamState stream,
                     final int seals, final long position) {
        final int target = config.blockTargetBytes();
        int consumed = 0;
        int sealed = 0;
        while (consumed < available) {
            final int runStart = from + consumed;
            if (buffer.getByte(runStart) == RingDescriptor.PADDING_TYPE_ID) {
                walkStop = PADDING;
                return consumed;
            }
            final int room = target - stream.length;
            int runLength = 0;
            int runEvents = 0;
            int last = runStart;
            boolean full = false;
            boolean corrupt = false;
            while (consumed + runLength < available) {
                final int index = runStart + runLength;
                if (buffer.getByte(index) == RingDescriptor.PADDING_TYPE_ID) {
                    break; // the producer wrapped here: the next round stops there
                }
                final int length = framing.length(buffer, index);
                if (length <= 0 || consumed + runLength + length > available) {
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
                consumed += runLength;
                walkedEvents += runEvents;
                if (position >= 0) {
                    stream.ringHead = position + consumed;
                }
            }
            if (full) {
                seal(stream);
                walkSeals++;
                if (++sealed >= seals) {
                    walkStop = SEALED;
                    return consumed;
                }
            } else if (corrupt) {
                walkStop = CORRUPT;
                return consumed;
            }
        }
        walkStop = END;
        return consumed;
    }

    private void reportDrops(final Ring ring, final StreamState stream) {
        final long total = ring.droppedCount();
        final long delta = total - stream.droppedReported;
        if (delta == 0) {
            return;
        }
        stream.droppedReported = total;
        dropped.addAndGet(stream.kind().ordinal(), delta);
        dropReporter.dropped(stream.kind(), delta);
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
