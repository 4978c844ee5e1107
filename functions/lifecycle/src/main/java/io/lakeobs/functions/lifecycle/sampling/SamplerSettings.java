package io.lakeobs.functions.lifecycle.sampling;

import io.lakeobs.functions.core.retention.Deadlines;

import java.time.Duration;

/**
 * How far the sampler looks and what a kept byte costs to hold.
 *
 * @param lateness how long after a minute ends before its blocks are examined (index lag)
 * @param lookback how far back each run re-examines minutes for late-indexed blocks
 * @param initialLookback where the first run starts
 * @param maxMinutesPerRun new minutes examined per run at most (catch-up is bounded)
 * @param deadlines what a keep protects and for how long (keeps are clamped to what has not expired;
 *                  the dry run prices the kept and raw deadlines)
 */
public record SamplerSettings(Duration lateness, Duration lookback, Duration initialLookback, int maxMinutesPerRun,
                              Deadlines deadlines) {
    public SamplerSettings {
        if (lateness.isNegative() || lookback.isNegative() || initialLookback.isNegative() || maxMinutesPerRun < 1) {
            throw new IllegalArgumentException("invalid sampler settings: durations >= 0, at least one minute per run");
        }
    }

    public static SamplerSettings defaults() {
        return new SamplerSettings(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1), 120,
            Deadlines.defaults());
    }

    public SamplerSettings withDeadlines(final Deadlines replacement) {
        return new SamplerSettings(lateness, lookback, initialLookback, maxMinutesPerRun, replacement);
    }
}
