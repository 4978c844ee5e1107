package io.lakeobs.benchmarks.tracing;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Empties hot rings as the collector would, and reports, next to every tracing figure, how many events the measuring thread could not record
 * (its rings were full), and fails the benchmark if any was: a figure measured while dropping
 * would flatter the library.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Drops {
    private static final int DISCARD_MASK = 4096 - 1;

    public long dropped;
    private TracingState tracing;
    private int events;

    @Setup(Level.Trial)
    public void bind(final TracingState state) {
        this.tracing = state;
    }

    /** With hot rings, empties them every 4096 events (a few tens of ns, amortised to ~0.01 ns). */
    public void afterEvent() {
        if ((++events & DISCARD_MASK) == 0 && tracing.hot) {
            emptyRings();
        }
    }

    /** For events of kilobytes (a log with a stack trace): empties hot rings every 64 events, before 1 MiB fills. */
    public void afterLargeEvent() {
        if ((++events & 63) == 0 && tracing.hot) {
            emptyRings();
        }
    }

    /**
     * Kept out of line: inlined, the collector's discard loop (a monitor, iterators) swelled the
     * measured loop and made the figure depend on whether the JIT had compiled it separately
     * first (4 or 8 ns per static log, fork to fork). Out of line it still costs the same,
     * amortised over 4096 events.
     */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private void emptyRings() {
        tracing.runtime.discard();
    }

    @TearDown(Level.Iteration)
    public void check(final TracingState tracing) {
        dropped = tracing.runtime.droppedEventsOfCurrentThread();
        if (dropped != 0) {
            throw new IllegalStateException(dropped + " events dropped: the figure is invalid");
        }
    }
}
