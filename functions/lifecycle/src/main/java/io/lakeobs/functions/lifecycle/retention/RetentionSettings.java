package io.lakeobs.functions.lifecycle.retention;

/**
 * How much one retention run does.
 *
 * @param maxBlocksPerRun block items a run examines at most (both passes together)
 * @param batchSize expired blocks gathered before they are deleted: one DeleteObjects (at most
 *                  1000 keys) and batch writes of 25 items
 * @param quarantineDays whole days a quarantined object is kept after the day it was quarantined
 * @param orphanAgeDays whole days an object nothing holds is left before the orphan sweep deletes it
 *                      (redrive the indexer's failure queue within it: its objects are orphans until indexed)
 */
public record RetentionSettings(int maxBlocksPerRun, int batchSize, int quarantineDays, int orphanAgeDays) {
    public RetentionSettings {
        if (maxBlocksPerRun < 1 || batchSize < 1 || batchSize > 1000 || quarantineDays < 1 || orphanAgeDays < 1) {
            throw new IllegalArgumentException("retention: at least one block per run, batches of 1..1000 blocks,"
                + " quarantine and orphans kept at least a day");
        }
    }

    /**
     * 500 000 items a run (well inside 15 minutes at measured rates), full DeleteObjects batches,
     * quarantine 7 days, orphans a day.
     */
    public static RetentionSettings defaults() {
        return new RetentionSettings(500_000, 1000, 7, 1);
    }
}
