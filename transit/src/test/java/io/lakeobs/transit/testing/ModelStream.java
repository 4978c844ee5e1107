package io.lakeobs.transit.testing;

import io.lakeobs.transit.block.BlockEncoder;
import io.lakeobs.transit.block.BlockSpan;
import io.lakeobs.transit.block.Compression;
import io.lakeobs.transit.telemetry.TelemetrySummarizer;
import io.lakeobs.transit.telemetry.TelemetryTypes;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes model events the way a tracing stream does (one contiguous buffer) and cuts them into
 * consecutive blocks at given event counts, with fixed identities and times: block k covers
 * ticks [k*1000, (k+1)*1000) after process start, so each block ends where the next begins.
 */
public final class ModelStream {
    public static final UUID PROCESS_ID = UUID.fromString("0f0e0d0c-0b0a-4908-8706-050403020100");
    public static final UUID STREAM_ID = UUID.fromString("1f1e1d1c-1b1a-4918-9716-151413121110");
    /** 2026-01-01T00:00:00Z in ns since the epoch. */
    public static final long BASE_TIME_NANOS = 1_767_225_600_000_000_000L;

    private ModelStream() {
    }

    public static UUID blockId(final int index) {
        return new UUID(0x2f2e2d2c2b2a4928L, 0xa726252423222120L + index);
    }

    public static BlockSpan span(final int index, final long objectOffset) {
        return new BlockSpan(PROCESS_ID, STREAM_ID, blockId(index), BASE_TIME_NANOS + index * 1_000_000L,
            BASE_TIME_NANOS + (index + 1) * 1_000_000L, index * 1000L, (index + 1) * 1000L, objectOffset);
    }

    /**
     * @param sizes number of events of each block, summing to {@code events.size()}
     */
    public static List<byte[]> encode(final Catalog catalog, final List<ModelEvent> events, final List<Integer> sizes,
                                      final Compression compression) {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(4096);
        final int[] starts = new int[events.size() + 1];
        int index = 0;
        for (int i = 0; i < events.size(); i++) {
            starts[i] = index;
            buffer.checkLimit(index + events.get(i).bound());
            index = events.get(i).write(buffer, index);
        }
        starts[events.size()] = index;
        final BlockEncoder encoder = new BlockEncoder(compression, new TelemetrySummarizer());
        final List<byte[]> blocks = new ArrayList<>();
        int first = 0;
        for (int k = 0; k < sizes.size(); k++) {
            final int last = first + sizes.get(k);
            blocks.add(encoder.encode(span(k, first), TelemetryTypes.declarations(), buffer, starts[first],
                starts[last] - starts[first], catalog));
            first = last;
        }
        if (first != events.size()) {
            throw new IllegalArgumentException("block sizes cover " + first + " of " + events.size() + " events");
        }
        return blocks;
    }

    public static List<String> expected(final Catalog catalog, final List<ModelEvent> events) {
        return events.stream().map(event -> event.expected(catalog)).toList();
    }
}
