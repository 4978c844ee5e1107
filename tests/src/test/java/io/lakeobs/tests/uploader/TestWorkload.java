package io.lakeobs.tests.uploader;

import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.transit.telemetry.Level;

import java.util.ArrayList;
import java.util.List;

/** A fixed number of events of every kind on a few threads, all with targets under "test.". */
final class TestWorkload {
    static final LogCallSite LOG = Tracing.logSite(Level.INFO, "test.app", "item {} of {}", "TestWorkload.java", 1);
    static final IntMetric METRIC = Tracing.intMetric("test.items", "items", "test.app");
    static final SpanSite SPAN = Tracing.spanSite("test.work", "test.app", "TestWorkload.java", 2);
    /** Events per iteration: a log, a metric, a span begin and end. */
    static final int EVENTS_PER_ITERATION = 4;

    private TestWorkload() {
    }

    /** Records {@code iterations * 4} events on the calling thread (its streams live on between calls). */
    @SuppressWarnings("try") // the scope is the span: it is closed, never read
    static long runHere(final int iterations) {
        for (int i = 0; i < iterations; i++) {
            try (SpanScope scope = SPAN.enter()) {
                LOG.log(i, -1);
                METRIC.record(i);
            }
        }
        return (long) iterations * EVENTS_PER_ITERATION;
    }

    /** Records {@code threads * iterations * 4} events on new threads and waits for them; returns the count. */
    @SuppressWarnings("try") // the scope is the span: it is closed, never read
    static long run(final int threads, final int iterations) throws InterruptedException {
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int thread = t;
            final Thread worker = new Thread(() -> {
                for (int i = 0; i < iterations; i++) {
                    try (SpanScope scope = SPAN.enter()) {
                        LOG.log(i, thread);
                        METRIC.record(i);
                    }
                }
            }, "test-worker-" + t);
            workers.add(worker);
            worker.start();
        }
        for (final Thread worker : workers) {
            worker.join();
        }
        return (long) threads * iterations * EVENTS_PER_ITERATION;
    }
}
