package io.lakeobs.functions.views.etl;

/**
 * Reads a block's bytes (S3 GET in production). Throws {@link BlockUnavailableException} when the
 * block is gone for good (skipped and reported); any other exception aborts the ETL run.
 */
@FunctionalInterface
public interface BlockFetcher {
    byte[] fetch(BlockMeta block) throws Exception;
}
