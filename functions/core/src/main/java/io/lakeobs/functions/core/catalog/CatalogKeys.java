package io.lakeobs.functions.core.catalog;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * How sort keys and insert buckets are spelled. Every number in a key is zero-padded to
 * {@link #PAD_WIDTH} digits so that string order is numeric order.
 */
public final class CatalogKeys {
    /** Digits of a padded number: the width of {@link Long#MAX_VALUE}, plus one. */
    public static final int PAD_WIDTH = 20;
    /** Shards per insert minute: the by_insert partition key is {@code minute#shard}, shard in 0..15. */
    public static final int INSERT_SHARDS = 16;
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private CatalogKeys() {
    }

    /** {@code value} zero-padded to 20 digits; {@code value} must not be negative. */
    public static String pad(final long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative values cannot be padded for sorting: " + value);
        }
        final String digits = Long.toString(value);
        return "0".repeat(PAD_WIDTH - digits.length()) + digits;
    }

    /** blocks SK: {@code pad(beginTimeNs) + "#" + blockId}. */
    public static String blockSort(final long beginTimeNanos, final UUID blockId) {
        return pad(beginTimeNanos) + "#" + blockId;
    }

    /** The UTC minute of {@code insertTime}, {@code yyyy-MM-ddTHH:mm}. */
    public static String insertMinute(final Instant insertTime) {
        return MINUTE.format(insertTime.truncatedTo(ChronoUnit.MINUTES));
    }

    /** by_insert PK: {@code insertMinute + "#" + shard}. */
    public static String insertBucket(final Instant insertTime, final int shard) {
        return insertMinute(insertTime) + "#" + shard;
    }

    /** by_insert_day PK: {@code yyyy-MM-dd + "#" + shard} of the UTC insert day. */
    public static String insertDay(final Instant insertTime, final int shard) {
        return DAY.format(insertTime) + "#" + shard;
    }

    /** by_insert SK: {@code pad(insertTimeMs) + "#" + id}. */
    public static String insertSort(final long insertTimeMillis, final String id) {
        return pad(insertTimeMillis) + "#" + id;
    }

    /** The shard of a block, 0..15, from its id. */
    public static int shard(final UUID blockId) {
        return Math.floorMod(blockId.hashCode(), INSERT_SHARDS);
    }

    /** The shard of a quarantined object, 0..15, from its key. */
    public static int shard(final String objectKey) {
        return Math.floorMod(objectKey.hashCode(), INSERT_SHARDS);
    }

    /** partitions PK: {@code view + "#" + instance} (instance: "global", a process id or a stream id). */
    public static String viewInstance(final String view, final String instance) {
        return view + "#" + instance;
    }

    /** partitions SK: {@code pad(beginMs) + "#" + pad(endMs)} of the insert-time window. */
    public static String partitionBegin(final long beginMillis, final long endMillis) {
        return pad(beginMillis) + "#" + pad(endMillis);
    }
}
