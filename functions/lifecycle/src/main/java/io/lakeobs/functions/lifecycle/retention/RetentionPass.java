package io.lakeobs.functions.lifecycle.retention;

/**
 * What one retention pass did: days from {@code fromDayMillis} up to {@code cutoffMillis} (the
 * first day it may not touch yet); {@code caughtUp} when it reached the cutoff.
 *
 * @param examined items (blocks, quarantined objects, processes or listed objects) it looked at
 * @param expired of those, what it deleted (or, in a dry run, would delete)
 * @param expiredBytes their bytes, where the pass knows them
 */
public record RetentionPass(String name, long fromDayMillis, long cutoffMillis, int examined, int expired,
                            long expiredBytes, boolean caughtUp) {
}
