package io.lakeobs.functions.views.etl;

/**
 * A block that is gone for good (its object was deleted by retention, or never uploaded): the ETL
 * skips and reports it. Any other exception from a {@link BlockFetcher} (throttling, a network
 * error) aborts the run instead, so a transient failure never writes a partition without its block.
 */
public final class BlockUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BlockUnavailableException(final String message) {
        super(message, null, false, false);
    }
}
