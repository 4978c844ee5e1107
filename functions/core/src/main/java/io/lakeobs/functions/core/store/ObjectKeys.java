package io.lakeobs.functions.core.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * The raw bucket's key layout: {@code blocks/{yyyy-MM-dd}/{process}/{stream}/{block}} for blocks
 * (the only keys a presigned URL can target; the UTC day the URL was signed comes first, so that
 * the orphan sweep lists each day's uploads once instead of the whole bucket), and
 * {@code declarations/{process}/{stream}} for stream declarations too large for their DynamoDB item.
 * Block keys without the day ({@code blocks/{process}/{stream}/{block}}) were signed before the day
 * was added; they are still read and indexed.
 */
public final class ObjectKeys {
    public static final String BLOCKS_PREFIX = "blocks/";
    public static final String DECLARATIONS_PREFIX = "declarations/";

    private ObjectKeys() {
    }

    /** The key of a block whose upload URL is signed at {@code signedAt}. */
    public static String blockKey(final Instant signedAt, final UUID processId, final UUID streamId, final UUID blockId) {
        return new BlockKey(LocalDate.ofInstant(signedAt, ZoneOffset.UTC), processId, streamId, blockId).objectKey();
    }

    /** {@code blocks/{yyyy-MM-dd}/}: every block whose URL was signed on that UTC day. */
    public static String blocksOfDay(final LocalDate day) {
        return BLOCKS_PREFIX + day + "/";
    }

    public static String declarationsKey(final UUID processId, final UUID streamId) {
        return DECLARATIONS_PREFIX + processId + "/" + streamId;
    }

    /**
     * The day and ids in a block key, or empty if the key is not exactly of the block form
     * (lower-case UUIDs, an ISO day, or no day for a key signed before days were added).
     */
    public static Optional<BlockKey> parseBlockKey(final String key) {
        if (key == null || !key.startsWith(BLOCKS_PREFIX)) {
            return Optional.empty();
        }
        final String[] parts = key.substring(BLOCKS_PREFIX.length()).split("/", -1);
        if (parts.length != 3 && parts.length != 4) {
            return Optional.empty();
        }
        try {
            final int ids = parts.length - 3;
            final LocalDate day = ids == 0 ? null : LocalDate.parse(parts[0]);
            final BlockKey parsed = new BlockKey(day, UUID.fromString(parts[ids]), UUID.fromString(parts[ids + 1]),
                UUID.fromString(parts[ids + 2]));
            return parsed.objectKey().equals(key) ? Optional.of(parsed) : Optional.empty();
        } catch (final IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * What a block's object key carries.
     *
     * @param signedDay UTC day its upload URL was signed; null for a key from before days were added
     */
    public record BlockKey(LocalDate signedDay, UUID processId, UUID streamId, UUID blockId) {
        public String objectKey() {
            return BLOCKS_PREFIX + (signedDay == null ? "" : signedDay + "/") + processId + "/" + streamId + "/" + blockId;
        }
    }
}
