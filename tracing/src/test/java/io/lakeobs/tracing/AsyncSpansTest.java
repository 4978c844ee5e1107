package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

class AsyncSpansTest {
    static final SpanSite REQUEST = Tracing.spanSite("request", "async", "AsyncSpansTest.java", 1);
    static final SpanSite QUERY = Tracing.spanSite("query", "async", "AsyncSpansTest.java", 2);
    static final SpanSite TASK = Tracing.spanSite("task", "async", "AsyncSpansTest.java", 3);

    private TracingRuntime runtime;
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void childrenOnOtherThreadsPointAtTheirParent() throws Exception {
        final InMemorySink sink = new InMemorySink();
        runtime = Tracing.builder().sink(sink).clock(new ManualClock(0).autoAdvance(1)).shutdownHook(false).install();
        pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "pool"));
        final CompletableFuture<Long> request = new CompletableFuture<>();
        AsyncSpans.trace(REQUEST, request);
        final long requestId;
        final long root = REQUEST.beginAsync(0, 0);
        final long saved = AsyncSpans.currentSpanId();
        final AsyncContext context = AsyncContext.ofCurrentThread();
        context.spanId = root;
        context.depth = 0;
        final long[] seenParent = new long[1];
        final CompletableFuture<Long> query = AsyncSpans.supplyAsync(QUERY, () -> {
            seenParent[0] = AsyncSpans.currentSpanId();
            return 7L;
        }, pool);
        final CompletableFuture<Void> task = new CompletableFuture<>();
        AsyncSpans.wrap(TASK, pool).execute(() -> task.complete(null));
        assertThat(query.get()).isEqualTo(7L);
        task.get();
        pool.submit(() -> { }).get(); // the wrapper records the task's end after the task: the single pool thread is past it
        context.spanId = saved;
        REQUEST.endAsync(root, 0, 0);
        requestId = root;
        request.complete(1L);
        assertThat(Tracing.flush()).isTrue();

        final Decoded decoded = Decoded.of(sink);
        final List<String> pool = decoded.ofThread("pool", "span").stream().map(Decoded.Event::text).toList();
        assertThat(pool).hasSize(3); // query's end, task's begin and end ran on the pool
        assertThat(pool.get(0)).startsWith("end query async ").endsWith(" " + requestId + " 1");
        assertThat(pool.get(1)).startsWith("begin task async ").endsWith(" " + requestId + " 1");
        assertThat(pool.get(2)).isEqualTo(pool.get(1).replace("begin", "end"));
        assertThat(seenParent[0]).as("the task sees its own span as current").isNotIn(0L, requestId);
        final List<String> main = decoded.ofThread(Thread.currentThread().getName(), "span").stream()
            .map(Decoded.Event::text).toList();
        assertThat(main).contains("begin request async " + requestId + " 0 0", "end request async " + requestId + " 0 0");
        assertThat(main).anySatisfy(text -> assertThat(text).startsWith("begin query async " + seenParent[0] + " " + requestId + " 1"));
    }
}
