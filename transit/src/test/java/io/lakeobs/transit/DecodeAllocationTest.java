package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockReader;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.block.ObjectHandler;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import io.lakeobs.transit.testing.Catalog;
import io.lakeobs.transit.testing.ModelEvent;
import io.lakeobs.transit.testing.ModelStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static io.lakeobs.transit.Rejections.allocatedBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decoding allocates per block, never per event: a block of 20 000 fixed-size events costs the
 * generic reader a few hundred bytes (its header), and the telemetry reader no more than its
 * decoded dependencies. Counts bytes, not time, so it is deterministic.
 */
class DecodeAllocationTest {
    private static final int EVENTS = 20_000;

    private static byte[] block(final Compression compression) {
        final Catalog catalog = new Catalog();
        final int site = catalog.callSite(Level.INFO, 1, "app", "done", "App.java").id();
        final int metric = catalog.metric("latency", "ns", "app").id();
        final int span = catalog.span(2, "work", "app", "App.java").id();
        final List<ModelEvent> events = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            events.add(switch (i % 4) {
                case 0 -> new ModelEvent.LogStatic(site, i);
                case 1 -> new ModelEvent.MetricInt(metric, i, i * 3L);
                case 2 -> new ModelEvent.SpanBegin(span, i);
                default -> new ModelEvent.SpanEnd(span, i);
            });
        }
        return ModelStream.encode(catalog, events, List.of(EVENTS), compression).get(0);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void genericReaderAllocatesNothingPerEvent(final Compression compression) {
        final byte[] block = block(compression);
        final BlockReader reader = new BlockReader();
        final long[] sum = {0};
        final ObjectHandler handler = object -> sum[0] += object.i64(4);
        reader.read(block, 0, block.length, TelemetryTypes.declarations(), handler); // sizes the reader's buffers
        final long allocated = allocatedBy(() -> reader.read(block, 0, block.length, TelemetryTypes.declarations(), handler));
        assertThat(allocated).as("bytes for " + EVENTS + " events (the header is some)").isBetween(1L, 2_000L);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void telemetryReaderAllocatesPerBlockNotPerFixedSizeEvent(final Compression compression) {
        final byte[] block = block(compression);
        final TelemetryReader reader = new TelemetryReader();
        final TelemetryVisitor visitor = new TelemetryVisitor() { };
        reader.read(block, 0, block.length, TelemetryTypes.declarations(), visitor);
        final long allocated = allocatedBy(() -> reader.read(block, 0, block.length, TelemetryTypes.declarations(), visitor));
        assertThat(allocated).as("bytes for " + EVENTS + " events (the dependencies are some)").isBetween(1L, 8_000L);
    }
}
