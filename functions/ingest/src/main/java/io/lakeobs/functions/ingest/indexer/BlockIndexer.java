package io.lakeobs.functions.ingest.indexer;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.CatalogKeys;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.QuarantineRecord;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.transit.block.BlockHeader;
import io.lakeobs.transit.block.BlockHeaderDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Indexes one uploaded object: ranged GET of its header, validation (the header's own checks, the
 * ids against the key, the object size against the header, the stream id's owner), then a
 * create-only object claim and block item (parked when the block puts its API key over its
 * per-minute budget, {@link BlockBudgets}) and last-seen updates. Safe under at-least-once,
 * duplicated and reordered delivery: a repeat is a no-op. An object is indexed as at most one
 * item; one that is not indexed is quarantined with its reason (never lost silently), and never
 * deleted here.
 */
public final class BlockIndexer {
    /** {offset, length} of the header bytes the format reserves as zero (docs/transit-format.md). */
    private static final int[][] RESERVED_HEADER_BYTES = {{BlockHeaderDescriptor.FLAGS_OFFSET, 3},
        {BlockHeaderDescriptor.MAX_LEVEL_OFFSET + 1, 3}, {BlockHeaderDescriptor.PAYLOAD_CHECKSUM_OFFSET + 4, 8}};
    /** Log levels: 1 trace .. 6 fatal; a block without logs has max level 0. */
    private static final int MIN_LEVEL = 1;
    private static final int MAX_LEVEL = 6;
    private final BlockStore store;
    private final BlockCatalog blocks;
    private final StreamCatalog streams;
    private final ProcessCatalog processes;
    private final QuarantineCatalog quarantine;
    private final BlockBudgets budgets;
    private final Clock clock;

    public BlockIndexer(final BlockStore store, final BlockCatalog blocks, final StreamCatalog streams,
                        final ProcessCatalog processes, final QuarantineCatalog quarantine, final BlockBudgets budgets,
                        final Clock clock) {
        this.store = store;
        this.blocks = blocks;
        this.streams = streams;
        this.processes = processes;
        this.quarantine = quarantine;
        this.budgets = budgets;
        this.clock = clock;
    }

    /**
     * Indexes every object, each on its own: an invalid one is quarantined and the rest go on. Those
     * that failed for an infrastructure reason are counted in the result, whose
     * {@link IndexBatch#throwIfFailed()} the handler calls after its metrics, so that the event is
     * delivered again (the successful ones are then duplicates, hence no-ops).
     */
    public IndexBatch indexAll(final java.util.List<ObjectRef> objects) {
        final java.util.List<IndexOutcome> outcomes = new java.util.ArrayList<>(objects.size());
        RuntimeException failure = null;
        int failed = 0;
        for (final ObjectRef object : objects) {
            try {
                outcomes.add(index(object.bucket(), object.key()));
            } catch (final RuntimeException e) {
                failed++;
                if (failure == null) {
                    failure = new IllegalStateException("indexing failed for " + object.key(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return new IndexBatch(java.util.List.copyOf(outcomes), failed, failure);
    }

    /** An object named by an S3 event, its key already URL-decoded. */
    public record ObjectRef(String bucket, String key) {
    }

    /** Indexes {@code key} of {@code bucket} (the decoded S3 key). Throws only on infrastructure failures, to be retried. */
    public IndexOutcome index(final String bucket, final String key) {
        if (!store.bucket().equals(bucket) || key == null || !key.startsWith(ObjectKeys.BLOCKS_PREFIX)) {
            return IndexOutcome.IGNORED;
        }
        final Optional<BlockStore.RangeRead> read = store.readRange(key, 0, BlockHeaderDescriptor.HEADER_LENGTH - 1);
        if (read.isEmpty()) {
            return IndexOutcome.MISSING;
        }
        final long size = read.get().objectSize();
        final Optional<ObjectKeys.BlockKey> ids = ObjectKeys.parseBlockKey(key);
        if (ids.isEmpty()) {
            return quarantine(key, size, "key is not blocks/{yyyy-MM-dd}/{processId}/{streamId}/{blockId} with lower-case UUIDs");
        }
        final byte[] bytes = read.get().bytes();
        final BlockHeader header;
        try {
            header = BlockHeader.decode(new UnsafeBuffer(bytes), 0, bytes.length);
        } catch (final RuntimeException e) {
            return quarantine(key, size, "invalid header: " + e.getMessage());
        }
        final String unsupported = unsupported(bytes, header);
        if (unsupported != null) {
            return quarantine(key, size, unsupported);
        }
        final String mismatch = mismatch(ids.get(), header, size);
        if (mismatch != null) {
            return quarantine(key, size, mismatch);
        }
        final Optional<UUID> owner = streams.owner(header.streamId());
        if (owner.isPresent() && !owner.get().equals(header.processId())) {
            return quarantine(key, size, "stream " + header.streamId() + " belongs to process " + owner.get()
                + ", not to " + header.processId());
        }
        final long now = clock.millis();
        final boolean streamKnown = streams.exists(header.processId(), header.streamId());
        final String blockSort = CatalogKeys.blockSort(header.beginTimeNanos(), header.blockId());
        final BlockCatalog.ObjectClaim claim = blocks.claimObject(key, blockSort, now);
        if (!claim.blockSort().equals(blockSort)) {
            return quarantine(key, size, "object already indexed as block item " + header.streamId() + "/"
                + claim.blockSort() + "; its header now says " + blockSort + " (rewritten after indexing?)");
        }
        if (!claim.created()) {
            final Optional<BlockRecord> existing = blocks.get(header.streamId(), blockSort);
            if (existing.isPresent()) {
                return duplicate(key, size, existing.get()); // a repeated event: charged and indexed already
            }
        }
        final boolean parked = budgets.park(header, key, now);
        final BlockRecord record = new BlockRecord(header, key, size, now, BlockRecord.STATE_LIVE, !streamKnown, parked);
        if (!blocks.putIfAbsent(record)) {
            return duplicate(key, size, blocks.get(header.streamId(), blockSort).orElse(record));
        }
        // a stream registered between the check and the put has already looked for flagged blocks
        final boolean reconciled = !streamKnown && streams.exists(header.processId(), header.streamId());
        if (reconciled) {
            blocks.markReconciled(header.streamId(), blockSort);
        }
        if (streamKnown || reconciled) {
            streams.touch(header.processId(), header.streamId(), now);
        }
        processes.touch(header.processId(), now);
        if (parked) {
            return IndexOutcome.INDEXED_PARKED;
        }
        return streamKnown || reconciled ? IndexOutcome.INDEXED : IndexOutcome.INDEXED_UNKNOWN_STREAM;
    }

    private static String mismatch(final ObjectKeys.BlockKey ids, final BlockHeader header, final long size) {
        if (!header.processId().equals(ids.processId())) {
            return "header process id " + header.processId() + " differs from the key's " + ids.processId();
        }
        if (!header.streamId().equals(ids.streamId())) {
            return "header stream id " + header.streamId() + " differs from the key's " + ids.streamId();
        }
        if (!header.blockId().equals(ids.blockId())) {
            return "header block id " + header.blockId() + " differs from the key's " + ids.blockId();
        }
        if (size != header.blockLength()) {
            return "object is " + size + " bytes but its header declares " + header.blockLength();
        }
        if (header.beginTimeNanos() < 0) {
            return "negative begin time " + header.beginTimeNanos();
        }
        return null;
    }

    /**
     * What the format says is zero, and the level range, checked here so that a future format
     * version can give those bytes a meaning: no block stored today carries anything else there.
     */
    private static String unsupported(final byte[] bytes, final BlockHeader header) {
        for (final int[] range : RESERVED_HEADER_BYTES) {
            for (int i = range[0]; i < range[0] + range[1]; i++) {
                if (bytes[i] != 0) {
                    return "reserved header bytes " + range[0] + ".." + (range[0] + range[1] - 1) + " are not zero";
                }
            }
        }
        final int level = header.summary().maxLevel();
        if (header.summary().logCount() == 0 ? level != 0 : level < MIN_LEVEL || level > MAX_LEVEL) {
            return "max level " + level + " outside " + (header.summary().logCount() == 0 ? "0 (no logs)"
                : MIN_LEVEL + ".." + MAX_LEVEL);
        }
        return null;
    }

    /**
     * The block item's key is taken: by this very object (a repeated event: a no-op), or by another
     * object whose header has the same stream, begin time and block id (another process reusing
     * the stream id in a catalog from before ownership items): quarantined, never lost silently.
     */
    private IndexOutcome duplicate(final String key, final long size, final BlockRecord existing) {
        if (existing.objectKey().equals(key)) {
            return IndexOutcome.DUPLICATE;
        }
        return quarantine(key, size, "block item " + existing.header().streamId() + "/" + existing.blockSort()
            + " is already held by object " + existing.objectKey());
    }

    private IndexOutcome quarantine(final String key, final long size, final String reason) {
        quarantine.putIfAbsent(new QuarantineRecord(key, reason, size, clock.millis()));
        return IndexOutcome.QUARANTINED;
    }
}
