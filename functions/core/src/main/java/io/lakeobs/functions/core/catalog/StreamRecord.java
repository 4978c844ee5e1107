package io.lakeobs.functions.core.catalog;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stream item. Its declarations are inline ({@code declarations}) or, when large, in S3 at
 * {@code declarationsKey}; {@link StreamCatalog#declarations(StreamRecord)} returns them either way.
 *
 * @param declarations inline declarations bytes, or null when referenced
 * @param declarationsKey S3 key of the declarations, or null when inline
 * @param declarationsSha256 SHA-256 of the declarations bytes
 */
public record StreamRecord(UUID processId, UUID streamId, List<String> tags, Map<String, String> properties,
                           byte[] declarations, String declarationsKey, byte[] declarationsSha256,
                           long insertTimeMillis, long lastSeenMillis) {
}
