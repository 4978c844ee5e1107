package io.lakeobs.functions.views.etl;

import io.lakeobs.transit.layout.StreamDeclarations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the views need of a stream (from the streams table): its declarations decode its blocks;
 * {@code thread-name} and {@code thread-id} among its properties name the thread of its events.
 */
public record StreamMeta(UUID streamId, UUID processId, StreamDeclarations declarations, List<String> tags,
                         Map<String, String> properties) {
    public StreamMeta {
        tags = tags == null ? List.of() : List.copyOf(tags);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    public String threadName() {
        return properties.getOrDefault("thread-name", "");
    }

    /** The recording thread's id, or null when the stream does not say (or says something that is not a number). */
    public Long threadId() {
        final String id = properties.get("thread-id");
        if (id == null) {
            return null;
        }
        try {
            return Long.parseLong(id.trim());
        } catch (final NumberFormatException e) {
            return null;
        }
    }
}
