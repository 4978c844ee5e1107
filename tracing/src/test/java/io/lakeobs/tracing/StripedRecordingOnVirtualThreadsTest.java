package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.SinkEvents;
import io.lakeobs.tracing.testing.VirtualThreadExecutors;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Virtual threads record into a fixed set of stripes: many virtual threads that yield between
 * (and inside) their events, so that their events interleave in the shared rings, each event
 * decoded exactly once, attributed to its own virtual thread through the thread_switch events,
 * in its order, with its own span nesting; every block of a stripe stream decodes on its own.
 */
class StripedRecordingOnVirtualThreadsTest {
    static final LogCallSite STEP = Tracing.logSite(Level.INFO, "vt.Step", "task {} step {}", "VT.java", 1);
    static final LogCallSite NAMED = Tracing.logSite(Level.INFO, "vt.Named", "task {} says {}", "VT.java", 2);
    static final LogCallSite STATIC = Tracing.logSite(Level.INFO, "vt.Static", "static", "VT.java", 3);
    static final IntMetric DONE = Tracing.intMetric("vt.done", "steps");
    static final SpanSite OUTER = Tracing.spanSite("vt.outer", "vt", "VT.java", 4);
    static final SpanSite INNER = Tracing.spanSite("vt.inner", "vt", "VT.java", 5);

    private static final int TASKS = 2_000;
    private static final int STEPS = 3;
    private static final int STRIPES = 4;

    private TracingRuntime runtime;
    private final InMemorySink sink = new InMemorySink();

    @BeforeEach
    void install() {
        assumeTrue(VirtualThreadExecutors.available(), VirtualThreadExecutors.SKIPPED);
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(1_000).autoAdvance(1)).ringCapacity(4 << 20)
            .blockTargetBytes(4096).virtualThreadStripes(STRIPES).manualCollector().shutdownHook(false).install();
    }

    @AfterEach
    void uninstall() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void everyEventOnceOnItsOwnVirtualThreadInOrderWithItsOwnNesting() throws Exception {
        final Map<Long, Integer> taskOfThread = new ConcurrentHashMap<>();
        final ExecutorService executor = VirtualThreadExecutors.newPerTask();
        {
            for (int t = 0; t < TASKS; t++) {
                final int task = t;
                executor.execute(() -> {
                    taskOfThread.put(Thread.currentThread().getId(), task);
                    for (int step = 0; step < STEPS; step++) {
                        try (SpanScope outer = OUTER.enter()) {
                            STEP.log(task, step);
                            Thread.yield(); // another virtual thread of the stripe records inside this span
                            try (SpanScope inner = INNER.enter()) {
                                NAMED.log(task, "step " + step);
                                Thread.yield();
                            }
                            DONE.record(step);
                        }
                    }
                    STATIC.log();
                });
            }
            executor.shutdown();
            assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(runtime.flush()).isTrue();
        assertThat(taskOfThread).hasSize(TASKS);

        for (final StreamKind kind : StreamKind.values()) {
            assertThat(runtime.droppedEvents(kind)).as("dropped " + kind).isZero();
        }
        final List<StreamInfo> stripeStreams = sink.streams().stream()
            .filter(s -> s.properties().containsKey(VirtualStripes.STRIPE_PROPERTY)).toList();
        assertThat(stripeStreams).as("one stream per stripe and kind, whatever the number of virtual threads")
            .hasSize(STRIPES * 3);
        assertThat(sink.streams()).as("no stream of a single virtual thread").hasSize(STRIPES * 3);

        final Map<Long, List<String>> byThread = decodeByThread();
        assertThat(byThread.keySet()).containsExactlyInAnyOrderElementsOf(taskOfThread.keySet());
        for (final Map.Entry<Long, List<String>> entry : byThread.entrySet()) {
            final int task = taskOfThread.get(entry.getKey());
            final List<String> expected = new ArrayList<>();
            for (int step = 0; step < STEPS; step++) {
                expected.add("log task " + task + " step " + step);
                expected.add("log task " + task + " says step " + step);
                expected.add("metric " + step);
                expected.add("span vt.inner depth 1");
                expected.add("span vt.outer depth 0");
            }
            expected.add("log static");
            assertThat(entry.getValue()).as("events of the virtual thread of task " + task + ", per kind in order")
                .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(entry.getValue().stream().filter(e -> e.startsWith("log ")).toList())
                .as("logs of task " + task + " in order").containsExactlyElementsOf(
                    expected.stream().filter(e -> e.startsWith("log ")).toList());
        }
    }

    /**
     * A burst far larger than the one stripe's 64 KiB ring: virtual threads wait (parked) for the
     * collector thread instead of dropping, and every event arrives.
     */
    @Test
    void virtualThreadsWaitForTheCollectorRatherThanDrop() throws Exception {
        runtime.close();
        sink.clear();
        runtime = Tracing.builder().sink(sink).ringCapacity(64 << 10).virtualThreadStripes(1).shutdownHook(false).install();
        final int tasks = 300;
        final int events = 100; // 30 000 logs of 38 bytes: about 17 rings' worth, in well under the 1 s a wait may last
        final ExecutorService executor = VirtualThreadExecutors.newPerTask();
        for (int t = 0; t < tasks; t++) {
            final int task = t;
            executor.execute(() -> {
                for (int i = 0; i < events; i++) {
                    STEP.log(task, i);
                }
            });
        }
        executor.shutdown();
        assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
        assertThat(runtime.flush()).isTrue();
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isZero();
        final long[] logs = {0};
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : sink.blocks()) {
            final StreamInfo stream = sink.streams().stream().filter(s -> s.streamId().equals(block.streamId())).findFirst()
                .orElseThrow();
            reader.read(block.bytes(), 0, block.bytes().length, stream.declarations(), new TelemetryVisitor() {
                @Override
                public void onLog(final LogEvent log) {
                    logs[0]++;
                }
            });
        }
        assertThat(logs[0]).isEqualTo((long) tasks * events);
    }

    /**
     * Decodes every block on its own (a fresh current thread per block), streams' blocks in order,
     * nesting thread spans per (stream, thread): "span name depth d" at each end.
     */
    private Map<Long, List<String>> decodeByThread() {
        final Map<Long, List<String>> events = new HashMap<>();
        final Map<String, List<String>> openSpans = new HashMap<>();
        SinkEvents.readEachBlock(sink, (block, stream) -> {
            final long[] current = {VirtualStripes.NO_THREAD};
            return new TelemetryVisitor() {
                @Override
                public void onThreadSwitch(final long threadId) {
                    current[0] = threadId;
                }

                @Override
                public void onLog(final LogEvent log) {
                    add(log.template().equals("static") ? "log static" : "log " + log.message());
                }

                @Override
                public void onMeasure(final MeasureEvent measure) {
                    add("metric " + measure.longValue());
                }

                @Override
                public void onSpan(final SpanEvent span) {
                    final List<String> open = openSpans.computeIfAbsent(block.streamId() + "/" + current[0], k -> new ArrayList<>());
                    if (span.begin()) {
                        open.add(span.name());
                    } else {
                        assertThat(open).as("an end has its begin on the same thread").isNotEmpty();
                        final String name = open.remove(open.size() - 1);
                        assertThat(name).as("ends close the innermost span of their own thread").isEqualTo(span.name());
                        add("span " + name + " depth " + open.size());
                    }
                }

                private void add(final String event) {
                    assertThat(current[0]).as("a stripe block starts with its thread").isNotEqualTo(VirtualStripes.NO_THREAD);
                    events.computeIfAbsent(current[0], k -> new ArrayList<>()).add(event);
                }
            };
        });
        assertThat(openSpans.values()).allSatisfy(open -> assertThat(open).isEmpty());
        return events;
    }
}
