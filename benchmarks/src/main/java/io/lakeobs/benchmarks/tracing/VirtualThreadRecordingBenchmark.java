package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.LogCallSite;
import io.lakeobs.tracing.SpanScope;
import io.lakeobs.tracing.SpanSite;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.transit.telemetry.Level;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;

/**
 * Issue 21: a record from a virtual thread (through its stripe: a CAS to take it, a release store
 * to give it back) against the same record from a platform thread, in one run. Each invocation
 * records {@value #ROUNDS} batches of {@value #BATCH} events, the rings emptied after each batch
 * as in every recording benchmark, on the benchmark thread (platform) or on a virtual thread
 * started for the invocation and joined. That start and join (about 13 microseconds, measured
 * alone by {@link #startJoinVirtual}) is charged to the virtual thread's records: 0.2 ns each.
 * Needs Java 21+: run with {@code -jvm <a JDK 21+ java>}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
public class VirtualThreadRecordingBenchmark {
    static final int BATCH = 8192;
    static final int ROUNDS = 8;
    static final LogCallSite TWO = Tracing.logSite(Level.INFO, "bench.Virtual", "took {} ms for {}", "Bench.java", 1);
    static final LogCallSite TEXT = Tracing.logSite(Level.INFO, "bench.Virtual", "customer {}", "Bench.java", 2);
    static final SpanSite WORK = Tracing.spanSite("work", "bench.Virtual", "Bench.java", 3);
    /** {@code Thread.startVirtualThread(Runnable)}, Java 21+. */
    private static final MethodHandle START_VIRTUAL = startVirtual();

    final String text = "0123456789abcdef0123456789ABCDEF";
    long counter;
    private final Runnable twoLongsBatch = this::twoLongsBatch;
    private final Runnable string32Batch = this::string32Batch;
    private final Runnable spansBatch = this::spansBatch;
    private final Runnable twoLongs = () -> rounds(twoLongsBatch);
    private final Runnable string32 = () -> rounds(string32Batch);
    private final Runnable spans = () -> rounds(spansBatch);
    private final Runnable nothing = () -> counter++;
    private TracingRuntime runtime;

    @Setup
    public void setUp(final TracingState tracing) {
        runtime = tracing.runtime;
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void logTwoLongsPlatform() {
        twoLongs.run();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void logTwoLongsVirtual() throws Throwable {
        onVirtualThread(twoLongs);
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void logString32Platform() {
        string32.run();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void logString32Virtual() throws Throwable {
        onVirtualThread(string32);
    }

    /** A span's begin and end: two events per operation. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void spanBeginEndPlatform() {
        spans.run();
    }

    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void spanBeginEndVirtual() throws Throwable {
        onVirtualThread(spans);
    }

    /** The overhead charged to each virtual-thread record above: a virtual thread started and joined, per record. */
    @Benchmark
    @OperationsPerInvocation(ROUNDS * BATCH)
    public void startJoinVirtual() throws Throwable {
        onVirtualThread(nothing);
    }

    /** {@link #ROUNDS} batches, the rings emptied after each (on the recording thread, so on the virtual thread for virtual). */
    private void rounds(final Runnable batch) {
        for (int round = 0; round < ROUNDS; round++) {
            batch.run();
            runtime.discard();
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE) // compiled on its own, as when it was the invocation
    private void twoLongsBatch() {
        for (int i = 0; i < BATCH; i++) {
            final long value = counter++;
            TWO.log(value, value + 1);
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE) // compiled on its own, as when it was the invocation
    private void string32Batch() {
        for (int i = 0; i < BATCH; i++) {
            TEXT.log(text);
        }
    }

    @CompilerControl(CompilerControl.Mode.DONT_INLINE) // compiled on its own, as when it was the invocation
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
