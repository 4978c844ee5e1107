package io.lakeobs.tracing.testing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.List;

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

    private static void read(final InMemorySink sink, final TelemetryVisitor visitor) {
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : sink.blocks()) {
            final StreamInfo stream = sink.streams().stream().filter(s -> s.streamId().equals(block.streamId())).findFirst()
                .orElseThrow(() -> new AssertionError("a block of a stream the sink was never told of: " + block.streamId()));
            reader.read(block.bytes(), 0, block.bytes().length, stream.declarations(), visitor);
        }
    }
}
