package io.lakeobs.uploader;

import io.lakeobs.protocol.BlockUpload;
import io.lakeobs.protocol.IngestLimits;
import io.lakeobs.protocol.PresignRequest;
import io.lakeobs.protocol.RegisterProcessRequest;
import io.lakeobs.protocol.RegisterStreamRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Starts the uploader's requests within the {@code maxInFlight} permits, in the loop's order:
 * process registrations, stream registrations (just before a stream's first block), PUTs of
 * blocks with a fresh URL, presign batches for the others. Every reply returns to the loop's
 * thread as a {@link UploadLoop.Completion} event that hands it to the {@link ReplyHandler}, so
 * the HTTP threads never touch the state. Used by the upload loop's thread only.
 */
final class RequestDispatcher {
    private final UploaderConfig config;
    private final IngestClient client;
    private final Spool spool;
    private final Registrations registrations;
    private final PendingBlocks blocks;
    private final ReplyHandler replies;
    private final UploaderCounters counters;
    private final WarnOnce warnings;
    private final Queue<Object> events;
    private int inFlight;

    RequestDispatcher(final UploaderConfig config, final IngestClient client, final Spool spool,
                      final Registrations registrations, final PendingBlocks blocks, final ReplyHandler replies,
                      final UploaderCounters counters, final WarnOnce warnings, final Queue<Object> events) {
        this.config = config;
        this.client = client;
        this.spool = spool;
        this.registrations = registrations;
        this.blocks = blocks;
        this.replies = replies;
        this.counters = counters;
        this.warnings = warnings;
        this.events = events;
    }

    /** Starts every request that is due at {@code now} and fits the permits; returns how many. */
    int startWork(final long now) {
        final int started = registerProcesses(now);
        return started + startBlocks(now);
    }

    int inFlight() {
        return inFlight;
    }

    /** A reply came back: its permit is free again. */
    void completed() {
        inFlight--;
    }

    private int registerProcesses(final long now) {
        int started = 0;
        for (final Registrable process : registrations.processes()) {
            if (inFlight >= config.maxInFlight()) {
                break;
            }
            if (process.dueAt(now)) {
                register(process);
                started++;
            }
        }
        return started;
    }

    /**
     * Walks the blocks in upload order: registers a due block's stream, PUTs it when its URL is
     * fresh, else batches it for a presign per process. Recovered blocks that are due but wait for
     * their registration hold new blocks back: earlier runs go first.
     */
    private int startBlocks(final long now) {
        int started = 0;
        final Map<UUID, List<PendingBlock>> toPresign = new LinkedHashMap<>();
        final List<PendingBlock> unreadable = new ArrayList<>(); // dropped after the walk, not during it
        boolean recoveredWaiting = false;
        for (final PendingBlock block : blocks) {
            if (inFlight >= config.maxInFlight()) {
                break;
            }
            if (block.state != PendingBlock.State.WAITING || block.notBefore > now || (recoveredWaiting && !block.recovered)) {
                continue;
            }
            final Registrable process = registrations.process(block.processId);
            if (process == null || !process.registered) {
                recoveredWaiting |= block.recovered;
                continue;
            }
            final Registrable stream = registrations.stream(block.streamId);
            if (!stream.registered) {
                if (stream.dueAt(now)) {
                    register(stream);
                    started++;
                }
                recoveredWaiting |= block.recovered;
                continue;
            }
            if (hasFreshUrl(block, now)) {
                if (put(block)) {
                    started++;
                } else {
                    unreadable.add(block);
                }
            } else {
                addToBatch(toPresign, block);
            }
        }
        for (final PendingBlock block : unreadable) {
            blocks.drop(block, "spool-corrupt");
        }
        return started + presignBatches(toPresign);
    }

    private static boolean hasFreshUrl(final PendingBlock block, final long now) {
        return block.upload != null
            && block.upload.expiresAt().toEpochMilli() - UploaderEnv.PRESIGN_EXPIRY_MARGIN.toMillis() > now;
    }

    private static void addToBatch(final Map<UUID, List<PendingBlock>> toPresign, final PendingBlock block) {
        final List<PendingBlock> batch = toPresign.computeIfAbsent(block.processId, id -> new ArrayList<>());
        if (batch.size() < IngestLimits.MAX_BLOCKS_PER_PRESIGN) {
            batch.add(block);
        }
    }

    private int presignBatches(final Map<UUID, List<PendingBlock>> toPresign) {
        int started = 0;
        for (final Map.Entry<UUID, List<PendingBlock>> batch : toPresign.entrySet()) {
            if (inFlight >= config.maxInFlight()) {
                break;
            }
            presign(batch.getKey(), batch.getValue());
            started++;
        }
        return started;
    }

    private void register(final Registrable entry) {
        entry.inFlight = true;
        counters.registrations.incrementAndGet();
        final CompletableFuture<IngestClient.Reply> reply = entry.isProcess
            ? client.registerProcess((RegisterProcessRequest) entry.request)
            : client.registerStream((RegisterStreamRequest) entry.request);
        send(reply, r -> replies.onRegistered(entry, r));
    }

    private void presign(final UUID processId, final List<PendingBlock> batch) {
        final List<BlockUpload> uploads = new ArrayList<>(batch.size());
        for (final PendingBlock block : batch) {
            block.state = PendingBlock.State.PRESIGNING;
            uploads.add(new BlockUpload(block.streamId, block.blockId, block.length));
        }
        send(client.presign(new PresignRequest(processId, uploads)), r -> replies.onPresigned(processId, batch, r));
    }

    /** PUTs the block, its bytes from memory or else the spool; false if the spool file is unreadable (to be dropped). */
    private boolean put(final PendingBlock block) {
        byte[] bytes = block.bytes;
        if (bytes == null) {
            try {
                bytes = spool.readBlock(block.spoolFile);
            } catch (final IOException | RuntimeException e) {
                warnings.warn("spool-read", "cannot read spool file " + block.spoolFile + ": " + e + "; block dropped");
                return false;
            }
        }
        block.state = PendingBlock.State.UPLOADING;
        block.putsSent++;
        send(client.put(block.upload, bytes), r -> replies.onPut(block, r));
        return true;
    }

    private void send(final CompletableFuture<IngestClient.Reply> reply, final Consumer<IngestClient.Reply> handler) {
        inFlight++;
        reply.thenAccept(r -> events.add(new UploadLoop.Completion(() -> handler.accept(r))));
    }
}
