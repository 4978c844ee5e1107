package io.lakeobs.functions.ingest.api;

import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.PresignResponse;
import io.lakeobs.protocol.ProtocolException;
import io.lakeobs.transit.block.BlockHeaderDescriptor;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks a presign request (sizes, the caller owns the process, every stream exists) and only
 * then signs: a refused request signs nothing.
 */
public final class PresignService {
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockPresigner presigner;
    private final int maxBlocks;
    private final long maxBlockBytes;

    public PresignService(final ProcessCatalog processes, final StreamCatalog streams, final BlockPresigner presigner,
                          final int maxBlocks, final long maxBlockBytes) {
        this.processes = processes;
        this.streams = streams;
        this.presigner = presigner;
        this.maxBlocks = maxBlocks;
        this.maxBlockBytes = maxBlockBytes;
    }

    public PresignResponse presign(final Caller caller, final PresignRequest request) {
        final List<BlockUpload> blocks = request.blocks();
        if (blocks.size() > maxBlocks) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "blocks: " + blocks.size() + " blocks, more than "
                + maxBlocks + " per call", "blocks");
        }
        for (int i = 0; i < blocks.size(); i++) {
            final long length = blocks.get(i).contentLength();
            if (length > maxBlockBytes) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, "blocks[" + i + "].contentLength: " + length
                    + " bytes, more than the maximum block size " + maxBlockBytes, "blocks[" + i + "].contentLength");
            }
            if (length < BlockHeaderDescriptor.HEADER_LENGTH) {
                throw ProtocolException.invalid("blocks[" + i + "].contentLength", length
                    + " bytes is shorter than a block header (" + BlockHeaderDescriptor.HEADER_LENGTH + ")");
            }
        }
        RegistrationService.requireOwnedProcess(processes, caller, request.processId(), "processId");
        final Set<UUID> known = new HashSet<>();
        for (int i = 0; i < blocks.size(); i++) {
            final UUID streamId = blocks.get(i).streamId();
            if (!known.contains(streamId)) {
                if (!streams.exists(request.processId(), streamId)) {
                    throw new ProtocolException(ErrorCode.UNKNOWN_STREAM, "stream " + streamId + " of process "
                        + request.processId() + " is not registered; register it first", "blocks[" + i + "].streamId");
                }
                known.add(streamId);
            }
        }
        return new PresignResponse(presigner.presign(request.processId(), blocks));
    }
}
