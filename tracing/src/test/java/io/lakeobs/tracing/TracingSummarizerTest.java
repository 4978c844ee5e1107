package io.lakeobs.tracing;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.BlockSummarizer;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TracingSummarizerTest {
    @Test
    void summariesEqualTransitsForEveryKind() {
        final LogCallSite error = Tracing.logSite(Level.ERROR, "sum", "failed {}", "S.java", 1);
        final LogCallSite info = Tracing.logSite(Level.INFO, "sum", "ok", "S.java", 2);
        final IntMetric metric = Tracing.intMetric("sum.metric", "n");
        final SpanSite span = Tracing.spanSite("sum.span", "sum", "S.java", 3);
        final PropertySet properties = Tracing.properties(Map.of("k", "v"));
        final int target = Registry.INSTANCE.staticString("sum.dynamic");
        final ExpandableArrayBuffer events = new ExpandableArrayBuffer(1024);
        int i = EventEncoder.logStatic(events, 0, info.id(), 1);
        final int start = i;
        i = EventEncoder.beginLogArgs(events, i, error.id(), 2, 1);
        i = EventEncoder.endLogArgs(events, start, EventEncoder.putLongArgument(events, i, 7));
        final int dynamic = i;
        i = EventEncoder.endLogDynamic(events, dynamic,
            EventEncoder.beginLogDynamic(events, i, Level.FATAL.code(), target, 3, "boom", 0));
        i = EventEncoder.metricInt(events, i, metric.id(), 4, 1);
        i = EventEncoder.metricIntWithProperties(events, i, metric.id(), properties.id(), 5, 2);
        i = EventEncoder.spanBegin(events, i, span.id(), 6);
        i = EventEncoder.spanEnd(events, i, span.id(), 7);
        i = EventEncoder.asyncBegin(events, i, span.id(), 1, 0, 0, 8);

        final BlockHeader ours = encode(new TracingSummarizer(), events, i);
        final BlockHeader transit = encode(new TelemetrySummarizer(), events, i);
        assertThat(ours.summary()).isEqualTo(transit.summary());
        assertThat(ours.summary().logCount()).isEqualTo(3);
        assertThat(ours.summary().errorCount()).isEqualTo(2);
        assertThat(ours.summary().maxLevel()).isEqualTo(Level.FATAL.code());
        assertThat(ours.summary().metricCount()).isEqualTo(2);
        assertThat(ours.summary().spanCount()).isEqualTo(3);
    }

    private static BlockHeader encode(final BlockSummarizer summarizer, final ExpandableArrayBuffer events, final int length) {
        final byte[] block = new BlockEncoder(Compression.NONE, summarizer).encode(
            new BlockSpan(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 0, 1, 0, 1, 0),
            TelemetryTypes.declarations(), events, 0, length, Registry.INSTANCE);
        return BlockHeader.decode(new UnsafeBuffer(block), 0, block.length);
    }
}
