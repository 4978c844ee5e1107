package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamKind;
import io.lakeobs.tracing.testing.VirtualThreadExecutors;
import io.lakeobs.transit.telemetry.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A virtual thread asking for its own drops gets its stripe's count (the stripe is what its
 * events could not get into), not a count of a recorder made for it on the spot, which would
 * always say zero.
 */
class DropsOfVirtualThreadsOnVirtualThreadsTest {
    static final LogCallSite SAYS = Tracing.logSite(Level.INFO, "vt.Drops", "says {}", "VTDrops.java", 1);

    private TracingRuntime runtime;
    private ExecutorService virtualThreads;

    @BeforeEach
    void install() {
        assumeTrue(VirtualThreadExecutors.available(), VirtualThreadExecutors.SKIPPED);
        runtime = Tracing.builder().sink(new InMemorySink()).ringCapacity(RingDescriptor.MIN_CAPACITY)
            .maxStringChars(4 * RingDescriptor.MIN_CAPACITY).virtualThreadStripes(1).manualCollector().shutdownHook(false)
            .install();
        virtualThreads = VirtualThreadExecutors.newPerTask();
    }

    @AfterEach
    void uninstall() {
        if (virtualThreads != null) {
            virtualThreads.shutdownNow();
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void aVirtualThreadSeesTheDropsOfItsStripe() throws Exception {
        final String larger = "x".repeat(2 * RingDescriptor.MIN_CAPACITY); // no ring of this runtime can hold it
        final long[] seen = virtualThreads.submit(() -> {
            final long before = runtime.droppedEventsOfCurrentThread();
            SAYS.log(larger);
            SAYS.log("fits");
            return new long[] {before, runtime.droppedEventsOfCurrentThread()};
        }).get();
        assertThat(seen[0]).isZero();
        assertThat(seen[1]).as("the log too large for the stripe's ring, and only it").isEqualTo(1);
        assertThat(runtime.flush()).isTrue(); // the runtime's per-kind count is the collector's
        assertThat(runtime.droppedEvents(StreamKind.LOG)).isEqualTo(1);
        assertThat(runtime.droppedEventsOfCurrentThread()).as("this platform thread dropped nothing").isZero();
    }
}
