package io.lakeobs.functions.views.etl;

/** Reads a block's bytes (S3 GET in production); throws when the object is missing or unreadable. */
@FunctionalInterface
public interface BlockFetcher {
    byte[] fetch(BlockMeta block) throws Exception;
}
