package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.Clock;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.micrometer.LakeobsMeterRegistry;
import io.lakeobs.tracing.micrometer.LakeobsRegistryConfig;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One step of {@link LakeobsMeterRegistry}: every meter's measurements recorded as metric
 * events on the publishing thread (half counters with a tag, half timers: 2 events per meter on
 * average). The recording rings are emptied after each step, outside the measurement.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
public class MicrometerPublishBenchmark {
    @Param({"1000"})
    public int meters;

    private TracingRuntime runtime;
    private LakeobsMeterRegistry registry;
    private final MockClock clock = new MockClock();

    @Setup(Level.Trial)
    public void install() {
        runtime = Tracing.builder().clock(Clock.system()).sink(TelemetrySink.noop()).manualCollector()
            .ringCapacity(1 << 22).shutdownHook(false).install();
        registry = new LakeobsMeterRegistry(LakeobsRegistryConfig.DEFAULT, clock);
        for (int i = 0; i < meters; i++) {
            if (i % 2 == 0) {
                Counter.builder("requests").tag("route", "/r" + i).register(registry).increment(i);
            } else {
                Timer.builder("latency." + i).register(registry).record(Duration.ofMillis(i));
            }
        }
        clock.add(LakeobsRegistryConfig.DEFAULT.step());
    }

    @Benchmark
    public void publishOneStep() {
        registry.publishNow();
    }

    @TearDown(Level.Invocation)
    public void empty() {
        runtime.discard();
    }

    @TearDown(Level.Trial)
    public void uninstall() {
        final long dropped = runtime.droppedEventsOfCurrentThread();
        runtime.close();
        if (dropped != 0) {
            throw new IllegalStateException(dropped + " events dropped: the figure is invalid");
        }
    }
}
