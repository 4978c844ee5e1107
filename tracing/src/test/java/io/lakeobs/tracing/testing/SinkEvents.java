package io.lakeobs.tracing.testing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What an {@link InMemorySink} received, decoded with transit's reader into one stable line per
 * event, so the bridges' tests assert on the recorded events rather than on their own calls.
 */
public final class SinkEvents {
    private SinkEvents() {
    }

    /**
     * Every log, block by block: "level target message" (the template rendered with its
     * arguments), then its properties as " {key=value, ...}" and its throwable on the next lines,
     * as printStackTrace shows it, when it has them.
     */
    public static List<String> logs(final InMemorySink sink) {
        final List<String> lines = new ArrayList<>();
        read(sink, new TelemetryVisitor() {
            @Override
            public void onLog(final LogEvent log) {
                final StringBuilder line = new StringBuilder().append(log.level()).append(' ').append(log.target())
                    .append(' ').append(log.message());
                for (int i = 0; i < log.properties().count(); i++) {
                    line.append(i == 0 ? " {" : ", ").append(log.properties().key(i)).append('=').append(log.properties().value(i))
                        .append(i == log.properties().count() - 1 ? "}" : "");
                }
                if (log.hasException()) {
                    log.appendStackTrace(line.append('\n'));
                }
                lines.add(line.toString());
            }
        });
        return lines;
    }

    /** Every measure, block by block: "name unit value properties", the value as a double. */
    public static List<String> measures(final InMemorySink sink) {
        final List<String> lines = new ArrayList<>();
        read(sink, new TelemetryVisitor() {
            @Override
            public void onMeasure(final MeasureEvent measure) {
                lines.add(measure.name() + " " + measure.unit() + " " + measure.doubleValue() + " " + measure.properties());
            }
        });
        return lines;
    }

    /** {@link #readEachBlock(List, List, BiFunction)} of everything {@code sink} received. */
    public static void readEachBlock(final InMemorySink sink, final BiFunction<EncodedBlock, StreamInfo, TelemetryVisitor> visitors) {
        readEachBlock(sink.blocks(), sink.streams(), visitors);
    }

    /**
     * Reads the blocks stream by stream, each stream's in object order, every block with a visitor
     * of its own made for it and its stream: a reader that follows thread_switch events starts each
     * block afresh, as the views do, so a block that does not decode alone shows.
     */
    public static void readEachBlock(final List<EncodedBlock> blocks, final List<StreamInfo> streams,
                                     final BiFunction<EncodedBlock, StreamInfo, TelemetryVisitor> visitors) {
        final List<EncodedBlock> ordered = new ArrayList<>(blocks);
        ordered.sort(Comparator.comparing((EncodedBlock b) -> b.streamId().toString())
            .thenComparingLong(b -> b.header().objectOffset()));
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : ordered) {
            final StreamInfo stream = streamOf(block, streams);
            reader.read(block.bytes(), 0, block.bytes().length, stream.declarations(), visitors.apply(block, stream));
        }
    }

    private static StreamInfo streamOf(final EncodedBlock block, final List<StreamInfo> streams) {
        return streams.stream().filter(s -> s.streamId().equals(block.streamId())).findFirst()
            .orElseThrow(() -> new AssertionError("a block of a stream the sink was never told of: " + block.streamId()));
    }

    private static void read(final InMemorySink sink, final TelemetryVisitor visitor) {
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : sink.blocks()) {
            final StreamInfo stream = streamOf(block, sink.streams());
            reader.read(block.bytes(), 0, block.bytes().length, stream.declarations(), visitor);
        }
    }
}
