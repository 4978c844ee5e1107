package io.lakeobs.benchmarks.tracing;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Two threads recording at once, each into its own rings: there is no shared lock or counter on
 * the hot path, so the per-event cost should stay flat (on a 2-vCPU machine the JVM's own
 * threads compete too). Reported only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Threads(2)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 5, time = 500, timeUnit = TimeUnit.MILLISECONDS)
public class ScalingBenchmark {
    long counter;

    @Benchmark
    public void staticLog2Threads(final TracingState tracing, final Drops drops) {
        RecordingBenchmark.STATIC.log();
        drops.afterEvent();
    }

    @Benchmark
    public void intMetric2Threads(final TracingState tracing, final Drops drops) {
        RecordingBenchmark.LATENCY.record(counter++);
        drops.afterEvent();
    }
}
