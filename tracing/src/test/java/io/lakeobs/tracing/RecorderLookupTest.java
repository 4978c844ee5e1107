package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The thread-id-indexed recorder table: threads whose ids share a slot, threads that died and
 * left their slot, and runtimes installed one after another on the same threads must still each
 * record into their own streams, exactly once, and never into a runtime that was shut down.
 */
class RecorderLookupTest {
    static final LogCallSite HELLO = Tracing.logSite(Level.INFO, "lookup", "hello {}", "RecorderLookupTest.java", 1);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void threadsSharingASlotRecordIntoTheirOwnStreams() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1 << 12)
            .minLevel(Level.INFO).shutdownHook(false).manualCollector().install();
        // more sequential threads than the cache has slots, so ids collide; every other one overlaps
        // with a long-lived thread that keeps recording between them
        final int threads = 1_100;
        final Thread longLived = Thread.currentThread();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int value = t;
            final Thread worker = new Thread(() -> {
                HELLO.log(value);
                HELLO.log(value);
            }, "short-" + t);
            workers.add(worker);
            worker.start();
            worker.join();
            HELLO.log(-1 - value); // the long-lived thread, whose slot may be taken by the worker's
            if (t % 100 == 0) {
                runtime.collect(); // dead threads are drained and forgotten along the way
            }
        }
        assertThat(Tracing.flush()).isTrue();

        final Decoded decoded = Decoded.of(sink);
        for (int t = 0; t < threads; t++) {
            assertThat(decoded.ofThread("short-" + t, "log")).extracting(Decoded.Event::text)
                .containsExactly("3 lookup hello " + t, "3 lookup hello " + t);
        }
        assertThat(decoded.ofThread(longLived.getName(), "log")).hasSize(threads);
    }

    @Test
    void aRuntimeShutDownKeepsNoEntryAndItsSuccessorGetsTheEvents() {
        final InMemorySink first = new InMemorySink();
        runtime = Tracing.builder().sink(first).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1 << 12)
            .minLevel(Level.INFO).shutdownHook(false).manualCollector().install();
        HELLO.log(1);
        Tracing.intMetric("lookup.metric", "count").record(1);
        runtime.close();
        HELLO.log(2); // uninstalled: nowhere
        Tracing.intMetric("lookup.metric", "count").record(2);

        final InMemorySink second = new InMemorySink();
        runtime = Tracing.builder().sink(second).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1 << 12)
            .minLevel(Level.INFO).shutdownHook(false).manualCollector().install();
        HELLO.log(3);
        Tracing.intMetric("lookup.metric", "count").record(3);
        assertThat(Tracing.flush()).isTrue();

        final String thread = Thread.currentThread().getName();
        assertThat(Decoded.of(first).ofThread(thread, "log")).extracting(Decoded.Event::text)
            .containsExactly("3 lookup hello 1");
        assertThat(Decoded.of(first).ofThread(thread, "metric")).hasSize(1);
        assertThat(Decoded.of(second).ofThread(thread, "log")).extracting(Decoded.Event::text)
            .containsExactly("3 lookup hello 3");
        assertThat(Decoded.of(second).ofThread(thread, "metric")).hasSize(1);
    }

    /**
     * Four threads record without pause while runtimes are installed and shut down under them,
     * twenty times: whatever the interleaving, once the last runtime is installed each thread's
     * later events must reach it (an entry left behind by a shut-down runtime would send them
     * to a dead one), and every shut-down runtime's blocks must decode.
     */
    @Test
    void runtimesComingAndGoingUnderRecordingThreadsLeaveNoStaleEntry() throws Exception {
        final int workers = 4;
        final java.util.concurrent.atomic.AtomicLongArray recorded = new java.util.concurrent.atomic.AtomicLongArray(workers);
        final java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            final int worker = w;
            final Thread thread = new Thread(() -> {
                for (long i = 0; !stop.get(); i++) {
                    HELLO.log(i);
                    recorded.incrementAndGet(worker);
                }
            }, "churn-" + w);
            threads.add(thread);
            thread.start();
        }
        try {
            for (int round = 0; round < 20; round++) {
                final InMemorySink sink = new InMemorySink();
                runtime = Tracing.builder().sink(sink).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1 << 16)
                    .minLevel(Level.INFO).shutdownHook(false).install();
                awaitProgress(recorded, 50);
                runtime.close();
                assertThat(Decoded.of(sink).all).filteredOn(e -> e.kind().equals("log")) // the rest: drop counts
                    .allSatisfy(e -> assertThat(e.text()).startsWith("3 lookup hello "));
            }
            final InMemorySink last = new InMemorySink();
            runtime = Tracing.builder().sink(last).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1 << 16)
                .minLevel(Level.INFO).shutdownHook(false).install();
            awaitProgress(recorded, 200);
            stop.set(true);
            for (final Thread thread : threads) {
                thread.join();
            }
            assertThat(Tracing.flush()).isTrue();
            final Decoded decoded = Decoded.of(last);
            for (int w = 0; w < workers; w++) {
                assertThat(decoded.ofThread("churn-" + w, "log")).as("events of churn-%d in the last runtime", w)
                    .hasSizeGreaterThanOrEqualTo(100);
            }
        } finally {
            stop.set(true);
            for (final Thread thread : threads) {
                thread.join();
            }
        }
    }

    /** Spins until every worker has recorded {@code events} more calls (a progress guard, not a timing). */
    private static void awaitProgress(final java.util.concurrent.atomic.AtomicLongArray recorded, final long events) {
        final long[] from = new long[recorded.length()];
        for (int w = 0; w < from.length; w++) {
            from[w] = recorded.get(w);
        }
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        for (int w = 0; w < from.length; w++) {
            while (recorded.get(w) - from[w] < events) {
                assertThat(System.nanoTime() - deadline).as("worker %d made no progress", w).isNegative();
                Thread.yield();
            }
        }
    }
}
