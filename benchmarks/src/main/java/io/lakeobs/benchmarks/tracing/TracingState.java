package io.lakeobs.benchmarks.tracing;

import io.lakeobs.tracing.Clock;
import io.lakeobs.tracing.Tracing;
import io.lakeobs.tracing.TracingBuilder;
import io.lakeobs.tracing.TracingRuntime;
import io.lakeobs.tracing.sink.TelemetrySink;
import io.lakeobs.transit.telemetry.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/**
 * Tracing installed for a recording benchmark, measuring the recording thread alone (the
 * encoder's cost is measured by {@link SustainedRate}): manual collector, no encoding.
 * {@code ring=hot} (default): 1 MiB rings that the measuring thread empties itself every 4096
 * events ({@link Drops#afterEvent}, amortised into the figure), so the ring stays in cache as it
 * does when the collector keeps up. {@code ring=cold}: 1 GiB rings emptied only between
 * iterations, so every event is written to memory not in cache: a pessimistic bound.
 * {@code ring=mapped}: hot rings, crash-safe ({@code TracingBuilder.crashSafe}): memory-mapped
 * from files in a temporary directory.
 */
@State(Scope.Benchmark)
public class TracingState {
    /** {@code constant}: a fake clock that always returns the same value; {@code system}: System.nanoTime(). */
    @Param({"constant", "system"})
    public String clock;

    /** {@code hot}, {@code cold} or {@code mapped}, see above. */
    @Param({"hot"})
    public String ring;

    TracingRuntime runtime;
    boolean hot;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void install() {
        hot = !"cold".equals(ring);
        final TracingBuilder builder = Tracing.builder()
            .clock("constant".equals(clock) ? Clock.constant(42) : Clock.system())
            .sink(TelemetrySink.noop())
            .manualCollector()
            .ringCapacity(hot ? 1 << 20 : 1 << 30)
            .minLevel(Level.INFO)
            .shutdownHook(false);
        if ("mapped".equals(ring)) {
            try {
                builder.crashSafe(Files.createTempDirectory("lakeobs-bench-crash"));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        runtime = builder.install();
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
    public void empty() {
        runtime.discard();
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void uninstall() {
        runtime.close();
    }
}
