package io.lakeobs.transit.telemetry;

import io.lakeobs.transit.block.BlockSummary;

/**
 * The running counts behind a {@link BlockSummary}, so every summarizer (transit's generic one,
 * tracing's faster one for its own streams) counts and ranks levels the same way.
 */
public final class SummaryCounts {
    private int logs;
    private int metrics;
    private int spans;
    private int others;
    private int errors;
    private int maxLevel;

    public void reset() {
        logs = 0;
        metrics = 0;
        spans = 0;
        others = 0;
        errors = 0;
        maxLevel = 0;
    }

    /** A log at that {@link Level} code; codes above fatal count as fatal. */
    public void log(final int level) {
        logs++;
        maxLevel = Math.max(maxLevel, Math.min(level, Level.FATAL.code()));
        if (level >= Level.ERROR.code()) {
            errors++;
        }
    }

    public void metric() {
        metrics++;
    }

    public void span() {
        spans++;
    }

    public void other() {
        others++;
    }

    public BlockSummary summary() {
        return new BlockSummary(logs, metrics, spans, others, errors, maxLevel);
    }
}
