package io.lakeobs.tracing.micrometer;

import io.micrometer.core.instrument.step.StepRegistryConfig;

import java.time.Duration;

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

    @Override
    default Duration step() {
        final String configured = get(prefix() + ".step");
        return configured == null ? Duration.ofSeconds(10) : Duration.parse(configured);
    }
}
