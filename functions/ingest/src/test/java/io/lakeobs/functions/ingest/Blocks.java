package io.lakeobs.functions.ingest;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.DependencyEncoder;
import io.lakeobs.transit.telemetry.EventEncoder;
import io.lakeobs.transit.telemetry.Level;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.ExpandableArrayBuffer;

import java.util.UUID;

/** Valid transit blocks for tests. */
public final class Blocks {
    private Blocks() {
    }

    /** A block of {@code events} log events, beginning at {@code beginNanos}. */
    public static byte[] block(final UUID processId, final UUID streamId, final UUID blockId, final long beginNanos,
                               final int events) {
        final byte[] callSite = DependencyEncoder.logCallSite(1, Level.ERROR, 42, "app.Main", "event", "Main.java");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        int index = 0;
        for (int i = 0; i < events; i++) {
            index = EventEncoder.logStatic(buffer, index, 1, 100 + i);
        }
        final BlockEncoder encoder = new BlockEncoder(Compression.LZ4, new TelemetrySummarizer());
        return encoder.encode(new BlockSpan(processId, streamId, blockId, beginNanos, beginNanos + 1_000_000, 0, 1000, 0),
            TelemetryTypes.declarations(), buffer, 0, index, (id, out, at) -> {
                out.putBytes(at, callSite);
                return callSite.length;
            });
    }
}
