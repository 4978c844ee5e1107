package io.lakeobs.functions.core.partitions;

import java.util.List;

/**
 * One item of the {@code partitions} table: the file of one view instance for one window.
 *
 * @param view table name (log_entries, ...)
 * @param instance "global", a process id or a stream id
 * @param beginMillis window start (insert time for global views, event time for on-demand ones)
 * @param endMillis window end, exclusive
 * @param fileKey S3 key of the Parquet file, or null when the window has no rows
 * @param rows rows in the file
 * @param bytes file size
 * @param schemaVersion {@code View.SCHEMA_VERSION} it was written with
 * @param sourceBlockCount blocks it was derived from
 * @param sourceHash SHA-256 (hex) of the schema version and the sorted source block ids
 * @param state {@link #LIVE} or {@link #SUPERSEDED} (rolled up into a larger window) or {@link #EXPIRED}
 * @param updatedAtMillis last write
 * @param manifested true once the manifest of its partition directory was rewritten after this item
 * @param sourceMinutes insert minutes (epoch ms) that held source blocks: what a roll-up re-reads
 * @param partKeys the window's other files when it was split into parts written by parallel
 *                 workers ({@code fileKey} is the first): the item lists every part or, not yet
 *                 written, none, so a manifest lists all parts of a window or none; rows and bytes
 *                 are the parts' totals
 */
public record Partition(String view, String instance, long beginMillis, long endMillis, String fileKey, long rows,
                        long bytes, int schemaVersion, int sourceBlockCount, String sourceHash, String state,
                        long updatedAtMillis, boolean manifested, List<Long> sourceMinutes, List<String> partKeys) {
    public static final String LIVE = "live";
    public static final String SUPERSEDED = "superseded";
    public static final String EXPIRED = "expired";

    public Partition {
        sourceMinutes = sourceMinutes == null ? List.of() : List.copyOf(sourceMinutes);
        partKeys = partKeys == null ? List.of() : List.copyOf(partKeys);
        if (fileKey == null && !partKeys.isEmpty()) {
            throw new IllegalArgumentException("a partition with part files needs its first file key: " + view + " " + beginMillis);
        }
    }

    /** A window written as one file. */
    public Partition(final String view, final String instance, final long beginMillis, final long endMillis, final String fileKey,
                     final long rows, final long bytes, final int schemaVersion, final int sourceBlockCount, final String sourceHash,
                     final String state, final long updatedAtMillis, final boolean manifested, final List<Long> sourceMinutes) {
        this(view, instance, beginMillis, endMillis, fileKey, rows, bytes, schemaVersion, sourceBlockCount, sourceHash, state,
            updatedAtMillis, manifested, sourceMinutes, List.of());
    }

    /** Every file of the window (none when it has no rows): what its manifest lists and what retiring it retires. */
    public List<String> fileKeys() {
        if (fileKey == null) {
            return List.of();
        }
        final List<String> keys = new java.util.ArrayList<>(1 + partKeys.size());
        keys.add(fileKey);
        keys.addAll(partKeys);
        return keys;
    }

    public boolean live() {
        return LIVE.equals(state);
    }

    public long span() {
        return endMillis - beginMillis;
    }

    public boolean overlaps(final Partition other) {
        return beginMillis < other.endMillis && other.beginMillis < endMillis;
    }

    public Partition withState(final String newState, final long now) {
        return new Partition(view, instance, beginMillis, endMillis, fileKey, rows, bytes, schemaVersion, sourceBlockCount,
            sourceHash, newState, now, manifested, sourceMinutes, partKeys);
    }
}
