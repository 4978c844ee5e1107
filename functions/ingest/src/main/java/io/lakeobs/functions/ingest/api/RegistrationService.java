package io.lakeobs.functions.ingest.api;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.Registration;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ProtocolException;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterResponse;
import io.lakeobs.protocol.RegisterStreamRequest;
import io.lakeobs.transit.layout.StreamDeclarations;

import java.util.UUID;

/** Registers processes and streams for the calling key; idempotent, create-only. */
public final class RegistrationService {
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockCatalog blocks;

    public RegistrationService(final ProcessCatalog processes, final StreamCatalog streams, final BlockCatalog blocks) {
        this.processes = processes;
        this.streams = streams;
        this.blocks = blocks;
    }

    public RegisterResponse registerProcess(final Caller caller, final RegisterProcessRequest request) {
        final UUID id = request.process().processId();
        final Registration outcome = processes.register(request.process(), caller.keyId());
        return respond(id, outcome, "process", "process.processId");
    }

    public RegisterResponse registerStream(final Caller caller, final RegisterStreamRequest request) {
        requireOwnedProcess(processes, caller, request.processId(), "processId");
        if (request.declarations().length > 0) {
            try {
                StreamDeclarations.decode(request.declarations());
            } catch (final RuntimeException e) {
                throw ProtocolException.invalid("declarations", "not valid stream declarations: " + e.getMessage());
            }
        }
        final Registration outcome = streams.register(request);
        if (outcome == Registration.CREATED) {
            reconcileBlocksOf(request.processId(), request.streamId());
        }
        return respond(request.streamId(), outcome, "stream", "streamId");
    }

    /**
     * Blocks can be indexed before their stream is registered (S3 events are unordered, and
     * retention may have removed old stream metadata that the client then registers again); once
     * the stream exists they are ordinary blocks. The indexer re-checks the stream after writing
     * a flagged block, so a block indexed while this runs is reconciled by one side or the other.
     */
    private void reconcileBlocksOf(final UUID processId, final UUID streamId) {
        for (final BlockRecord block : blocks.unreconciledBlocksOfStream(streamId)) {
            if (block.header().processId().equals(processId)) {
                blocks.markReconciled(streamId, block.blockSort());
            }
        }
    }

    /** The process if it exists and belongs to the caller; UNKNOWN_PROCESS or FORBIDDEN otherwise. */
    static ProcessRecord requireOwnedProcess(final ProcessCatalog processes, final Caller caller, final UUID processId,
                                             final String field) {
        final ProcessRecord process = processes.get(processId).orElseThrow(() -> new ProtocolException(
            ErrorCode.UNKNOWN_PROCESS, "process " + processId + " is not registered; register it first", field));
        if (!process.ownerKeyId().equals(caller.keyId())) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "process " + processId + " belongs to another API key", field);
        }
        return process;
    }

    private static RegisterResponse respond(final UUID id, final Registration outcome, final String what, final String field) {
        return switch (outcome) {
            case CREATED -> new RegisterResponse(id, true);
            case UNCHANGED -> new RegisterResponse(id, false);
            case CONFLICT -> throw new ProtocolException(ErrorCode.CONFLICT, what + " " + id
                + " is already registered with different content", field);
            case OTHER_OWNER -> throw new ProtocolException(ErrorCode.FORBIDDEN, what + " " + id
                + " belongs to another API key", field);
            case TAKEN -> throw new ProtocolException(ErrorCode.STREAM_ID_TAKEN, what + " " + id
                + " is already registered by another process; stream ids are global, use a new random one", field);
            case DELETED -> throw new ProtocolException(ErrorCode.PROCESS_DELETED, what + " " + id
                + " was deleted on request; it may not be registered again until its tombstone expires", field);
        };
    }
}
