package io.lakeobs.local.demo;

import io.lakeobs.tracing.FloatMetric;
import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.transit.telemetry.Level;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The demo's instrumented application: an order service on several threads that logs, measures
 * and traces every request. Deterministic: the same threads and iterations record the same
 * events (values from a seeded Random per thread), so its counts are known before it runs.
 * Every call site's target starts with {@value #TARGET_PREFIX}.
 */
public final class SampleWorkload {
    public static final String TARGET_PREFIX = "demo.";
    static final LogCallSite HANDLED = Tracing.logSite(Level.INFO, "demo.orders", "order {} handled in {} us",
        "SampleWorkload.java", 60);
    static final LogCallSite SLOW = Tracing.logSite(Level.WARN, "demo.orders", "slow order {}: {} us",
        "SampleWorkload.java", 64);
    static final LogCallSite FAILED = Tracing.logSite(Level.ERROR, "demo.payments", "payment for order {} failed: {}",
        "SampleWorkload.java", 67);
    static final IntMetric LATENCY = Tracing.intMetric("demo.latency", "us", "demo.orders");
    static final FloatMetric LOAD = Tracing.floatMetric("demo.load", "ratio", "demo.orders");
    static final SpanSite REQUEST = Tracing.spanSite("handle_order", "demo.orders", "SampleWorkload.java", 58);
    static final SpanSite PAYMENT = Tracing.spanSite("charge_payment", "demo.payments", "SampleWorkload.java", 62);

    /** Events a run records, by kind. */
    public record Counts(long logs, long metrics, long spanEvents) {
        public long total() {
            return logs + metrics + spanEvents;
        }

        /** Complete thread spans (a begin and an end each). */
        public long spans() {
            return spanEvents / 2;
        }

        Counts plus(final Counts other) {
            return new Counts(logs + other.logs, metrics + other.metrics, spanEvents + other.spanEvents);
        }
    }

    private final int threads;
    private final int iterations;

    public SampleWorkload(final int threads, final int iterations) {
        if (threads < 1 || iterations < 1) {
            throw new IllegalArgumentException("threads and iterations must be positive: " + threads + ", " + iterations);
        }
        this.threads = threads;
        this.iterations = iterations;
    }

    /** What {@link #run()} records, computed without running it. */
    public Counts expected() {
        Counts total = new Counts(0, 0, 0);
        for (int t = 0; t < threads; t++) {
            total = total.plus(thread(t, false));
        }
        return total;
    }

    /** Runs the threads to completion; returns what they recorded. */
    public Counts run() throws InterruptedException {
        final List<Thread> workers = new ArrayList<>();
        final Counts[] counts = new Counts[threads];
        for (int t = 0; t < threads; t++) {
            final int index = t;
            final Thread worker = new Thread(() -> counts[index] = thread(index, true), "demo-worker-" + t);
            workers.add(worker);
            worker.start();
        }
        Counts total = new Counts(0, 0, 0);
        for (int t = 0; t < threads; t++) {
            workers.get(t).join();
            total = total.plus(counts[t]);
        }
        return total;
    }

    @SuppressWarnings("try") // the scope is the span: it is closed, never read
    private Counts thread(final int index, final boolean record) {
        final Random random = new Random(1000 + index);
        long logs = 0;
        long metrics = 0;
        long spans = 0;
        for (int i = 0; i < iterations; i++) {
            final long order = (long) index * iterations + i;
            final long latency = 50 + random.nextInt(950);
            if (record) {
                try (SpanScope request = REQUEST.enter()) {
                    if (i % 4 == 0) {
                        try (SpanScope payment = PAYMENT.enter()) {
                            if (i % 400 == 0) {
                                FAILED.log(order, "card declined");
                            }
                        }
                    }
                    HANDLED.log(order, latency);
                    LATENCY.record(latency);
                    if (latency > 900) {
                        SLOW.log(order, latency);
                    }
                    if (i % 10 == 0) {
                        LOAD.record(random.nextDouble());
                    }
                }
            } else if (i % 10 == 0) {
                random.nextDouble();
            }
            spans += i % 4 == 0 ? 4 : 2;
            logs += 1 + (latency > 900 ? 1 : 0) + (i % 400 == 0 ? 1 : 0);
            metrics += 1 + (i % 10 == 0 ? 1 : 0);
        }
        return new Counts(logs, metrics, spans);
    }
}
