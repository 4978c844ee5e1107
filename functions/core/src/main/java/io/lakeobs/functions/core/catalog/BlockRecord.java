package io.lakeobs.functions.core.catalog;

import io.lakeobs.transit.block.BlockHeader;

import java.time.Instant;

/**
 * A block item: where the block is, its whole validated header (times, sizes, summary) and when
 * the server indexed it.
 *
 * @param objectKey S3 key of the block in the raw bucket
 * @param size object size in bytes (equals {@code header.blockLength()})
 * @param insertTimeMillis server time of indexing; all time partitioning follows it
 * @param state {@link #STATE_LIVE} when indexed; retention may set other states
 * @param reconcile true when the block was indexed before its stream was known
 * @param parked true when the block put its API key over its per-minute budget: held out of the
 *               global views, available on demand, live otherwise (retention as usual)
 */
public record BlockRecord(BlockHeader header, String objectKey, long size, long insertTimeMillis, String state,
                          boolean reconcile, boolean parked) {
    public static final String STATE_LIVE = "live";

    /** A block within its key's budget. */
    public BlockRecord(final BlockHeader header, final String objectKey, final long size, final long insertTimeMillis,
                       final String state, final boolean reconcile) {
        this(header, objectKey, size, insertTimeMillis, state, reconcile, false);
    }

    public String blockSort() {
        return CatalogKeys.blockSort(header.beginTimeNanos(), header.blockId());
    }

    public String insertBucket() {
        return CatalogKeys.insertBucket(Instant.ofEpochMilli(insertTimeMillis), CatalogKeys.shard(header.blockId()));
    }

    public String insertDay() {
        return CatalogKeys.insertDay(Instant.ofEpochMilli(insertTimeMillis), CatalogKeys.shard(header.blockId()));
    }

    public String insertSort() {
        return CatalogKeys.insertSort(insertTimeMillis, header.blockId().toString());
    }
}
