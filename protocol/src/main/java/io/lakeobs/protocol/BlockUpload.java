package io.lakeobs.protocol;

import java.util.UUID;

/**
 * One block the client wants to upload.
 *
 * @param streamId the registered stream the block belongs to
 * @param blockId the block's id, fixed across retries (it is in the object key)
 * @param contentLength exact byte length of the block; the URL only accepts this length
 */
public record BlockUpload(UUID streamId, UUID blockId, long contentLength) {
}
