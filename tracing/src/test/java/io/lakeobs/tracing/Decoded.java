package io.lakeobs.tracing;

import io.lakeobs.tracing.sink.EncodedBlock;
import io.lakeobs.tracing.sink.InMemorySink;
import io.lakeobs.tracing.sink.StreamInfo;
import io.lakeobs.transit.telemetry.LogEvent;
import io.lakeobs.transit.telemetry.MeasureEvent;
import io.lakeobs.transit.telemetry.SpanEvent;
import io.lakeobs.transit.telemetry.TelemetryReader;
import io.lakeobs.transit.telemetry.TelemetryVisitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Everything an in-memory sink received, decoded with transit's reader, with the stream checks every test wants. */
final class Decoded {
    /** One decoded event: its stream's thread, its ticks and a stable text form. */
    record Event(String thread, String kind, long ticks, String text) {
    }

    final Map<UUID, List<Event>> byStream = new LinkedHashMap<>();
    final List<Event> all = new ArrayList<>();

    static Decoded of(final InMemorySink sink) {
        final Decoded decoded = new Decoded();
        final Map<UUID, StreamInfo> streams = new LinkedHashMap<>();
        final Map<UUID, long[]> previousEnd = new LinkedHashMap<>();
        final TelemetryReader reader = new TelemetryReader();
        for (final EncodedBlock block : sink.blocks()) {
            final StreamInfo stream = sink.streams().stream().filter(s -> s.streamId().equals(block.streamId())).findFirst()
                .orElseThrow(() -> new AssertionError("block of an unannounced stream " + block.streamId()));
            streams.put(stream.streamId(), stream);
            final String thread = stream.properties().get("thread-name");
            final List<Event> events = decoded.byStream.computeIfAbsent(stream.streamId(), id -> new ArrayList<>());
            final long offsetBefore = events.size();
            reader.read(block.bytes(), 0, block.bytes().length, stream.declarations(), new TelemetryVisitor() {
                @Override
                public void onLog(final LogEvent log) {
                    events.add(new Event(thread, "log", log.ticks(), log.level() + " " + log.target() + " " + log.message()));
                }

                @Override
                public void onMeasure(final MeasureEvent measure) {
                    events.add(new Event(thread, "metric", measure.ticks(), measure.name() + " "
                        + (measure.floating() ? Double.toString(measure.doubleValue()) : Long.toString(measure.longValue()))
                        + " " + measure.properties()));
                }

                @Override
                public void onSpan(final SpanEvent span) {
                    events.add(new Event(thread, "span", span.ticks(), (span.begin() ? "begin " : "end ") + span.name()
                        + (span.async() ? " async " + span.spanId() + " " + span.parentId() + " " + span.depth() : "")));
                }
            });
            assertThat(block.header().objectOffset()).as("object offset continues").isEqualTo(offsetBefore);
            assertThat(block.header().objectCount()).isEqualTo(events.size() - (int) offsetBefore);
            final long[] end = previousEnd.get(stream.streamId());
            if (end != null) {
                assertThat(block.header().beginTicks()).as("block[k].end == block[k+1].begin").isEqualTo(end[0]);
                assertThat(block.header().beginTimeNanos()).isEqualTo(end[1]);
            }
            previousEnd.put(stream.streamId(), new long[] {block.header().endTicks(), block.header().endTimeNanos()});
        }
        decoded.byStream.values().forEach(decoded.all::addAll);
        return decoded;
    }

    List<Event> ofThread(final String thread, final String kind) {
        return all.stream().filter(e -> e.thread().equals(thread) && e.kind().equals(kind)).toList();
    }

    List<Event> matching(final String prefix) {
        return all.stream().filter(e -> e.text().startsWith(prefix)).toList();
    }
}
