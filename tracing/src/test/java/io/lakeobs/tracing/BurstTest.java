package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.LoadGenerator;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The short version of benchmarks' {@code BurstHarness}: one thread logs a burst twelve times
 * the size of its ring while busy threads spin on the same cores, and the collector's timers are
 * an hour, so only the high-water wake-ups can drain the ring (into its backlog, encoded a
 * block per pass). The burst thread stands in for a collector that always gets a core in time:
 * after a write that signalled, it waits until the collector drained what was written before it
 * (the wait fails after a minute). By construction nothing is dropped, and every event is
 * delivered once, in order.
 */
class BurstTest {
    static final LogCallSite TOOK = Tracing.logSite(Level.INFO, "burst.Orders", "took {} ms for {}", "BurstTest.java", 1);
    private static final int CAPACITY = 1 << 16;
    private static final int EVENTS = 12 * CAPACITY / (EventDescriptor.LOG_ARGS_PREFIX + 2 * EventDescriptor.LONG_ARGUMENT_LENGTH);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aBurstLargerThanTheRingIsDrainedByHighWaterWakeUpsAloneAndNothingIsDropped() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).ringCapacity(CAPACITY).blockTargetBytes(CAPACITY / 4) // many seals per ring
            .collectorPollPeriod(Duration.ofHours(1))
            .flushPeriod(Duration.ofHours(1)).shutdownHook(false).install();
        HighWaterTest.awaitParked(runtime);
        final AtomicLong bytes = new AtomicLong();
        try (LoadGenerator load = new LoadGenerator(2)) {
            final Thread burst = new Thread(() -> {
                long signals = runtime.wakeup.signals();
                Ring ring = null;
                for (int i = 0; i < EVENTS; i++) {
                    final long before = ring == null ? 0 : ring.publishedTail();
                    TOOK.log(i, i >> 3);
                    ring = ring != null ? ring : runtime.threadRecorder().ring(StreamKind.LOG);
                    if (runtime.wakeup.signals() != signals) {
                        signals = runtime.wakeup.signals();
                        HighWaterTest.awaitDrained(ring, before);
                    }
                }
                bytes.set(ring.publishedTail());
            }, "burst");
            burst.start();
            burst.join();
        }
        assertThat(runtime.flush()).isTrue();

        assertThat(bytes.get()).as("the burst is many rings long").isGreaterThan(10L * CAPACITY);
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isZero();
        assertThat(runtime.wakeup.signals()).isPositive();
        assertThat(Decoded.of(sink).matching("3 burst.Orders")).extracting(Decoded.Event::text).as("each once, in order")
            .containsExactlyElementsOf(IntStream.range(0, EVENTS).mapToObj(i -> "3 burst.Orders took " + i + " ms for " + (i >> 3))
                .toList());
    }
}
