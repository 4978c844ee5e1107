package io.lakeobs.uploader;

import io.lakeobs.tracing.IntMetric;
import io.lakeobs.tracing.PropertySet;
import io.lakeobs.tracing.Tracing;

import java.util.HashMap;
import java.util.Map;

/**
 * Drops recorded through tracing itself, so they reach the backend with everything else:
 * {@value #DROPPED_EVENTS} and {@value #DROPPED_BLOCKS}, with properties {@code kind} (log,
 * metrics, cpu) and {@code reason} (budget, spool-full, rejected, queue-full, shutdown...).
 * A no-op while tracing is not installed. Used by the upload loop's thread only.
 */
final class DropMetrics {
    static final String DROPPED_EVENTS = "lakeobs.uploader.dropped_events";
    static final String DROPPED_BLOCKS = "lakeobs.uploader.dropped_blocks";
    private static final IntMetric EVENTS = Tracing.intMetric(DROPPED_EVENTS, "events", "lakeobs.uploader");
    private static final IntMetric BLOCKS = Tracing.intMetric(DROPPED_BLOCKS, "blocks", "lakeobs.uploader");

    private final Map<String, PropertySet> properties = new HashMap<>();

    void record(final String kind, final String reason, final long events) {
        final PropertySet set = properties.computeIfAbsent(kind + "/" + reason,
            key -> Tracing.properties(Map.of("kind", kind, "reason", reason)));
        EVENTS.record(events, set);
        BLOCKS.record(1, set);
    }
}
