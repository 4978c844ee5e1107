package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.CatalogKeys;

/**
 * Where a retention pass stands: an insert day, a shard of it, and the last insert sort key done
 * there (for the orphan sweep: a signing day, shard 0, and the last object key listed). Spelled so that string order is progress order, so the stored position can be moved
 * forward with one conditional write and never back.
 *
 * @param dayMillis start of the UTC insert day
 * @param shard 0..15
 * @param after the last insert sort key done in that shard, empty for none
 */
record RetentionPosition(long dayMillis, int shard, String after) {
    static RetentionPosition startOf(final long dayMillis) {
        return new RetentionPosition(dayMillis, 0, "");
    }

    static RetentionPosition parse(final String text) {
        final String[] parts = text.split("\\|", 3);
        return new RetentionPosition(Long.parseLong(parts[0]), Integer.parseInt(parts[1]), parts[2]);
    }

    String text() {
        return CatalogKeys.pad(dayMillis) + "|" + (shard < 10 ? "0" : "") + shard + "|" + after;
    }

    /** The position after this shard: the next shard's start, or the next day's. */
    RetentionPosition nextShard(final long dayLength) {
        return shard + 1 < CatalogKeys.INSERT_SHARDS ? new RetentionPosition(dayMillis, shard + 1, "")
            : startOf(dayMillis + dayLength);
    }
}
