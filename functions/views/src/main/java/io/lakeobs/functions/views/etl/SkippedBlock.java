package io.lakeobs.functions.views.etl;

import java.util.UUID;

/** A block the ETL could not use (missing object, corrupt payload), with the reason; none of its rows were written. */
public record SkippedBlock(UUID blockId, UUID streamId, String reason) {
}
