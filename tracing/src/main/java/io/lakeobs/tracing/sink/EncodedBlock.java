package io.lakeobs.tracing.sink;

import io.lakeobs.transit.block.BlockHeader;

import java.util.UUID;

/**
 * One sealed transit block, ready to upload as is: {@code bytes} is the whole object
 * (header, dependencies, events), {@code header} its decoded header for metadata and
 * summaries without re-reading the bytes.
 *
 * @param streamId stream of the block (same as in the header)
 * @param blockId unique id of the block, to keep across upload retries
 * @param kind the stream's kind, i.e. the upload priority
 * @param bytes the block, exactly sized; owned by the sink
 * @param header its header
 */
public record EncodedBlock(UUID streamId, UUID blockId, StreamKind kind, byte[] bytes, BlockHeader header) {
    public UUID processId() {
        return header.processId();
    }
}
