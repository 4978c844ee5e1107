package io.lakeobs.functions.views.split;

import io.lakeobs.functions.core.config.EnvVars;

import java.util.Map;

/**
 * When a window is split, and how its parts run. A window's work is estimated from its blocks'
 * headers (events: log and metric counts; stored bytes) before any block is read; a window over
 * either budget is split into contiguous ranges of its (ordered) block list, each within budget
 * (a single block over it is a part of its own), processed by parallel worker invocations.
 *
 * @param maxRows events one part may hold (log + metric counts of the block headers)
 * @param maxBytes block payload bytes (as the headers declare them) one part may read
 * @param parallelism parts running at once
 * @param attempts invocations of a part before the window fails (it is retried by the next run)
 */
public record SplitSettings(long maxRows, long maxBytes, int parallelism, int attempts) {
    public static final String MAX_ROWS = "LAKEOBS_VIEWS_PART_MAX_ROWS";
    public static final String MAX_BYTES = "LAKEOBS_VIEWS_PART_MAX_BYTES";
    public static final String PARALLELISM = "LAKEOBS_VIEWS_WORKERS";
    public static final String ATTEMPTS = "LAKEOBS_VIEWS_WORKER_ATTEMPTS";
    /** Never split: every window in one invocation (tests, benchmarks, the demo). */
    public static final SplitSettings UNSPLIT = new SplitSettings(Long.MAX_VALUE, Long.MAX_VALUE, 1, 1);

    public SplitSettings {
        if (maxRows < 1 || maxBytes < 1 || parallelism < 1 || attempts < 1) {
            throw new IllegalArgumentException("invalid split settings: " + MAX_ROWS + " (" + maxRows + "), " + MAX_BYTES + " ("
                + maxBytes + "), " + PARALLELISM + " (" + parallelism + ") and " + ATTEMPTS + " (" + attempts + ") must be >= 1");
        }
    }

    /**
     * Defaults: 10 M events or 160 MiB of blocks a part (tens of seconds for one worker at the
     * measured rates, well inside the worker's timeout), 16 parts at once, 2 attempts (two worker timeouts fit the coordinator's).
     */
    public static SplitSettings fromEnv(final Map<String, String> env) {
        return new SplitSettings(EnvVars.number(env, MAX_ROWS, 10_000_000L), EnvVars.number(env, MAX_BYTES, 160L << 20),
            (int) EnvVars.number(env, PARALLELISM, 16), (int) EnvVars.number(env, ATTEMPTS, 2));
    }
}
