package io.lakeobs.tracing.micrometer;

import io.micrometer.core.instrument.step.StepRegistryConfig;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Settings of {@link LakeobsMeterRegistry}, read like every Micrometer registry's from a key
 * lookup (properties prefixed {@code lakeobs.}); {@link #DEFAULT} publishes every 10 seconds,
 * the tracing runtime's default flush period, so a step's values reach the next block.
 */
public interface LakeobsRegistryConfig extends StepRegistryConfig {
    /** Every 10 s, everything else Micrometer's defaults. */
    LakeobsRegistryConfig DEFAULT = key -> null;

    @Override
    default String prefix() {
        return "lakeobs";
    }

    /** @throws IllegalArgumentException naming the key and the value when it is not a positive ISO-8601 duration */
    @Override
    default Duration step() {
        final String key = prefix() + ".step";
        final String configured = get(key);
        if (configured == null) {
            return Duration.ofSeconds(10);
        }
        try {
            final Duration step = Duration.parse(configured);
            if (!step.isNegative() && !step.isZero()) {
                return step;
            }
        } catch (final DateTimeParseException notADuration) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a positive ISO-8601 duration such as PT10S, not '" + configured + "'");
    }
}
