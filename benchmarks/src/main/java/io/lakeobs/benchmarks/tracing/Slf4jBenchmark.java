package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.transit.telemetry.Level;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The same log as {@link RecordingBenchmark#logTwoLongs} written through SLF4J and the
 * {@code tracing-slf4j} provider: SLF4J's API boxes the arguments and the provider renders
 * the message on the calling thread, so this is the price of not declaring a call site.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Dslf4j.provider=io.lakeobs.tracing.slf4j.TracingServiceProvider") // Logback and Log4j2 are on the class path too
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class Slf4jBenchmark {
    static final Logger LOGGER = LoggerFactory.getLogger("bench.Orders");
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "bench.Orders", "took {} ms for {}", "Bench.java", 2);

    static final String ORDER = "o-12345";
    static final String USER = "alice";
    static final Marker AUDIT = MarkerFactory.getMarker("AUDIT");
    static final Exception FAILURE = new IllegalStateException("declined", new java.io.IOException("timeout"));

    long counter;
    /** Boxed once, so the row below measures the provider's recording path without SLF4J's boxing. */
    final Object[] preboxed = {12_345_678L, 87_654_321L};

    @Setup
    public void checkProvider() {
        if (!LOGGER.getClass().getName().startsWith("io.lakeobs.tracing.slf4j.")) {
            throw new IllegalStateException("SLF4J bound to " + LOGGER.getClass().getName() + ", not tracing-slf4j");
        }
    }

    @Benchmark
    public void infoTwoLongs(final TracingState tracing, final Drops drops) {
        final long value = counter++;
        LOGGER.info("took {} ms for {}", value, value + 1);
        drops.afterEvent();
    }

    /** What the provider does for an enabled call once SLF4J has boxed the arguments: must allocate nothing. */
    @Benchmark
    public void logArgumentsPreboxed(final TracingState tracing, final Drops drops) {
        TWO.logArguments(preboxed);
        drops.afterEvent();
    }

    /** The issue-23 peer row: an info with two String arguments. */
    @Benchmark
    public void infoTwoStrings(final TracingState tracing, final Drops drops) {
        LOGGER.info("order {} paid by {}", ORDER, USER);
        drops.afterEvent();
    }

    /** The same with two MDC values set: recorded as a log_record whose properties are the MDC's, by reference. */
    @Benchmark
    public void infoTwoStringsWithMdc(final MdcState mdc, final TracingState tracing, final Drops drops) {
        LOGGER.info("order {} paid by {}", ORDER, USER);
        drops.afterEvent();
    }

    /** The same with a marker (and no MDC). */
    @Benchmark
    public void infoTwoStringsWithMarker(final TracingState tracing, final Drops drops) {
        LOGGER.info(AUDIT, "order {} paid by {}", ORDER, USER);
        drops.afterEvent();
    }

    /** An error with a throwable made once (its stack trace is taken per log: that is the cost measured). */
    @Benchmark
    public void errorWithThrowable(final TracingState tracing, final Drops drops) {
        LOGGER.error("order {} failed", ORDER, FAILURE);
        drops.afterLargeEvent();
    }

    /** Two MDC values set on the benchmark thread for the methods that ask for them, cleared after. */
    @State(Scope.Thread)
    public static class MdcState {
        @Setup
        public void put() {
            MDC.put("request", "r-8f3a");
            MDC.put("tenant", "acme");
        }

        @TearDown
        public void clear() {
            MDC.clear();
        }
    }

    @Benchmark
    public void debugDisabled(final TracingState tracing, final Drops drops) {
        LOGGER.debug("took {} ms for {}", counter, counter);
        drops.afterEvent();
    }
}
