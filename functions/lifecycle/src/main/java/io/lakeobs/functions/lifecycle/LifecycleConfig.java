package io.lakeobs.functions.lifecycle;

import io.lakeobs.functions.core.config.EnvVars;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.lifecycle.retention.RetentionSettings;
import io.lakeobs.functions.lifecycle.sampling.SamplerSettings;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Settings of the lifecycle functions, read once from the environment.
 *
 * @param policyJson the sampling policy document inline, or empty
 * @param policyObject an {@code s3://bucket/key} the policy document is read from at each run, or empty
 * @param onDemandFunction name or ARN of the on-demand ETL function that materializes kept windows, or empty
 * @param sampler the sampler's windows and the deadlines (which keeps clamp to and the dry run prices)
 * @param retention how much one retention run does
 * @param viewsBucket the bucket of view files (deletion on request removes a process's)
 * @param tombstone how long a process deleted on request may not register again
 */
public record LifecycleConfig(Optional<String> policyJson, Optional<URI> policyObject, Optional<String> onDemandFunction,
                              SamplerSettings sampler, RetentionSettings retention, String viewsBucket, Duration tombstone) {
    /** The sampling policy document (JSON), inline. */
    public static final String SAMPLING_POLICY = "LAKEOBS_SAMPLING_POLICY";
    /** Or where to read it: {@code s3://bucket/key}. */
    public static final String SAMPLING_POLICY_S3 = "LAKEOBS_SAMPLING_POLICY_S3";
    /** The on-demand ETL function to invoke for rules that materialize. */
    public static final String ON_DEMAND_FUNCTION = "LAKEOBS_ON_DEMAND_FUNCTION";
    /** Days a process deleted on request may not register again (default 30). */
    public static final String TOMBSTONE_DAYS = "LAKEOBS_TOMBSTONE_DAYS";

    public LifecycleConfig {
        if (policyJson.isPresent() && policyObject.isPresent()) {
            throw new IllegalArgumentException("set " + SAMPLING_POLICY + " or " + SAMPLING_POLICY_S3 + ", not both");
        }
    }

    public static LifecycleConfig fromEnv(final Map<String, String> env) {
        final Optional<String> inline = text(env, SAMPLING_POLICY);
        final Optional<URI> object = text(env, SAMPLING_POLICY_S3).map(value -> {
            final URI uri;
            try {
                uri = URI.create(value);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException(SAMPLING_POLICY_S3 + " must be s3://bucket/key, was '" + value + "'");
            }
            if (!"s3".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
                throw new IllegalArgumentException(SAMPLING_POLICY_S3 + " must be s3://bucket/key, was '" + value + "'");
            }
            return uri;
        });
        final SamplerSettings sampler = SamplerSettings.defaults().withDeadlines(Deadlines.fromEnv(env));
        final long tombstoneDays = EnvVars.number(env, TOMBSTONE_DAYS, 30);
        if (tombstoneDays < 1) {
            throw new IllegalArgumentException(TOMBSTONE_DAYS + " must be at least 1, was " + tombstoneDays);
        }
        return new LifecycleConfig(inline, object, text(env, ON_DEMAND_FUNCTION), sampler, RetentionSettings.defaults(),
            text(env, EnvVars.VIEWS_BUCKET).orElse(env.get(EnvVars.BUCKET)), Duration.ofDays(tombstoneDays));
    }

    private static Optional<String> text(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }
}
