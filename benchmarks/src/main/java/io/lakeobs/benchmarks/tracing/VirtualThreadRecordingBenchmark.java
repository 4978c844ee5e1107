package io.lakeobs.benchmarks.tracing;

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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * Issue 21: a record from a virtual thread (through its stripe: a CAS to take it, a release store
 * to give it back) against the same record from a platform thread, in one run. Each invocation
 * records a batch of {@value #BATCH} events, on the benchmark thread (platform) or on a virtual
 * thread started for the batch and joined (its start and join, a few microseconds, amortised to
 * well under a nanosecond); the rings are emptied after each batch, as in every recording
 * benchmark. Needs Java 21+: run with {@code -jvm <a JDK 21+ java>}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
public class VirtualThreadRecordingBenchmark {
    static final int BATCH = 8192;
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "bench.Virtual", "took {} ms for {}", "Bench.java", 1);
    static final LogCallSite TEXT = Tracing.logSite(Level.INFO, "bench.Virtual", "customer {}", "Bench.java", 2);
    static final SpanSite WORK = Tracing.spanSite("work", "bench.Virtual", "Bench.java", 3);
    /** {@code Thread.startVirtualThread(Runnable)}, Java 21+. */
    private static final MethodHandle START_VIRTUAL = startVirtual();

    final String text = "0123456789abcdef0123456789ABCDEF";
    long counter;
    private final Runnable twoLongs = this::twoLongsBatch;
    private final Runnable string32 = this::string32Batch;
    private final Runnable spans = this::spansBatch;

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void logTwoLongsPlatform(final TracingState tracing) {
        twoLongsBatch();
        tracing.runtime.discard();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void logTwoLongsVirtual(final TracingState tracing) throws Throwable {
        onVirtualThread(twoLongs);
        tracing.runtime.discard();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void logString32Platform(final TracingState tracing) {
        string32Batch();
        tracing.runtime.discard();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void logString32Virtual(final TracingState tracing) throws Throwable {
        onVirtualThread(string32);
        tracing.runtime.discard();
    }

    /** A span's begin and end: two events per operation. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spanBeginEndPlatform(final TracingState tracing) {
        spansBatch();
        tracing.runtime.discard();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void spanBeginEndVirtual(final TracingState tracing) throws Throwable {
        onVirtualThread(spans);
        tracing.runtime.discard();
    }

    private void twoLongsBatch() {
        for (int i = 0; i < BATCH; i++) {
            final long value = counter++;
            TWO.log(value, value + 1);
        }
    }

    private void string32Batch() {
        for (int i = 0; i < BATCH; i++) {
            TEXT.log(text);
        }
    }

    private void spansBatch() {
        for (int i = 0; i < BATCH; i++) {
            try (SpanScope scope = WORK.enter()) {
                counter++;
            }
        }
    }

    private static void onVirtualThread(final Runnable batch) throws Throwable {
        ((Thread) START_VIRTUAL.invokeExact(batch)).join();
    }

    private static MethodHandle startVirtual() {
        try {
            return MethodHandles.publicLookup().findStatic(Thread.class, "startVirtualThread",
                MethodType.methodType(Thread.class, Runnable.class));
        } catch (final NoSuchMethodException | IllegalAccessException beforeJava21) {
            return MethodHandles.dropArguments(MethodHandles.throwException(Thread.class, UnsupportedOperationException.class)
                .bindTo(new UnsupportedOperationException("virtual threads need Java 21+: run JMH with -jvm <a JDK 21+ java>")),
                0, Runnable.class);
        }
    }
}
