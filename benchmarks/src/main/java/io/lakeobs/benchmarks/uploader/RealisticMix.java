package io.lakeobs.benchmarks.uploader;

import io.lakeobs.tracing.FloatMetric;
import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.transit.telemetry.Level;

/**
 * The "realistic mix" of the uploader throughput harness: what a busy service records per
 * request, on average 8 events of 16 requests:
 * <ul>
 *   <li>spans: a request span (begin + end) every request, a nested db span every 2nd: 3 events per request;</li>
 *   <li>logs: an info log with two numbers every request, a debug-level-free warn with a string every 16th;</li>
 *   <li>metrics: an integer latency every request, a float gauge every 4th, a counter every 2nd.</li>
 * </ul>
 * Per 16 requests: 48 span events, 17 logs, 28 metrics = 93 events; values vary like real ones
 * (latencies, ids), computed with a cheap xorshift so that the generator costs little next to
 * recording.
 */
public final class RealisticMix {
    static final LogCallSite HANDLED = Tracing.logSite(Level.INFO, "bench.http", "request {} served in {} us",
        "RealisticMix.java", 30);
    static final LogCallSite RETRY = Tracing.logSite(Level.WARN, "bench.db", "retrying {} after a timeout",
        "RealisticMix.java", 31);
    static final IntMetric LATENCY = Tracing.intMetric("bench.latency", "us", "bench.http");
    static final IntMetric ROWS = Tracing.intMetric("bench.rows", "rows", "bench.db");
    static final FloatMetric LOAD = Tracing.floatMetric("bench.load", "ratio", "bench.http");
    static final SpanSite REQUEST = Tracing.spanSite("request", "bench.http", "RealisticMix.java", 35);
    static final SpanSite QUERY = Tracing.spanSite("query", "bench.db", "RealisticMix.java", 36);
    /** Events per 16 requests. */
    public static final int EVENTS_PER_16_REQUESTS = 93;
    private static final String[] TABLES = {"orders", "customers", "payments", "stock"};

    private long state;
    private long request;

    public RealisticMix(final long seed) {
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** Records 16 requests: {@link #EVENTS_PER_16_REQUESTS} events. */
    @SuppressWarnings("try") // the scope is the span: it is closed, never read
    public void sixteenRequests() {
        for (int i = 0; i < 16; i++) {
            final long r = next();
            final long id = ++request;
            try (SpanScope span = REQUEST.enter()) {
                if ((i & 1) == 0) {
                    try (SpanScope query = QUERY.enter()) {
                        ROWS.record(r & 127);
                    }
                }
                final long latency = 40 + (r >>> 40) % 2000;
                HANDLED.log(id, latency);
                LATENCY.record(latency);
                if ((i & 3) == 0) {
                    LOAD.record((r & 1023) / 1024.0);
                }
                if (i == 15) {
                    RETRY.log(TABLES[(int) (r >>> 60) & 3]);
                }
            }
        }
    }

    private long next() {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;
        return x;
    }
}
