package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.FloatMetric;
import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.transit.telemetry.Level;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The cost of recording one event on the calling thread: logs, metrics, spans, a filtered log.
 * Run with {@code -p clock=constant} to leave the clock out and {@code -p clock=system} for the
 * real one (compare with {@link PeersBenchmark#nanoTime}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class RecordingBenchmark {
    static final LogCallSite FOUR = Tracing.logSite(Level.INFO, "bench.Orders", "{} {} {} {}", "Bench.java", 4);
    static final LogCallSite STATIC = Tracing.logSite(Level.INFO, "bench.Orders", "order accepted", "Bench.java", 1);
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "bench.Orders", "took {} ms for {}", "Bench.java", 2);
    static final LogCallSite TEXT = Tracing.logSite(Level.INFO, "bench.Orders", "customer {}", "Bench.java", 3);
    static final LogCallSite DEBUG = Tracing.logSite(Level.DEBUG, "bench.Orders", "detail {}", "Bench.java", 4);
    static final IntMetric LATENCY = Tracing.intMetric("latency", "ns");
    static final FloatMetric LOAD = Tracing.floatMetric("load", "ratio");
    static final SpanSite WORK = Tracing.spanSite("work", "bench.Orders", "Bench.java", 5);

    /** 32 ASCII characters, the size of a typical id. */
    final String text = "0123456789abcdef0123456789ABCDEF";
    long counter;

    @Benchmark
    public void staticLog(final TracingState tracing, final Drops drops) {
        STATIC.log();
        drops.afterEvent();
    }

    @Benchmark
    public void logTwoLongs(final TracingState tracing, final Drops drops) {
        final long value = counter++;
        TWO.log(value, value + 1);
        drops.afterEvent();
    }

    /** Four arguments of four types (long, float, char, boolean), each stored as itself: must allocate nothing. */
    @Benchmark
    public void logFourMixedPrimitives(final TracingState tracing, final Drops drops) {
        final long value = counter++;
        FOUR.log(value, 1.3f, 'c', (value & 1) == 0);
        drops.afterEvent();
    }

    /** Four arguments mixing strings and primitives (String, double, long, String): must allocate nothing. */
    @Benchmark
    public void logFourMixedWithStrings(final TracingState tracing, final Drops drops) {
        final long value = counter++;
        FOUR.log("order", value * 0.5, value, text);
        drops.afterEvent();
    }

    @Benchmark
    public void logString32(final TracingState tracing, final Drops drops) {
        TEXT.log(text);
        drops.afterEvent();
    }

    @Benchmark
    public void intMetric(final TracingState tracing, final Drops drops) {
        LATENCY.record(counter++);
        drops.afterEvent();
    }

    @Benchmark
    public void floatMetric(final TracingState tracing, final Drops drops) {
        LOAD.record(counter++ * 0.5);
        drops.afterEvent();
    }

    @Benchmark
    public void spanBeginEnd(final TracingState tracing, final Drops drops) {
        try (SpanScope scope = WORK.enter()) {
            counter++;
        }
        drops.afterEvent();
    }

    @Benchmark
    public void disabledLog(final TracingState tracing, final Drops drops) {
        DEBUG.log(counter++);
    }
}
