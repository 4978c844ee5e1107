package io.lakeobs.protocol;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Body of POST {@link IngestPaths#STREAMS}. Sending the same body again is a no-op.
 *
 * @param streamId unique id chosen by the client
 * @param processId the registered process the stream belongs to
 * @param tags e.g. {@code log}, {@code metrics}, {@code cpu}
 * @param properties free-form key/values
 * @param declarations {@code StreamDeclarations.encode()} of the stream's event types
 */
public record RegisterStreamRequest(UUID streamId, UUID processId, List<String> tags, Map<String, String> properties,
                                    byte[] declarations) {
    public RegisterStreamRequest {
        tags = tags == null ? List.of() : List.copyOf(tags);
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        declarations = declarations == null ? new byte[0] : declarations.clone();
    }

    @Override
    public byte[] declarations() {
        return declarations.clone();
    }

    /** The declarations as they travel in JSON. */
    public String declarationsBase64() {
        return Base64.getEncoder().encodeToString(declarations);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof RegisterStreamRequest o && streamId.equals(o.streamId) && processId.equals(o.processId)
            && tags.equals(o.tags) && properties.equals(o.properties) && java.util.Arrays.equals(declarations, o.declarations);
    }

    @Override
    public int hashCode() {
        return streamId.hashCode();
    }

    @Override
    public String toString() {
        return "RegisterStreamRequest[streamId=" + streamId + ", processId=" + processId + ", tags=" + tags
            + ", properties=" + properties + ", declarations=" + declarations.length + " bytes]";
    }
}
