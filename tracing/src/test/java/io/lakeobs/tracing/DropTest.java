package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.EventDescriptor;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When the sink is slower than the producers, events are dropped at the ring, counted exactly, and the counts uploaded. */
class DropTest {
    static final LogCallSite SITE = Tracing.logSite(Level.INFO, "drop.Site", "static", "DropTest.java", 1);
    static final IntMetric VALUE = Tracing.intMetric("drop.value", "n");

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aFullRingDropsExactlyTheOverflowAndReportsItAsAMetric() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(0).autoAdvance(1)).manualCollector()
            .ringCapacity(1024).shutdownHook(false).install();
        for (int i = 0; i < 1000; i++) {
            SITE.log(); // nobody drains: the collector is "slow"
        }
        final int fits = 1024 / EventDescriptor.LOG_STATIC_LENGTH;
        runtime.collect();
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isEqualTo(1000 - fits);
        for (int i = 0; i < 10; i++) {
            SITE.log(); // room again, and the ring wraps
        }
        runtime.flush();

        final Decoded decoded = Decoded.of(sink);
        assertThat(decoded.matching("3 drop.Site")).hasSize(fits + 10);
        assertThat(decoded.matching(Collector.DROPPED_METRIC)).singleElement().satisfies(event -> {
            assertThat(event.text()).startsWith(Collector.DROPPED_METRIC + " " + (1000 - fits) + " {");
            assertThat(event.text()).contains("kind=log", "thread-name=" + Thread.currentThread().getName());
        });
    }

    @Test
    void dropsAreReportedOnTheApplicationSideOncePerFlushPeriodWithTheirCountsAndALastTimeAtShutdown() {
        final ByteArrayOutputStream reports = new ByteArrayOutputStream();
        final ManualClock clock = new ManualClock(0);
        runtime = Tracing.builder().sink(new InMemorySink()).clock(clock).manualCollector().ringCapacity(1024)
            .flushPeriod(Duration.ofSeconds(10)).dropReports(new PrintStream(reports, true, StandardCharsets.UTF_8))
            .shutdownHook(false).install();
        final int fits = 1024 / EventDescriptor.LOG_STATIC_LENGTH;
        for (int i = 0; i < fits + 300; i++) {
            SITE.log();
        }
        runtime.collect(); // the first drops are reported at once
        for (int i = 0; i < fits + 7; i++) {
            SITE.log();
        }
        runtime.collect();
        clock.advance(9_000_000_000L);
        runtime.collect(); // 9 s after the report: within the interval, nothing printed
        assertThat(lines(reports)).containsExactly(
            "lakeobs tracing: 300 events dropped (log 300; 300 since start): a thread's ring was full; larger rings: TracingBuilder.ringCapacity");

        clock.advance(1_000_000_000L);
        runtime.collect(); // 10 s: the 7 of the second collect
        for (int i = 0; i < fits + 2; i++) {
            SITE.log();
        }
        runtime.close(); // the last ones, whatever the interval
        runtime = null;
        assertThat(lines(reports)).hasSize(3).endsWith(
            "lakeobs tracing: 7 events dropped in the last 10.0 s (log 7; 307 since start): a thread's ring was full; larger rings: TracingBuilder.ringCapacity",
            "lakeobs tracing: 2 events dropped in the last 0.0 s (log 2; 309 since start): a thread's ring was full; larger rings: TracingBuilder.ringCapacity");
    }

    private static List<String> lines(final ByteArrayOutputStream reports) {
        return reports.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void aBlockedSinkNeverBlocksRecordingAndEveryEventIsDeliveredOrCounted() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).ringCapacity(1024).blockTargetBytes(256).shutdownHook(false).install();
        sink.slowDown();
        final int attempts = 20_000;
        final Thread producer = new Thread(() -> {
            for (int i = 0; i < attempts; i++) {
                VALUE.record(i);
            }
        }, "producer");
        producer.start();
        producer.join(); // returns although the sink is blocked: recording never waits
        sink.resume();
        assertThat(runtime.flush()).isTrue();

        final Decoded decoded = Decoded.of(sink);
        final long delivered = decoded.ofThread("producer", "metric").size();
        final long dropped = decoded.matching(Collector.DROPPED_METRIC).stream()
            .mapToLong(e -> Long.parseLong(e.text().split(" ")[1])).sum();
        assertThat(dropped).as("at most a ring and a block fit before the collector blocks").isGreaterThan(attempts / 2);
        assertThat(delivered + dropped).isEqualTo(attempts);
        assertThat(runtime.droppedEvents(StreamKind.METRICS)).isEqualTo(dropped);
        final long[] previous = {-1};
        decoded.ofThread("producer", "metric").forEach(event -> {
            final long value = Long.parseLong(event.text().split(" ")[1]);
            assertThat(value).as("kept events keep their order").isGreaterThan(previous[0]);
            previous[0] = value;
        });
    }
}
