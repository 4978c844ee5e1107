package io.lakeobs.transit;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import io.lakeobs.transit.telemetry.TelemetryVisitor;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeRoundTripTest {
    @ParameterizedTest
    @EnumSource(Compression.class)
    void encodesAndDecodesEveryKind(final Compression compression) {
        final Map<Integer, byte[]> deps = Map.of(
            1, DependencyEncoder.logCallSite(1, Level.ERROR, 42, "app.Main", "took {} ms for {}", "Main.java"),
            2, DependencyEncoder.metricDescriptor(2, "latency", "ns", "app.Main"),
            3, DependencyEncoder.spanDescriptor(3, 7, "work", "app.Main", "Main.java"),
            4, DependencyEncoder.staticString(4, "bridge.Logger"),
            5, DependencyEncoder.propertySet(5, new java.util.TreeMap<>(Map.of("k", "v"))));
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(4096);
        int i = 0;
        i = EventEncoder.logStatic(events, i, 1, 100);
        final int start = i;
        i = EventEncoder.beginLogArgs(events, i, 1, 101, 2);
        i = EventEncoder.putLongArgument(events, i, 17);
        i = EventEncoder.putStringArgument(events, i, "caf\u00e9 \ud800");
        i = EventEncoder.endLogArgs(events, start, i);
        final int dyn = i;
        i = EventEncoder.beginLogDynamic(events, i, Level.INFO.code(), 4, 102, "hello {}", 1);
        i = EventEncoder.putDoubleArgument(events, i, 1.5);
        i = EventEncoder.endLogDynamic(events, dyn, i);
        i = EventEncoder.metricInt(events, i, 2, 103, -5);
        i = EventEncoder.metricFloatWithProperties(events, i, 2, 5, 104, 2.5);
        i = EventEncoder.spanBegin(events, i, 3, 105);
        i = EventEncoder.namedSpanBegin(events, i, 3, 106, "dyn");
        i = EventEncoder.spanEnd(events, i, 3, 107);
        i = EventEncoder.spanEnd(events, i, 3, 108);
        i = EventEncoder.asyncBegin(events, i, 3, 9, 8, 1, 109);

        final BlockEncoder encoder = new BlockEncoder(compression, new io.lakeobs.transit.telemetry.TelemetrySummarizer());
        final BlockSpan span = new BlockSpan(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1000, 2000, 0, 10, 0);
        final byte[] block = encoder.encode(span, TelemetryTypes.declarations(), events, 0, i,
            (id, buffer, index) -> { final byte[] b = deps.get(id); buffer.putBytes(index, b); return b.length; });

        final List<String> seen = new ArrayList<>();
        final BlockHeader header = new TelemetryReader().read(block, 0, block.length, TelemetryTypes.declarations(), new TelemetryVisitor() {
            @Override public void onLog(final LogEvent log) { seen.add("log " + log.ticks() + " " + log.level() + " " + log.target() + " " + log.message()); }
            @Override public void onMeasure(final MeasureEvent m) { seen.add("metric " + m.ticks() + " " + m.name() + " " + m.value() + " " + m.properties()); }
            @Override public void onSpan(final SpanEvent s) { seen.add("span " + s.ticks() + " " + s.begin() + " " + s.name() + " " + s.async() + " " + s.spanId()); }
        });
        assertThat(seen).containsExactly(
            "log 100 5 app.Main took {} ms for {}",
            "log 101 5 app.Main took 17 ms for caf\u00e9 \ufffd",
            "log 102 3 bridge.Logger hello 1.5",
            "metric 103 latency -5.0 {}",
            "metric 104 latency 2.5 {k=v}",
            "span 105 true work false 0",
            "span 106 true dyn false 0",
            "span 107 false work false 0",
            "span 108 false work false 0",
            "span 109 true work true 9");
        assertThat(header.objectCount()).isEqualTo(10);
        assertThat(header.summary().logCount()).isEqualTo(3);
        assertThat(header.summary().errorCount()).isEqualTo(2);
        assertThat(header.summary().maxLevel()).isEqualTo(Level.ERROR.code());
        assertThat(header.processId()).isEqualTo(span.processId());
    }
}
