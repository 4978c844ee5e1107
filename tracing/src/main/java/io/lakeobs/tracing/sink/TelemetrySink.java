package io.lakeobs.tracing.sink;

import java.time.Duration;
import java.util.List;

/**
 * Where a process's telemetry goes once tracing has encoded it: the seam between recording
 * (this library) and shipping (the uploader, a file, a test). Kept small and stable on
 * purpose, like OpenTelemetry's {@code SpanExporter}.
 *
 * <h2>Threading</h2>
 * Every method is called from tracing's single collector thread (or, in manual mode, from the
 * thread that drives the collector), never concurrently, and never from an application thread.
 * Transit encoding and compression have already happened on that thread; the sink receives
 * finished, self-contained blocks.
 *
 * <h2>Order</h2>
 * {@link #onProcessStarted} comes first and exactly once; {@link #onStreamCreated} for a stream
 * comes before any of its blocks; a stream's blocks arrive in order, and
 * {@code block[k].header().endTicks() == block[k+1].header().beginTicks()} (same for wall times).
 *
 * <h2>Back-pressure</h2>
 * A sink that is slow to return from {@link #onBlock} slows the collector; the application
 * threads never wait: their per-thread rings fill and further events are dropped and counted
 * (the counts are themselves recorded as metrics). A sink that queues must bound its queue.
 *
 * <h2>Failures</h2>
 * A sink should not throw. If it does, tracing counts the failure and goes on; the block is lost.
 */
public interface TelemetrySink {
    /** The process's identity and clock; called once, before anything else. */
    void onProcessStarted(ProcessInfo process);

    /** A new stream (one per thread and kind); called before its first block. Metadata: never drop it. */
    void onStreamCreated(StreamInfo stream);

    /**
     * A sealed, encoded block. The sink owns {@code block.bytes()} from now on; tracing never
     * touches the array again.
     */
    void onBlock(EncodedBlock block);

    /**
     * {@code events} of that kind could not be recorded since the last call (a thread's ring was
     * full): they are in no block. With the events of the blocks, this is everything the
     * application recorded, so a sink can tell its losses from tracing's. Called before the
     * block that carries the {@code lakeobs.tracing.dropped_events} metric of these drops.
     */
    default void onEventsDropped(final StreamKind kind, final long events) {
    }

    /**
     * Everything recorded before {@code Tracing.flush()} was called has been handed to
     * {@link #onBlock}; push it out (e.g. start uploads) without waiting for a timer.
     */
    void flush();

    /**
     * The last call: tracing has sealed and handed over every block. Drain what is queued and
     * release resources, returning within {@code deadline} even if that loses data.
     */
    void shutdown(Duration deadline);

    /** A sink that discards everything; the default until an application installs one. */
    static TelemetrySink noop() {
        return NoopSink.INSTANCE;
    }

    /** Fans every call out to each sink in order; a sink that throws does not stop the others. */
    static TelemetrySink composite(final TelemetrySink... sinks) {
        return new CompositeSink(List.of(sinks));
    }
}
