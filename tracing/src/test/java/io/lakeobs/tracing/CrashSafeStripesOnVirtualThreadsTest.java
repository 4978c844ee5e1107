package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.tracing.testing.VirtualThreadExecutors;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crash-safe recording from virtual threads: their stripes' rings and builders are mapped from
 * stream files like a platform thread's, and what a kill leaves (a copy of the live process's
 * crash directory, as {@link CrashSafeRecordingTest} takes it) is recovered into blocks that
 * each decode on their own, every event on its own virtual thread.
 */
class CrashSafeStripesOnVirtualThreadsTest {
    static final LogCallSite SEQUENCE = Tracing.logSite(Level.INFO, "vt.crash", "task {} seq {}", "VTCrash.java", 1);

    @TempDir
    Path temp;
    private TracingRuntime runtime;

    @BeforeEach
    void virtualThreads() {
        assumeTrue(VirtualThreadExecutors.available(), VirtualThreadExecutors.SKIPPED);
    }

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    /**
     * 100 virtual threads on 4 stripes, yielding after every log so that their events interleave:
     * the first 20 logs of each are collected (full 4 KiB blocks reach the sink, the rest stays in
     * the builders), the next 20 stay in the rings; then the kill, with half an event after every
     * ring's tail. Every log is found once, on its own thread, in order, across the blocks handed
     * over and the recovered ones; every block decodes alone.
     */
    @Test
    void interleavedVirtualThreadsAreRecoveredOnceOnTheirOwnThreadsInOrder() throws Exception {
        final int tasks = 100;
        final int collectedLogs = 20;
        final int logs = 40;
        final Path root = temp.resolve("crash");
        final InMemorySink live = new InMemorySink();
        runtime = Tracing.builder().sink(live).manualCollector().shutdownHook(false).crashSafe(root).blockTargetBytes(4096)
            .ringCapacity(256 * 1024).virtualThreadStripes(4).install();
        final Map<Long, Integer> taskOfThread = new ConcurrentHashMap<>();
        final CountDownLatch firstHalf = new CountDownLatch(tasks);
        final CountDownLatch collected = new CountDownLatch(1);
        final ExecutorService executor = VirtualThreadExecutors.newPerTask();
        for (int t = 0; t < tasks; t++) {
            final int task = t;
            executor.execute(() -> {
                taskOfThread.put(Thread.currentThread().getId(), task);
                record(task, 0, collectedLogs);
                firstHalf.countDown();
                await(collected);
                record(task, collectedLogs, logs); // in the rings only
            });
        }
        firstHalf.await();
        runtime.collect();
        collected.countDown();
        executor.shutdown();
        assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        final Path killed = CrashSafeRecordingTest.copyWithoutLock(runtime.processInfo().processId().toString(), root,
            temp.resolve("copy"));
        CrashSafeRecordingTest.tearTheNextEvent(killed);
        assertThat(CrashSafeRecordingTest.streamFiles(killed)).as("one file per stripe that logged").hasSize(4);
        final List<EncodedBlock> handedOver = List.copyOf(live.blocks());
        final List<StreamInfo> streams = new ArrayList<>(live.streams());
        assertThat(handedOver).as("some blocks were sealed before the kill").isNotEmpty();
        runtime.close();
        runtime = null;

        final InMemorySink next = new InMemorySink();
        runtime = Tracing.builder().sink(next).manualCollector().shutdownHook(false).crashSafe(temp.resolve("copy")).install();
        final CrashRecovery.Report report = runtime.recovered();
        assertThat(report.processes()).isEqualTo(1);
        assertThat(report.unreadable()).isZero();
        assertThat(report.streams()).as("a block per stripe").isEqualTo(4);
        assertThat(next.streams()).allSatisfy(stream -> {
            assertThat(stream.properties()).containsEntry("thread-id", "-1").containsKey(VirtualStripes.STRIPE_PROPERTY);
            assertThat(stream.properties().get("thread-name"))
                .isEqualTo(VirtualStripes.streamName(Integer.parseInt(stream.properties().get(VirtualStripes.STRIPE_PROPERTY))));
        });
        streams.addAll(next.streams());
        final List<EncodedBlock> all = new ArrayList<>(handedOver);
        all.addAll(next.blocks());

        final Map<Long, List<String>> byThread = decodeEachBlockAlone(all, streams);
        assertThat(byThread.keySet()).containsExactlyInAnyOrderElementsOf(taskOfThread.keySet());
        byThread.forEach((thread, events) -> {
            final int task = taskOfThread.get(thread);
            assertThat(events).as("the logs of task " + task + ", once each, in order")
                .containsExactlyElementsOf(IntStream.range(0, logs).mapToObj(i -> "log task " + task + " seq " + i).toList());
        });
        assertContinuous(all);
    }

    /**
     * One stripe: after a flush sealed the builder, the thread that wrote last goes on logging
     * with no thread_switch in the ring (it still owns the ring), so the block recovery cuts from the
     * ring must start with one saying whose events follow; then another thread's events, then half
     * an event, dropped.
     */
    @Test
    void aBlockCutFromTheRingStartsWithTheThreadOfItsFirstEventsAndATornEventIsDropped() throws Exception {
        final Path root = temp.resolve("crash");
        runtime = Tracing.builder().sink(new InMemorySink()).manualCollector().shutdownHook(false).crashSafe(root)
            .ringCapacity(64 * 1024).virtualThreadStripes(1).install();
        final long[] ids = new long[3];
        final CountDownLatch firstLogged = new CountDownLatch(1);
        final CountDownLatch flushed = new CountDownLatch(1);
        final ExecutorService executor = VirtualThreadExecutors.newPerTask();
        executor.submit(() -> {
            ids[0] = Thread.currentThread().getId();
            record(0, 0, 1);
        }).get();
        final var second = executor.submit(() -> {
            ids[1] = Thread.currentThread().getId();
            record(1, 0, 1);
            firstLogged.countDown();
            await(flushed);
            record(1, 1, 3); // no thread_switch: the stripe's ring was last written by this thread
        });
        firstLogged.await();
        assertThat(runtime.flush()).isTrue();
        flushed.countDown();
        second.get();
        executor.submit(() -> {
            ids[2] = Thread.currentThread().getId();
            record(2, 0, 1);
        }).get();
        executor.shutdown();
        final Path killed = CrashSafeRecordingTest.copyWithoutLock(runtime.processInfo().processId().toString(), root,
            temp.resolve("copy"));
        CrashSafeRecordingTest.tearTheNextEvent(killed);

        final InMemorySink recovered = new InMemorySink();
        final CrashRecovery.Report report = CrashRecovery.recover(temp.resolve("copy"), recovered);
        assertThat(report.unreadable()).isZero();
        assertThat(recovered.blocks()).hasSize(1);
        final EncodedBlock block = recovered.blocks().get(0);
        final List<String> events = new ArrayList<>();
        new TelemetryReader().read(block.bytes(), 0, block.bytes().length, recovered.streams().get(0).declarations(),
            new TelemetryVisitor() {
                @Override
                public void onThreadSwitch(final long threadId) {
                    events.add("switch " + (threadId == ids[1] ? "second" : threadId == ids[2] ? "third" : threadId));
                }

                @Override
                public void onLog(final LogEvent log) {
                    events.add("log " + log.message());
                }
            });
        assertThat(events).containsExactly("switch second", "log task 1 seq 1", "log task 1 seq 2", "switch third",
            "log task 2 seq 0");
        assertThat(report.events()).as("the switch recovery added counts, as the collector's do").isEqualTo(5);
        assertThat(block.header().objectOffset()).as("after the flushed block: two switches and two logs").isEqualTo(4);
    }

    private static void record(final int task, final int from, final int to) {
        for (int i = from; i < to; i++) {
            SEQUENCE.log(task, i);
            Thread.yield(); // another virtual thread of the stripe records next
        }
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Each block read from a fresh state (no current thread): "log message" per thread, streams' blocks in order. */
    private static Map<Long, List<String>> decodeEachBlockAlone(final List<EncodedBlock> blocks, final List<StreamInfo> streams) {
        final Map<Long, List<String>> events = new HashMap<>();
        SinkEvents.readEachBlock(blocks, streams, (block, stream) -> {
            assertThat(stream.kind()).isEqualTo(StreamKind.LOG);
            final long[] current = {VirtualStripes.NO_THREAD};
            return new TelemetryVisitor() {
                @Override
                public void onThreadSwitch(final long threadId) {
                    current[0] = threadId;
                }

                @Override
                public void onLog(final LogEvent log) {
                    assertThat(current[0]).as("a stripe block starts with its thread").isNotEqualTo(VirtualStripes.NO_THREAD);
                    events.computeIfAbsent(current[0], k -> new ArrayList<>()).add("log " + log.message());
                }
            };
        });
        return events;
    }

    /** Per stream, each block begins where the one before ended: object offsets and ticks. */
    private static void assertContinuous(final List<EncodedBlock> blocks) {
        final Map<java.util.UUID, List<EncodedBlock>> byStream = new HashMap<>();
        blocks.forEach(block -> byStream.computeIfAbsent(block.streamId(), k -> new ArrayList<>()).add(block));
        byStream.values().forEach(stream -> {
            stream.sort(Comparator.comparingLong(b -> b.header().objectOffset()));
            for (int i = 1; i < stream.size(); i++) {
                final var before = stream.get(i - 1).header();
                final var after = stream.get(i).header();
                assertThat(after.objectOffset()).isEqualTo(before.objectOffset() + before.objectCount());
                assertThat(after.beginTicks()).isEqualTo(before.endTicks());
            }
        });
    }
}
