package io.lakeobs.functions.core.retention;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.config.EnvVars;

import java.time.Duration;
import java.util.Map;

/**
 * When data stops being queryable: the one rule that every reader (the ETL, the on-demand views,
 * the sampler's keeps) and the retention function apply, so that invisibility never waits for a
 * deletion. By server insert time and decision, whole UTC days: a block inserted on day {@code d}
 * is visible until the start of day {@code d + days + 1}, where {@code days} is {@link #kept} if a
 * keep decision covers it and {@link #raw} otherwise. Whole days make every global view partition
 * of a day expire at one instant, and a rule people can state ("7 full days after the day it
 * arrived").
 *
 * <p>A keep cannot bring back what already expired: it protects only blocks inserted from
 * {@link #keepFloor} on, the first insert day still visible when it was made.
 *
 * @param raw how long data no keep decision covers stays visible
 * @param kept how long kept data stays visible
 * @param safetyNet the S3 lifecycle expiry of raw objects, which must come after every deadline
 */
public record Deadlines(Duration raw, Duration kept, Duration safetyNet) {
    public static final long DAY_MILLIS = 86_400_000L;

    public Deadlines {
        if (raw.toDays() < 1 || raw.toMillis() % DAY_MILLIS != 0 || kept.toMillis() % DAY_MILLIS != 0) {
            throw new IllegalArgumentException(EnvVars.RAW_RETENTION_DAYS + " and " + EnvVars.KEPT_RETENTION_DAYS
                + " must be whole days, at least 1, was " + raw.toDays() + " and " + kept.toDays());
        }
        if (kept.compareTo(raw) < 0) {
            throw new IllegalArgumentException(EnvVars.KEPT_RETENTION_DAYS + " (" + kept.toDays() + ") must be at least "
                + EnvVars.RAW_RETENTION_DAYS + " (" + raw.toDays() + ")");
        }
        if (safetyNet.compareTo(kept.plusDays(2)) <= 0) {
            throw new IllegalArgumentException(EnvVars.SAFETY_NET_DAYS + " (" + safetyNet.toDays() + ") must be more than "
                + EnvVars.KEPT_RETENTION_DAYS + " + 2 (" + (kept.toDays() + 2) + "): the S3 lifecycle rule is a safety net behind"
                + " the longest deadline, not a deadline");
        }
    }

    public static Deadlines defaults() {
        return new Deadlines(Duration.ofDays(7), Duration.ofDays(90), Duration.ofDays(120));
    }

    public static Deadlines fromEnv(final Map<String, String> env) {
        final Deadlines d = defaults();
        return new Deadlines(Duration.ofDays(EnvVars.number(env, EnvVars.RAW_RETENTION_DAYS, d.raw().toDays())),
            Duration.ofDays(EnvVars.number(env, EnvVars.KEPT_RETENTION_DAYS, d.kept().toDays())),
            Duration.ofDays(EnvVars.number(env, EnvVars.SAFETY_NET_DAYS, d.safetyNet().toDays())));
    }

    /** The start of the UTC day of {@code millis}. */
    public static long day(final long millis) {
        return Math.floorDiv(millis, DAY_MILLIS) * DAY_MILLIS;
    }

    /** When data inserted at {@code insertMillis} stops being visible, kept or not. */
    public long deadline(final long insertMillis, final boolean kept) {
        return day(insertMillis) + (kept ? this.kept : raw).toMillis() + DAY_MILLIS;
    }

    /** The block's deadline, with its process's keep decisions. */
    public long deadline(final BlockRecord block, final ProcessRecord process) {
        return deadline(block.insertTimeMillis(), process.keeps(block));
    }

    /** True once the block is past its deadline at {@code nowMillis}. */
    public boolean expired(final BlockRecord block, final ProcessRecord process, final long nowMillis) {
        return nowMillis >= deadline(block, process);
    }

    /**
     * The first insert day still visible at {@code nowMillis} for data kept ({@code kept}) or not:
     * every block inserted before it is past its deadline.
     */
    public long firstVisibleDay(final long nowMillis, final boolean kept) {
        return day(nowMillis) - (kept ? this.kept : raw).toMillis();
    }

    /** The oldest insert time a keep made at {@code nowMillis} protects: the first day whose raw deadline has not passed. */
    public long keepFloor(final long nowMillis) {
        return firstVisibleDay(nowMillis, false);
    }
}
