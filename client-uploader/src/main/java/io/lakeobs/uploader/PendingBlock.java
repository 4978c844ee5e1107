package io.lakeobs.uploader;

import io.lakeobs.protocol.PresignedUpload;

import java.nio.file.Path;
import java.util.UUID;

/**
 * A block the uploader still owes the backend, from hand-over (or spool recovery) to a
 * successful PUT. Owned by the upload loop's thread. Its id never changes, so every retry
 * writes the same object key and the indexer sees at most one block.
 */
final class PendingBlock {
    enum State { WAITING, PRESIGNING, UPLOADING }

    final UUID processId;
    final UUID streamId;
    final UUID blockId;
    final int priority;
    final long sequence;
    final int length;
    final int eventCount;
    /** True for blocks recovered from an earlier run's spool: they go first. */
    final boolean recovered;
    /** The bytes while they are held in memory; null once evicted to the spool only. */
    byte[] bytes;
    /** The spool file, or null when not (yet) spooled. */
    Path spoolFile;
    State state = State.WAITING;
    PresignedUpload upload;
    int attempts;
    /** PUTs sent so far: a 412 answer after the first means an earlier PUT of this block got through. */
    int putsSent;
    int expiredUrls;
    /** Clock millis before which the block is not retried. */
    long notBefore;

    PendingBlock(final UUID processId, final UUID streamId, final UUID blockId, final int priority, final long sequence,
                 final int length, final int eventCount, final boolean recovered) {
        this.processId = processId;
        this.streamId = streamId;
        this.blockId = blockId;
        this.priority = priority;
        this.sequence = sequence;
        this.length = length;
        this.eventCount = eventCount;
        this.recovered = recovered;
    }

    /** Upload order: recovered blocks first, then by priority, then oldest first. */
    static int compare(final PendingBlock a, final PendingBlock b) {
        if (a.recovered != b.recovered) {
            return a.recovered ? -1 : 1;
        }
        if (a.priority != b.priority) {
            return Integer.compare(a.priority, b.priority);
        }
        return Long.compare(a.sequence, b.sequence);
    }
}
