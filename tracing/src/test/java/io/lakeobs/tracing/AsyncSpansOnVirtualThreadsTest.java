package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.testing.VirtualThreadExecutors;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The current async span follows work onto virtual threads: a task wrapped by
 * {@link AsyncSpans#wrap} on a virtual-thread-per-task executor sees its own span as current,
 * and the work it submits in turn (supplyAsync, on virtual threads too) is recorded as its child,
 * although all of it is recorded into shared stripes.
 */
class AsyncSpansOnVirtualThreadsTest {
    static final SpanSite REQUEST = Tracing.spanSite("request", "vt.async", "AsyncVT.java", 1);
    static final SpanSite QUERY = Tracing.spanSite("query", "vt.async", "AsyncVT.java", 2);

    private static final int REQUESTS = 500;

    private TracingRuntime runtime;
    private ExecutorService virtualThreads;
    private final InMemorySink sink = new InMemorySink();

    @BeforeEach
    void install() {
        assumeTrue(VirtualThreadExecutors.available(), VirtualThreadExecutors.SKIPPED);
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(1_000).autoAdvance(1)).virtualThreadStripes(4)
            .manualCollector().shutdownHook(false).install();
        virtualThreads = VirtualThreadExecutors.newPerTask();
    }

    @AfterEach
    void uninstall() {
        if (virtualThreads != null) {
            virtualThreads.shutdownNow();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    /** An async span's begin as decoded (transit's reader reuses its event object). */
    private record Begin(String name, long parentId, int depth) {
    }

    @Test
    void childrenOfWorkOnVirtualThreadsPointAtTheirParent() throws Exception {
        final Executor requests = AsyncSpans.wrap(REQUEST, virtualThreads);
        final Map<Long, Long> queryOfRequest = new ConcurrentHashMap<>(); // as each sees itself: AsyncSpans.currentSpanId()
        final CountDownLatch done = new CountDownLatch(REQUESTS);
        for (int i = 0; i < REQUESTS; i++) {
            requests.execute(() -> {
                final long request = AsyncSpans.currentSpanId();
                final CompletableFuture<Long> query = AsyncSpans.supplyAsync(QUERY, AsyncSpans::currentSpanId, virtualThreads);
                queryOfRequest.put(request, query.join());
                assertThat(AsyncSpans.currentSpanId()).as("restored after the child").isEqualTo(request);
                done.countDown();
            });
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        virtualThreads.shutdown();
        assertThat(virtualThreads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        assertThat(AsyncSpans.currentSpanId()).as("the submitting platform thread has none").isZero();
        assertThat(queryOfRequest).hasSize(REQUESTS).doesNotContainKey(0L);
        assertThat(queryOfRequest.values()).doesNotContain(0L).doesNotHaveDuplicates()
            .doesNotContainAnyElementsOf(queryOfRequest.keySet());
        assertThat(Tracing.flush()).isTrue();

        final Map<Long, Begin> begins = new HashMap<>();
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : sink.blocks()) {
            reader.read(block.bytes(), 0, block.bytes().length, sink.streams().stream()
                .filter(s -> s.streamId().equals(block.streamId())).findFirst().orElseThrow().declarations(), new TelemetryVisitor() {
                    @Override
                    public void onSpan(final SpanEvent span) {
                        if (span.async() && span.begin()) {
                            begins.put(span.spanId(), new Begin(span.name(), span.parentId(), span.depth()));
                        }
                    }
                });
        }
        assertThat(begins).hasSize(2 * REQUESTS);
        for (final Map.Entry<Long, Long> entry : queryOfRequest.entrySet()) {
            final Begin query = begins.get(entry.getValue());
            assertThat(query).as("the query span %d was recorded", entry.getValue()).isNotNull();
            assertThat(query.name()).isEqualTo("query");
            assertThat(query.parentId()).as("a query's parent is its request").isEqualTo(entry.getKey());
            assertThat(query.depth()).isEqualTo(1);
            final Begin request = begins.get(entry.getKey());
            assertThat(request.name()).isEqualTo("request");
            assertThat(request.parentId()).isZero();
        }
    }
}
