package io.lakeobs.functions.core.config;

import java.util.Map;

/**
 * The default per-key budgets of the indexer, per UTC minute: declared uncompressed bytes
 * (dependencies + objects sections) and events of the blocks a key's processes upload. A small
 * LZ4 block can inflate to the 64 MiB section limit (millions of events); a key over its budget
 * has its further blocks of that minute parked, held out of the global views, so that one key's
 * decompression cannot push every tenant's views run past its timeout. A key's own budgets (set
 * with {@code ApiKeyCommand budget}) override these.
 *
 * @param bytesPerMinute declared uncompressed bytes per key per minute
 * @param eventsPerMinute declared events (object count) per key per minute
 */
public record IngestBudgets(long bytesPerMinute, long eventsPerMinute) {
    /**
     * 512 MiB and 10 million events a minute: about two processes at the reference rate of 100 000
     * events/s, and at the measured 20 s per 5 million events about 40 s of views work per minute.
     */
    public static final IngestBudgets DEFAULT = new IngestBudgets(512L << 20, 10_000_000L);

    public IngestBudgets {
        if (bytesPerMinute <= 0) {
            throw new IllegalArgumentException(EnvVars.BUDGET_BYTES_PER_MINUTE + " must be positive, was " + bytesPerMinute);
        }
        if (eventsPerMinute <= 0) {
            throw new IllegalArgumentException(EnvVars.BUDGET_EVENTS_PER_MINUTE + " must be positive, was " + eventsPerMinute);
        }
    }

    public static IngestBudgets fromEnv(final Map<String, String> env) {
        return new IngestBudgets(EnvVars.number(env, EnvVars.BUDGET_BYTES_PER_MINUTE, DEFAULT.bytesPerMinute()),
            EnvVars.number(env, EnvVars.BUDGET_EVENTS_PER_MINUTE, DEFAULT.eventsPerMinute()));
    }
}
