package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The collector's backlog: a ring past half full is copied out and encoded a block per pass;
 * past the backlog's capacity the ring waits, and its events follow the backlog's, none lost,
 * also when its thread has died meanwhile.
 */
class BacklogTest {
    static final LogCallSite SITE = Tracing.logSite(Level.INFO, "backlog.Site", "n {}", "BacklogTest.java", 1);
    private static final int CAPACITY = 4096;
    private static final int LENGTH = EventDescriptor.LOG_ARGS_PREFIX + EventDescriptor.LONG_ARGUMENT_LENGTH;

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aRingPastHalfIsEvacuatedAndWhatTheFullBacklogCannotTakeFollowsItEvenFromADeadThread() throws Exception {
        final InMemorySink sink = new InMemorySink();
        final int first = CAPACITY * 5 / 8 / LENGTH; // past half: evacuated
        final int second = CAPACITY * 3 / 8 / LENGTH; // would pass the backlog's capacity: stays in the ring
        runtime = Tracing.builder().sink(sink).manualCollector().ringCapacity(CAPACITY).blockTargetBytes(CAPACITY / 8)
            .backlogCapacity(CAPACITY * 7 / 8).shutdownHook(false).install();
        final CountDownLatch firstDone = new CountDownLatch(1);
        final CountDownLatch secondGo = new CountDownLatch(1);
        final CountDownLatch secondDone = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        final Ring[] rings = new Ring[1];
        final Thread thread = new Thread(() -> {
            IntStream.range(0, first).forEach(SITE::log);
            rings[0] = runtime.threadRecorder().ring(StreamKind.LOG);
            firstDone.countDown();
            await(secondGo);
            IntStream.range(first, first + second).forEach(SITE::log);
            secondDone.countDown();
            await(end);
        }, "backlog");
        thread.start();
        firstDone.await();
        final Ring ring = rings[0];

        runtime.collector.collectSome(); // the collector thread's pass: evacuates, then encodes one block
        assertThat(ring.head()).as("evacuated").isEqualTo(ring.publishedTail());
        assertThat(sink.blocks()).hasSize(1);

        secondGo.countDown();
        secondDone.await();
        runtime.collector.collectSome();
        assertThat(ring.head()).as("the backlog is full: the ring waits").isLessThan(ring.publishedTail());
        assertThat(sink.blocks()).hasSize(2);

        end.countDown();
        thread.join();

        assertThat(runtime.flush()).isTrue(); // the thread is dead: everything, in order
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isZero();
        assertThat(Decoded.of(sink).matching("3 backlog.Site")).extracting(Decoded.Event::text)
            .containsExactlyElementsOf(IntStream.range(0, first + second).mapToObj(i -> "3 backlog.Site n " + i).toList());
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aNegativeBacklogCapacityIsRefusedByName() {
        assertThatThrownBy(() -> Tracing.builder().backlogCapacity(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("backlog capacity");
    }
}
