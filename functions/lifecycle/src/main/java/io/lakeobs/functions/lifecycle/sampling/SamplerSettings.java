package io.lakeobs.functions.lifecycle.sampling;

import java.time.Duration;

/**
 * How far the sampler looks and what a kept byte costs to hold.
 *
 * @param lateness how long after a minute ends before its blocks are examined (index lag)
 * @param lookback how far back each run re-examines minutes for late-indexed blocks
 * @param initialLookback where the first run starts
 * @param maxMinutesPerRun new minutes examined per run at most (catch-up is bounded)
 * @param rawRetention how long data nobody kept is held (for the dry run's cost)
 * @param keptRetention how long kept data is held (for the dry run's cost)
 */
public record SamplerSettings(Duration lateness, Duration lookback, Duration initialLookback, int maxMinutesPerRun,
                              Duration rawRetention, Duration keptRetention) {
    public SamplerSettings {
        if (lateness.isNegative() || lookback.isNegative() || initialLookback.isNegative() || maxMinutesPerRun < 1
            || rawRetention.isNegative() || keptRetention.compareTo(rawRetention) < 0) {
            throw new IllegalArgumentException("invalid sampler settings: durations >= 0, at least one minute per run,"
                + " kept retention >= raw retention");
        }
    }

    public static SamplerSettings defaults() {
        return new SamplerSettings(Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1), 120,
            Duration.ofDays(7), Duration.ofDays(90));
    }

    public SamplerSettings withRetention(final Duration raw, final Duration kept) {
        return new SamplerSettings(lateness, lookback, initialLookback, maxMinutesPerRun, raw, kept);
    }
}
