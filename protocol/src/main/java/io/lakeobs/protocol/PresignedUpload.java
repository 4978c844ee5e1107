package io.lakeobs.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A presigned PUT for one block.
 *
 * @param blockId the block this URL is for
 * @param url PUT the block's exact bytes here
 * @param headers headers to send with the PUT, exactly as given (they are signed); the
 *                {@code host} header, if present, is set by the HTTP client itself
 * @param expiresAt the URL is refused after this instant
 */
public record PresignedUpload(UUID blockId, String url, Map<String, String> headers, Instant expiresAt) {
    public PresignedUpload {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
