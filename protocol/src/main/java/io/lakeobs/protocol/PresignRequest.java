package io.lakeobs.protocol;

import java.util.List;
import java.util.UUID;

/**
 * Body of POST {@link IngestPaths#BLOCKS_PRESIGN}: blocks of one process, at most
 * {@link IngestLimits#MAX_BLOCKS_PER_PRESIGN} per call.
 */
public record PresignRequest(UUID processId, List<BlockUpload> blocks) {
    public PresignRequest {
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
    }
}
