package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** N threads x M events of every kind through the collector thread, the encoder and the in-memory sink. */
class RoundTripTest {
    static final LogCallSite STATIC = Tracing.logSite(Level.INFO, "rt.Static", "static message", "RoundTripTest.java", 1);
    static final LogCallSite TWO = Tracing.logSite(Level.WARN, "rt.Two", "a={} b={}", "RoundTripTest.java", 2);
    static final LogCallSite PADDING_LOG = Tracing.logSite(Level.INFO, "rt.Padding", "padding", "RoundTripTest.java", 8);
    static final SpanSite PADDING_SPAN = Tracing.spanSite("rt.padding", "rt", "RoundTripTest.java", 9);
    static final PropertySet PADDING = Tracing.properties(Map.of("padding", "yes"));
    static final LogCallSite ONE_STRING = Tracing.logSite(Level.INFO, "rt.One", "s={}", "RoundTripTest.java", 10);
    static final LogCallSite THREE = Tracing.logSite(Level.INFO, "rt.Three", "{} {} {}", "RoundTripTest.java", 7);
    static final LogCallSite TEXT = Tracing.logSite(Level.ERROR, "rt.Text", "text={} n={}", "RoundTripTest.java", 3);
    static final LogCallSite DEBUG = Tracing.logSite(Level.DEBUG, "rt.Debug", "filtered {}", "RoundTripTest.java", 4);
    static final IntMetric COUNT = Tracing.intMetric("rt.count", "items");
    static final FloatMetric RATIO = Tracing.floatMetric("rt.ratio", "ratio");
    static final SpanSite WORK = Tracing.spanSite("rt.work", "rt", "RoundTripTest.java", 5);
    static final SpanSite ASYNC = Tracing.spanSite("rt.async", "rt", "RoundTripTest.java", 6);
    static final PropertySet ROUTE = Tracing.properties(Map.of("route", "/orders"));

    private TracingRuntime runtime;

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyEventOnceInOrderWithMonotonicTimes() throws Exception {
        final InMemorySink sink = new InMemorySink();
        final ManualClock clock = new ManualClock(1_000).autoAdvance(1);
        runtime = Tracing.builder().sink(sink).clock(clock).ringCapacity(1 << 20).blockTargetBytes(4096)
            .minLevel(Level.INFO).shutdownHook(false).install();
        final int threads = 4;
        final int events = 3_000;
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final Thread worker = new Thread(() -> {
                await(start);
                for (int i = 0; i < events; i++) {
                    recordEveryKind(i);
                }
            }, "worker-" + t);
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (final Thread worker : workers) {
            worker.join();
        }
        assertThat(Tracing.flush()).isTrue();

        assertThat(runtime.droppedEvents(StreamKind.LOG) + runtime.droppedEvents(StreamKind.METRICS)
            + runtime.droppedEvents(StreamKind.SPANS)).as("each 1 MiB ring holds a whole thread's events, so nothing may be lost")
            .isZero();
        assertThat(sink.processes()).hasSize(1);
        assertThat(sink.blocks()).as("blocks are cut at the 4 KiB target").hasSizeGreaterThan(threads * 3)
            .allSatisfy(block -> assertThat(block.header().objectsSize()).isLessThanOrEqualTo(4096));
        final Decoded decoded = Decoded.of(sink);
        for (int t = 0; t < threads; t++) {
            final String thread = "worker-" + t;
            final List<Decoded.Event> logs = decoded.ofThread(thread, "log");
            final List<Decoded.Event> metrics = decoded.ofThread(thread, "metric");
            final List<Decoded.Event> spans = decoded.ofThread(thread, "span");
            assertThat(logs).hasSize(4 * events);
            assertThat(metrics).hasSize(3 * events);
            assertThat(spans).hasSize(6 * events);
            for (int i = 0; i < events; i++) {
                assertThat(logs.get(4 * i).text()).isEqualTo("3 rt.Static static message");
                assertThat(logs.get(4 * i + 1).text()).isEqualTo("4 rt.Two a=" + i + " b=" + (-i));
                assertThat(logs.get(4 * i + 2).text()).isEqualTo("5 rt.Text text=item-" + i + " n=" + i);
                assertThat(logs.get(4 * i + 3).text()).isEqualTo("3 rt.Dynamic dynamic " + i);
                assertThat(metrics.get(3 * i).text()).isEqualTo("rt.count " + i + " {}");
                assertThat(metrics.get(3 * i + 1).text()).isEqualTo("rt.ratio " + (i / 2.0) + " {}");
                assertThat(metrics.get(3 * i + 2).text()).isEqualTo("rt.count " + (i * 10) + " {route=/orders}");
                assertThat(spans.get(6 * i).text()).isEqualTo("begin rt.work");
                assertThat(spans.get(6 * i + 1).text()).isEqualTo("begin job-" + (i % 7));
                assertThat(spans.get(6 * i + 2).text()).isEqualTo("end rt.work");
                assertThat(spans.get(6 * i + 3).text()).isEqualTo("end rt.work");
                assertThat(spans.get(6 * i + 4).text()).startsWith("begin rt.async async ").endsWith(" 0 0");
                assertThat(spans.get(6 * i + 5).text()).isEqualTo(spans.get(6 * i + 4).text().replace("begin", "end"));
            }
            for (final List<Decoded.Event> stream : List.of(logs, metrics, spans)) {
                for (int i = 1; i < stream.size(); i++) {
                    assertThat(stream.get(i).ticks()).isGreaterThanOrEqualTo(stream.get(i - 1).ticks());
                }
            }
        }
        assertThat(decoded.matching("1 ")).as("nothing below INFO").isEmpty();
        assertThat(decoded.all.stream().map(Decoded.Event::ticks).distinct().count())
            .as("every event read the clock once: distinct auto-advanced ticks").isEqualTo(decoded.all.size());
        assertThat(sink.streams()).allSatisfy(s -> assertThat(s.processId()).isEqualTo(runtime.processInfo().processId()));
        assertThat(sink.streams().stream().map(s -> s.tags().get(0)).distinct()).containsExactlyInAnyOrder("log", "metrics", "cpu");
    }

    /**
     * Every fixed-layout event (and the one-ASCII-string log, written the same way) through a 1 KiB ring drained every 3 rounds, so the ring wraps
     * hundreds of times; a varying number of padding events per round (a named span, a static
     * log, a metric) moves every event onto the lap's end at some point, so each event's fast
     * claim fails there and its out-of-line twin (wrap, head refresh) must write the same bytes.
     */
    @Test
    void everyFixedLayoutEventSurvivesThousandsOfWraps() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(1024)
            .manualCollector().shutdownHook(false).install();
        final int rounds = 3_000;
        for (int i = 0; i < rounds; i++) {
            final int padding = i % 5;
            for (int p = 0; p < padding; p++) {
                PADDING_LOG.log();
                COUNT.record(-1, PADDING);
                PADDING_SPAN.enter().close();
            }
            STATIC.log();
            TWO.log(i, -i);
            THREE.log(i, i + 1, i + 2);
            TWO.log(i + 0.5);
            TWO.log(i + 0.25, -0.5);
            TWO.log(i, i + 0.75);
            TWO.log(i % 2 == 0);
            ONE_STRING.log("s" + i);
            COUNT.record(i);
            RATIO.record(i / 4.0);
            COUNT.record(i, ROUTE);
            RATIO.record(-i, ROUTE);
            try (SpanScope scope = WORK.enter()) {
                ASYNC.endAsync(ASYNC.beginAsync(i, 1), i, 1);
            }
            if (i % 3 == 2) {
                runtime.flush();
            }
        }
        runtime.flush();

        assertThat(runtime.droppedEvents(StreamKind.LOG) + runtime.droppedEvents(StreamKind.METRICS)
            + runtime.droppedEvents(StreamKind.SPANS)).as("drained before the ring fills").isZero();
        final Decoded decoded = Decoded.of(sink);
        final String thread = Thread.currentThread().getName();
        final List<Decoded.Event> logs = new ArrayList<>(decoded.ofThread(thread, "log"));
        final List<Decoded.Event> metrics = new ArrayList<>(decoded.ofThread(thread, "metric"));
        final List<Decoded.Event> spans = new ArrayList<>(decoded.ofThread(thread, "span"));
        logs.removeIf(event -> event.text().startsWith("3 rt.Padding"));
        metrics.removeIf(event -> event.text().endsWith("{padding=yes}"));
        spans.removeIf(event -> event.text().endsWith(" rt.padding"));
        assertThat(logs).hasSize(8 * rounds);
        assertThat(metrics).hasSize(4 * rounds);
        assertThat(spans).hasSize(4 * rounds);
        for (int i = 0; i < rounds; i++) {
            assertThat(logs.subList(8 * i, 8 * i + 8)).extracting(Decoded.Event::text).containsExactly(
                "3 rt.Static static message",
                "4 rt.Two a=" + i + " b=" + (-i),
                "3 rt.Three " + i + " " + (i + 1) + " " + (i + 2),
                "4 rt.Two a=" + (i + 0.5) + " b={}",
                "4 rt.Two a=" + (i + 0.25) + " b=-0.5",
                "4 rt.Two a=" + i + " b=" + (i + 0.75),
                "4 rt.Two a=" + (i % 2 == 0) + " b={}",
                "3 rt.One s=s" + i);
            assertThat(metrics.subList(4 * i, 4 * i + 4)).extracting(Decoded.Event::text).containsExactly(
                "rt.count " + i + " {}",
                "rt.ratio " + (i / 4.0) + " {}",
                "rt.count " + i + " {route=/orders}",
                "rt.ratio " + (double) -i + " {route=/orders}");
            assertThat(spans.get(4 * i).text()).isEqualTo("begin rt.work");
            assertThat(spans.get(4 * i + 1).text()).endsWith(" " + i + " 1").startsWith("begin rt.async async ");
            assertThat(spans.get(4 * i + 2).text()).isEqualTo(spans.get(4 * i + 1).text().replace("begin", "end"));
            assertThat(spans.get(4 * i + 3).text()).isEqualTo("end rt.work");
        }
        assertThat(decoded.all.stream().map(Decoded.Event::ticks).distinct().count())
            .as("every event read the clock once: distinct auto-advanced ticks").isEqualTo(decoded.all.size());
    }

    static void recordEveryKind(final int i) {
        STATIC.log();
        TWO.log(i, -i);
        TEXT.log("item-" + i, i);
        DEBUG.log(i);
        Log.info("rt.Dynamic", "dynamic " + i);
        COUNT.record(i);
        RATIO.record(i / 2.0);
        COUNT.record(i * 10L, ROUTE);
        try (SpanScope outer = WORK.enter()) {
            assertThat(outer.depth()).isEqualTo(1);
            try (SpanScope inner = WORK.enter("job-" + (i % 7))) {
                assertThat(inner.depth()).isEqualTo(2);
            }
        }
        ASYNC.endAsync(ASYNC.beginAsync(0, 0), 0, 0);
    }

    @Test
    void disabledStreamsAndLevelsRecordNothing() {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().streams(Set.of(StreamKind.METRICS)).shutdownHook(false)
            .install();
        STATIC.log();
        Log.error("rt.Off", "off");
        assertThat(WORK.enter()).isSameAs(SpanScope.NOOP);
        COUNT.record(7);
        assertThat(STATIC.isEnabled()).isFalse();
        runtime.flush();
        final Decoded decoded = Decoded.of(sink);
        assertThat(decoded.all).extracting(Decoded.Event::text).containsExactly("rt.count 7 {}");
    }

    @Test
    void noOpBeforeInstallAndAfterShutdown() {
        assertThat(Tracing.isInstalled()).isFalse();
        STATIC.log();
        TEXT.log(null, 1);
        COUNT.record(1);
        WORK.enter().close();
        assertThat(Tracing.flush()).isFalse();
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).manualCollector().shutdownHook(false).install();
        TEXT.log(null, 2);
        runtime.close();
        assertThat(sink.shutdownCount()).isEqualTo(1);
        STATIC.log();
        assertThat(Tracing.isInstalled()).isFalse();
        assertThat(Decoded.of(sink).all).extracting(Decoded.Event::text).containsExactly("5 rt.Text text=null n=2");
    }

    private static void await(final CountDownLatch latch) {
        try {
            latch.await();
        } catch (final InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
