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
import org.openjdk.jmh.annotations.Warmup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The same log as {@link RecordingBenchmark#logTwoLongs} written through SLF4J and the
 * {@code tracing-slf4j} provider: SLF4J's API boxes the arguments and the provider renders
 * the message on the calling thread, so this is the price of not declaring a call site.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class Slf4jBenchmark {
    static final Logger LOGGER = LoggerFactory.getLogger("bench.Orders");
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "bench.Orders", "took {} ms for {}", "Bench.java", 2);

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

    @Benchmark
    public void debugDisabled(final TracingState tracing, final Drops drops) {
        LOGGER.debug("took {} ms for {}", counter, counter);
        drops.afterEvent();
    }
}
