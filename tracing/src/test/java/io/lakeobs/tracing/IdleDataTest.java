package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Data of idle and dead threads is not held back until some later flush. */
class IdleDataTest {
    static final LogCallSite SITE = Tracing.logSite(Level.INFO, "idle", "idle {}", "IdleDataTest.java", 1);

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aDeadThreadsEventsAreSealedByTheNextCollectionWithoutAFlush() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).install();
        final Thread worker = new Thread(() -> SITE.log(1), "short-lived");
        worker.start();
        worker.join();
        assertThat(runtime.collect()).isEqualTo(1);
        assertThat(Decoded.of(sink).ofThread("short-lived", "log")).extracting(Decoded.Event::text)
            .containsExactly("3 idle idle 1");
    }

    @Test
    void anIdleThreadsEventsReachTheSinkOnTheFlushPeriod() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).flushPeriod(Duration.ofMillis(20)).shutdownHook(false).install();
        SITE.log(2); // this thread stays alive and records nothing more
        assertThat(sink.awaitBlocks(1, Duration.ofSeconds(30))).as("sealed by the period, not by flush or shutdown").isTrue();
        assertThat(sink.flushCount()).isZero();
        assertThat(Decoded.of(sink).matching("3 idle idle 2")).hasSize(1);
    }
}
