package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.FloatMetric;
import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingBuilder;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.ProcessInfo;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.telemetry.Level;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sustained-rate harness (not part of {@code make test}): N threads record a mix of logs,
 * metrics and spans at a fixed total rate for a while, through the real collector, transit
 * encoder and LZ4, into a sink that discards blocks. Reports drops (must be 0), the collector's
 * CPU time (encoding and compression) per event and per second, and the stored bytes per event.
 *
 * <pre>java -cp ... io.lakeobs.benchmarks.tracing.SustainedRate [seconds=30] [eventsPerSecond=5000000] [threads=4] [ringMiB=tracing's default]</pre>
 */
public final class SustainedRate {
    static final LogCallSite STATIC = Tracing.logSite(Level.INFO, "rate.Orders", "order accepted", "SustainedRate.java", 1);
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "rate.Orders", "took {} ms for {}", "SustainedRate.java", 2);
    static final IntMetric LATENCY = Tracing.intMetric("latency", "ns");
    static final FloatMetric LOAD = Tracing.floatMetric("load", "ratio");
    static final SpanSite WORK = Tracing.spanSite("work", "rate.Orders", "SustainedRate.java", 3);
    /** Events one call of {@link #recordMix} records. */
    static final int EVENTS_PER_MIX = 6;

    private SustainedRate() {
    }

    public static void main(final String[] args) throws Exception {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        final long rate = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000L;
        final int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        final int ringBytes = args.length > 3 ? Integer.parseInt(args[3]) << 20 : TracingBuilder.DEFAULT_RING_CAPACITY;
        final CountingSink sink = new CountingSink();
        final TracingRuntime runtime = Tracing.builder().sink(sink).ringCapacity(ringBytes).shutdownHook(false).install();
        final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        final long collectorId = threadId("lakeobs-collector");
        final long collectorCpuBefore = mx.getThreadCpuTime(collectorId);
        final AtomicLong recorded = new AtomicLong();
        final AtomicLong recorderCpu = new AtomicLong();
        final long perThread = rate / threads;
        final long start = System.nanoTime();
        final long end = start + seconds * 1_000_000_000L;
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Thread worker = new Thread(() -> {
                final long events = pace(perThread, start, end);
                recorded.addAndGet(events);
                recorderCpu.addAndGet(mx.getCurrentThreadCpuTime());
            }, "recorder-" + t);
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers) {
            worker.join();
        }
        final double elapsed = (System.nanoTime() - start) / 1e9;
        if (!runtime.flush(Duration.ofMinutes(2))) {
            throw new IllegalStateException("flush timed out");
        }
        final long collectorCpu = mx.getThreadCpuTime(collectorId) - collectorCpuBefore;
        final long dropped = runtime.droppedEvents(StreamKind.LOG) + runtime.droppedEvents(StreamKind.METRICS)
            + runtime.droppedEvents(StreamKind.SPANS);
        runtime.close();

        final long events = recorded.get();
        System.out.printf("threads=%d target=%,d events/s seconds=%d ring=%d MiB/kind/thread%n", threads, rate, seconds,
            ringBytes >> 20);
        System.out.printf("recorded=%,d events in %.2f s = %,.0f events/s%n", events, elapsed, events / elapsed);
        System.out.printf("delivered=%,d events in %,d blocks; dropped=%,d%n", sink.events.get(), sink.blocks.get(), dropped);
        System.out.printf("collector (drain+encode+LZ4) CPU: %.2f s = %.1f%% of one core, %.1f ns/event%n",
            collectorCpu / 1e9, 100.0 * collectorCpu / 1e9 / elapsed, (double) collectorCpu / Math.max(1, events));
        System.out.printf("recording threads CPU: %.2f s (incl. pacing spin)%n", recorderCpu.get() / 1e9);
        System.out.printf("stored: %.2f bytes/event (raw %.2f)%n", (double) sink.bytes.get() / Math.max(1, events),
            (double) sink.rawBytes.get() / Math.max(1, events));
        if (dropped != 0 || sink.events.get() != events) {
            System.out.println("FAIL: events were dropped or lost");
            System.exit(1);
        }
    }

    /**
     * Records {@code perSecond} events per second until {@code end}: wakes every millisecond and records
     * what is due (parking, not spinning, so the collector gets a core on a small machine).
     */
    static long pace(final long perSecond, final long start, final long end) {
        long done = 0;
        long value = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            final long due = (now - start) * perSecond / 1_000_000_000L;
            if (done + EVENTS_PER_MIX > due) {
                LockSupport.parkNanos(1_000_000);
                continue;
            }
            while (done + EVENTS_PER_MIX <= due) {
                recordMix(value++);
                done += EVENTS_PER_MIX;
            }
        }
        return done;
    }

    static void recordMix(final long value) {
        STATIC.log();
        TWO.log(value, value >> 3);
        LATENCY.record(value & 1023);
        LOAD.record(value * 0.25);
        try (SpanScope scope = WORK.enter()) {
            scope.depth();
        }
    }

    private static long threadId(final String name) {
        for (final Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(name)) {
                return thread.getId();
            }
        }
        throw new IllegalStateException("no thread " + name);
    }

    /** Counts what it receives and keeps nothing: the uploader's place, at zero cost. */
    static final class CountingSink implements TelemetrySink {
        final AtomicLong blocks = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong rawBytes = new AtomicLong();

        @Override
        public void onProcessStarted(final ProcessInfo process) {
        }

        @Override
        public void onStreamCreated(final StreamInfo stream) {
        }

        @Override
        public void onBlock(final EncodedBlock block) {
            blocks.incrementAndGet();
            if (!block.streamId().equals(block.header().streamId())) {
                throw new IllegalStateException("header mismatch");
            }
            events.addAndGet(block.header().objectCount());
            bytes.addAndGet(block.bytes().length);
            rawBytes.addAndGet(block.header().objectsSize() + block.header().dependenciesSize());
        }

        @Override
        public void flush() {
        }

        @Override
        public void shutdown(final Duration deadline) {
        }
    }
}
