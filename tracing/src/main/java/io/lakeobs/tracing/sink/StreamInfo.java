package io.lakeobs.tracing.sink;

import io.lakeobs.transit.layout.StreamDeclarations;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stream's metadata, sent once before its first block. A stream is one thread's log, metric
 * or span events; its declarations let a reader decode its blocks without tracing's classes.
 *
 * @param streamId random id of the stream
 * @param processId the process that owns it
 * @param kind log, metrics or spans (also the upload priority)
 * @param tags stream tags, the first being {@link StreamKind#tag()}
 * @param properties e.g. {@code thread-name} and {@code thread-id}
 * @param declarations the event and dependency types its blocks use
 */
public record StreamInfo(UUID streamId, UUID processId, StreamKind kind, List<String> tags,
                         Map<String, String> properties, StreamDeclarations declarations) {
    public StreamInfo {
        tags = List.copyOf(tags);
        properties = Map.copyOf(properties);
    }
}
