package io.lakeobs.functions.core.store;

import java.util.Optional;
import java.util.UUID;

/**
 * The raw bucket's key layout: {@code blocks/{process}/{stream}/{block}} for blocks (the only keys
 * a presigned URL can target) and {@code declarations/{process}/{stream}} for stream declarations
 * too large for their DynamoDB item.
 */
public final class ObjectKeys {
    public static final String BLOCKS_PREFIX = "blocks/";
    public static final String DECLARATIONS_PREFIX = "declarations/";

    private ObjectKeys() {
    }

    public static String blockKey(final UUID processId, final UUID streamId, final UUID blockId) {
        return BLOCKS_PREFIX + processId + "/" + streamId + "/" + blockId;
    }

    public static String declarationsKey(final UUID processId, final UUID streamId) {
        return DECLARATIONS_PREFIX + processId + "/" + streamId;
    }

    /** The ids in a block key, or empty if the key is not exactly of the block form (lower-case UUIDs). */
    public static Optional<BlockKey> parseBlockKey(final String key) {
        if (key == null || !key.startsWith(BLOCKS_PREFIX)) {
            return Optional.empty();
        }
        final String[] parts = key.substring(BLOCKS_PREFIX.length()).split("/", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            final BlockKey parsed = new BlockKey(UUID.fromString(parts[0]), UUID.fromString(parts[1]), UUID.fromString(parts[2]));
            return parsed.objectKey().equals(key) ? Optional.of(parsed) : Optional.empty();
        } catch (final IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The three ids a block's object key carries. */
    public record BlockKey(UUID processId, UUID streamId, UUID blockId) {
        public String objectKey() {
            return blockKey(processId, streamId, blockId);
        }
    }
}
