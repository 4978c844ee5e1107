package io.lakeobs.functions.views.etl;

import java.util.UUID;

/**
 * A block the ETL could not use, with the reason; none of its rows were written.
 *
 * @param unavailable true when its object could not be fetched (deleted, or never uploaded): rows
 *                    derived from it earlier cannot be derived again; false when it was read but
 *                    cannot be decoded, so it never gave a row
 */
public record SkippedBlock(UUID blockId, UUID streamId, String reason, boolean unavailable) {
}
