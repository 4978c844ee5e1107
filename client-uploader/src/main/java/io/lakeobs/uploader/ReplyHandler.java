package io.lakeobs.uploader;

import io.lakeobs.protocol.ErrorCode;
import io.lakeobs.protocol.ErrorResponse;
import io.lakeobs.protocol.IngestJson;
import io.lakeobs.protocol.PresignResponse;
import io.lakeobs.protocol.PresignedUpload;

import java.util.List;
import java.util.UUID;

/**
 * What each reply does to the uploader's state: a registration is done, retried or refused with
 * its blocks; presigned URLs are attached to their blocks, or the backend is told again what it
 * forgot; a PUT's block is sent, presigned again, retried or dropped. Kept apart from the loop
 * so each protocol outcome reads on its own. Runs on the upload loop's thread, as the loop
 * applies completion events.
 */
final class ReplyHandler {
    private final UploaderConfig config;
    private final Registrations registrations;
    private final PendingBlocks blocks;
    private final RetryPolicy policy;
    private final UploaderCounters counters;
    private final WarnOnce warnings;

    ReplyHandler(final UploaderConfig config, final Registrations registrations, final PendingBlocks blocks,
                 final RetryPolicy policy, final UploaderCounters counters, final WarnOnce warnings) {
        this.config = config;
        this.registrations = registrations;
        this.blocks = blocks;
        this.policy = policy;
        this.counters = counters;
        this.warnings = warnings;
    }

    void onRegistered(final Registrable entry, final IngestClient.Reply reply) {
        entry.inFlight = false;
        if (reply.ok()) {
            entry.registered = true;
            entry.attempts = 0;
            return;
        }
        final ErrorResponse error = RetryPolicy.error(reply);
        if (error != null && error.code() == ErrorCode.UNKNOWN_PROCESS && !entry.isProcess) {
            registrations.process(entry.processId).registered = false;
            entry.notBefore = policy.retryAt(entry.attempts++, reply);
            return;
        }
        if (RetryPolicy.retryable(reply, error)) {
            counters.retries.incrementAndGet();
            entry.notBefore = policy.retryAt(entry.attempts++, reply);
            return;
        }
        entry.rejected = true;
        warnings.warn("register-" + reply.status() + (error == null ? "" : error.code()), (entry.isProcess ? "process "
            : "stream ") + entry.id + " refused permanently: HTTP " + reply.status() + " " + reply.bodyText()
            + "; its blocks are dropped");
        blocks.dropAll(block -> (entry.isProcess ? block.processId : block.streamId).equals(entry.id), "rejected");
    }

    void onPresigned(final UUID processId, final List<PendingBlock> batch, final IngestClient.Reply reply) {
        final long now = config.clock().millis();
        if (reply.ok()) {
            attachUrls(batch, reply, now);
            return;
        }
        final ErrorResponse error = RetryPolicy.error(reply);
        if (error != null && error.code() == ErrorCode.UNKNOWN_PROCESS) {
            registrations.forgetProcess(processId);
            reRegister(batch, now);
        } else if (error != null && error.code() == ErrorCode.UNKNOWN_STREAM) {
            forgetStreams(batch, RetryPolicy.blockIndex(error.field()));
            reRegister(batch, now);
        } else if (RetryPolicy.retryable(reply, error)) {
            retryAll(batch, reply);
        } else {
            refuse(batch, reply, error, now);
        }
    }

    void onPut(final PendingBlock block, final IngestClient.Reply reply) {
        if (!blocks.contains(block)) {
            return; // dropped meanwhile
        }
        if (reply.ok() || RetryPolicy.alreadyWritten(reply, block)) {
            blocks.sent(block);
            return;
        }
        final long now = config.clock().millis();
        block.state = PendingBlock.State.WAITING;
        if (policy.urlExpired(reply, block)) {
            counters.presignedAgain.incrementAndGet();
            block.upload = null;
            block.notBefore = policy.againAt(block.expiredUrls++, now);
            return;
        }
        if (RetryPolicy.retryablePut(reply)) {
            counters.retries.incrementAndGet();
            block.notBefore = policy.retryAt(block.attempts++, reply);
            return;
        }
        final String body = reply.bodyText();
        warnings.warn("put-" + reply.status(), "S3 refused a block permanently: HTTP " + reply.status() + " "
            + (body.length() > 300 ? body.substring(0, 300) : body) + "; dropped (further refusals are counted, not logged)");
        blocks.drop(block, "rejected");
    }

    private void attachUrls(final List<PendingBlock> batch, final IngestClient.Reply reply, final long now) {
        final PresignResponse response;
        try {
            response = IngestJson.parsePresignResponse(reply.body());
        } catch (final RuntimeException e) {
            retryAll(batch, reply);
            return;
        }
        for (final PresignedUpload upload : response.uploads()) {
            final PendingBlock block = blocks.get(upload.blockId());
            if (block != null && block.state == PendingBlock.State.PRESIGNING) {
                block.upload = upload;
                block.state = PendingBlock.State.WAITING;
                block.notBefore = now;
            }
        }
        retryAll(batch, reply); // blocks the response left out, if any
    }

    /** The backend forgot the stream of the block at {@code index} (of every block when -1). */
    private void forgetStreams(final List<PendingBlock> batch, final int index) {
        for (int i = 0; i < batch.size(); i++) {
            if (index < 0 || index == i) {
                registrations.stream(batch.get(i).streamId).registered = false;
            }
        }
    }

    private void reRegister(final List<PendingBlock> batch, final long now) {
        for (final PendingBlock block : batch) {
            if (block.state == PendingBlock.State.PRESIGNING) {
                block.state = PendingBlock.State.WAITING;
                block.notBefore = policy.againAt(block.attempts++, now);
            }
        }
    }

    /** A permanent refusal: drops the block it names (or the whole batch); the others wait for a new batch. */
    private void refuse(final List<PendingBlock> batch, final IngestClient.Reply reply, final ErrorResponse error,
                        final long now) {
        final int index = error == null ? -1 : RetryPolicy.blockIndex(error.field());
        warnings.warn("presign-" + reply.status() + (error == null ? "" : error.code()), "presign refused permanently: HTTP "
            + reply.status() + " " + reply.bodyText() + (index < 0 ? "; the batch's blocks are dropped" : "; that block is dropped"));
        for (int i = 0; i < batch.size(); i++) {
            final PendingBlock block = batch.get(i);
            if (index < 0 || index == i) {
                blocks.drop(block, "rejected");
            } else if (block.state == PendingBlock.State.PRESIGNING) {
                block.state = PendingBlock.State.WAITING;
                block.notBefore = now;
            }
        }
    }

    /** Backs off every block of the batch still waiting for its URL; one retry counted for the batch. */
    private void retryAll(final List<PendingBlock> batch, final IngestClient.Reply reply) {
        boolean counted = false;
        for (final PendingBlock block : batch) {
            if (block.state == PendingBlock.State.PRESIGNING && blocks.contains(block)) {
                block.state = PendingBlock.State.WAITING;
                block.notBefore = policy.retryAt(block.attempts++, reply);
                if (!counted) {
                    counters.retries.incrementAndGet();
                    counted = true;
                }
            }
        }
    }
}
