package io.lakeobs.functions.views.etl;

import io.lakeobs.transit.layout.StreamDeclarations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the views need of a stream (from the streams table): its declarations decode its blocks;
 * {@code thread-name} among its properties names the thread of its spans.
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
}
