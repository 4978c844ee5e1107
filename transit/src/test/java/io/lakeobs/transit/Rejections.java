package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.layout.StreamDeclarations;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Reads untrusted bytes with both readers and reports how they ended. */
final class Rejections {
    static final TelemetryVisitor RENDER = new TelemetryVisitor() {
        @Override
        public void onLog(final LogEvent log) {
            log.message();
        }
    };

    private Rejections() {
    }

    /**
     * Reads with the generic and the telemetry reader; returns the telemetry reader's
     * rejection, or null when both accepted. Anything but {@link TransitFormatException} fails.
     */
    static TransitFormatException outcome(final byte[] block, final int length, final StreamDeclarations declarations) {
        final Throwable generic = catchThrowable(() -> new BlockReader().read(block, 0, length, declarations, object -> { }));
        assertThat(generic).as("generic reader").satisfiesAnyOf(
            thrown -> assertThat(thrown).isNull(),
            thrown -> assertThat(thrown).isInstanceOf(TransitFormatException.class).hasMessageNotContaining("null"));
        final Throwable telemetry = catchThrowable(() -> new TelemetryReader().read(block, 0, length, declarations, RENDER));
        assertThat(telemetry).as("telemetry reader").satisfiesAnyOf(
            thrown -> assertThat(thrown).isNull(),
            thrown -> assertThat(thrown).isInstanceOf(TransitFormatException.class));
        if (generic != null) {
            assertThat(telemetry).as("what the generic reader rejects, the telemetry reader rejects").isNotNull();
        }
        return (TransitFormatException) telemetry;
    }

    static TransitFormatException outcome(final byte[] block) {
        return outcome(block, block.length, TelemetryTypes.declarations());
    }

    /** The reason a block is rejected; fails when it is accepted. */
    static String reason(final byte[] block) {
        final TransitFormatException rejection = outcome(block);
        assertThat(rejection).as("rejected").isNotNull();
        assertThat(rejection.getMessage()).isNotBlank();
        return rejection.getMessage();
    }

    /** Bytes this thread allocates while running {@code action}. */
    static long allocatedBy(final Runnable action) {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemoryEnabled()).as("this JVM counts allocated bytes per thread").isTrue();
        final long before = threads.getCurrentThreadAllocatedBytes();
        action.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
