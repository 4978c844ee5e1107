package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** A write that fills a ring past half wakes the collector, once per head, and the collector drains before its timers. */
class HighWaterTest {
    static final LogCallSite SITE = Tracing.logSite(Level.INFO, "water.Site", "static", "HighWaterTest.java", 1);
    private static final int CAPACITY = 4096;
    private static final int LENGTH = EventDescriptor.LOG_STATIC_LENGTH;

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void theWriteThatPassesHalfTheRingSignalsOnceForEachHeadTheCollectorReleased() {
        runtime = Tracing.builder().sink(new InMemorySink()).clock(new ManualClock(0).autoAdvance(1)).manualCollector()
            .ringCapacity(CAPACITY).shutdownHook(false).install();
        SITE.log();
        final Ring ring = runtime.threadRecorder().ring(StreamKind.LOG);
        while (ring.publishedTail() + LENGTH - ring.head() <= CAPACITY / 2) {
            SITE.log();
        }
        assertThat(runtime.wakeup.signals()).as("up to half full").isZero();
        SITE.log();
        assertThat(runtime.wakeup.signals()).as("the write past half").isEqualTo(1);
        while (ring.publishedTail() + LENGTH - ring.head() <= CAPACITY) {
            SITE.log();
        }
        SITE.log(); // the ring is full: dropped
        assertThat(runtime.droppedEventsOfCurrentThread()).isEqualTo(1);
        assertThat(runtime.wakeup.signals()).as("one signal per head the collector released").isEqualTo(1);

        runtime.collect(); // the head moves; the next lap (with a wrap) signals again past half
        int written = 0;
        while (runtime.wakeup.signals() == 1 && written++ < CAPACITY / LENGTH) {
            SITE.log();
        }
        assertThat(runtime.wakeup.signals()).isEqualTo(2);
        assertThat(ring.publishedTail() - ring.head()).isGreaterThan(CAPACITY / 2);
        assertThat(runtime.droppedEventsOfCurrentThread()).isEqualTo(1);
    }

    @Test
    void aParkedCollectorDrainsTheRingAsSoonAsAWritePassesHalfNotAtItsPollOrFlushPeriod() {
        runtime = Tracing.builder().sink(new InMemorySink()).ringCapacity(CAPACITY).collectorPollPeriod(Duration.ofHours(1))
            .flushPeriod(Duration.ofHours(1)).shutdownHook(false).install();
        awaitParked(runtime); // so the flush's unpark wakes it rather than leaving a permit for an extra pass
        SITE.log();
        assertThat(runtime.flush()).isTrue(); // the collector has seen this thread's ring
        final Ring ring = runtime.threadRecorder().ring(StreamKind.LOG);
        awaitParked(runtime);
        final long head = ring.head();
        while (ring.publishedTail() + LENGTH - head <= CAPACITY / 2) {
            SITE.log();
        }
        assertThat(ring.head()).as("parked for an hour: nothing drained below the mark").isEqualTo(head);
        final long before = ring.publishedTail();
        SITE.log(); // signals in its claim: the collector drains what was published before it
        awaitDrained(ring, before);
        assertThat(runtime.wakeup.signals()).isEqualTo(1);
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isZero();
    }

    /** Waits until the collector thread parks for about its whole poll period, an hour (its backoff is over); fails after a minute. */
    static void awaitParked(final TracingRuntime runtime) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (LockSupport.getBlocker(runtime.collectorThread()) != runtime.wakeup
            || runtime.wakeup.parking() < Duration.ofMinutes(59).toNanos()) {
            if (System.nanoTime() - deadline > 0) {
                fail("the collector never parked");
            }
            Thread.onSpinWait();
        }
    }

    /** Waits until the collector released the ring up to {@code position}; fails after a minute (its timers are an hour). */
    static void awaitDrained(final Ring ring, final long position) {
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (ring.head() < position) {
            if (System.nanoTime() - deadline > 0) {
                fail("the collector did not drain the ring: head " + ring.head() + ", waiting for " + position);
            }
            Thread.onSpinWait();
        }
    }
}
