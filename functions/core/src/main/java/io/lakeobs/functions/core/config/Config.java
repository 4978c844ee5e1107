package io.lakeobs.functions.core.config;

import io.lakeobs.functions.core.catalog.TableNames;
import io.lakeobs.protocol.IngestLimits;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The functions' configuration, read once from the environment ({@link #fromEnv(Map)}) or built in
 * code for tests. Invalid values fail at start with the variable's name, not at the first request.
 */
public record Config(TableNames tables, String bucket, String region, Optional<URI> s3Endpoint,
                     Optional<URI> dynamoDbEndpoint, Duration presignExpiry, long maxBlockBytes,
                     int maxBlocksPerPresign, int rateBurstSeconds, int declarationsInlineMaxBytes,
                     Duration retention) {
    public static final Duration MAX_PRESIGN_EXPIRY = Duration.ofMinutes(15);
    public static final int MIN_BLOCKS_PER_PRESIGN = 64;

    public Config {
        if (presignExpiry.isNegative() || presignExpiry.isZero() || presignExpiry.compareTo(MAX_PRESIGN_EXPIRY) > 0) {
            throw new IllegalArgumentException(EnvVars.PRESIGN_EXPIRY_SECONDS + " must be within 1..900 s, was " + presignExpiry);
        }
        if (maxBlockBytes <= 0 || maxBlockBytes > IngestLimits.MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException(EnvVars.MAX_BLOCK_BYTES + " must be within 1.." + IngestLimits.MAX_BLOCK_BYTES);
        }
        if (maxBlocksPerPresign < MIN_BLOCKS_PER_PRESIGN || maxBlocksPerPresign > IngestLimits.MAX_BLOCKS_PER_PRESIGN) {
            throw new IllegalArgumentException(EnvVars.MAX_BLOCKS_PER_PRESIGN + " must be within "
                + MIN_BLOCKS_PER_PRESIGN + ".." + IngestLimits.MAX_BLOCKS_PER_PRESIGN);
        }
        if (rateBurstSeconds < 1) {
            throw new IllegalArgumentException(EnvVars.RATE_BURST_SECONDS + " must be at least 1");
        }
        if (declarationsInlineMaxBytes < 0 || declarationsInlineMaxBytes > 300 * 1024) {
            throw new IllegalArgumentException(EnvVars.DECLARATIONS_INLINE_MAX_BYTES + " must be within 0..307200");
        }
    }

    /** Defaults for everything but the table prefix and bucket. */
    public static Config defaults(final String tablePrefix, final String bucket) {
        return new Config(TableNames.withPrefix(tablePrefix), bucket, "us-east-1", Optional.empty(), Optional.empty(),
            Duration.ofMinutes(5), IngestLimits.MAX_BLOCK_BYTES, IngestLimits.MAX_BLOCKS_PER_PRESIGN, 5,
            64 * 1024, Duration.ofDays(90));
    }

    public static Config fromEnv(final Map<String, String> env) {
        final String bucket = env.get(EnvVars.BUCKET);
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException(EnvVars.BUCKET + " is required");
        }
        final Config d = defaults(env.getOrDefault(EnvVars.TABLE_PREFIX, "lakeobs-"), bucket);
        return new Config(d.tables(), bucket, env.getOrDefault(EnvVars.REGION, d.region()),
            uri(env, EnvVars.S3_ENDPOINT), uri(env, EnvVars.DYNAMODB_ENDPOINT),
            Duration.ofSeconds(EnvVars.number(env, EnvVars.PRESIGN_EXPIRY_SECONDS, d.presignExpiry().toSeconds())),
            EnvVars.number(env, EnvVars.MAX_BLOCK_BYTES, d.maxBlockBytes()),
            (int) EnvVars.number(env, EnvVars.MAX_BLOCKS_PER_PRESIGN, d.maxBlocksPerPresign()),
            (int) EnvVars.number(env, EnvVars.RATE_BURST_SECONDS, d.rateBurstSeconds()),
            (int) EnvVars.number(env, EnvVars.DECLARATIONS_INLINE_MAX_BYTES, d.declarationsInlineMaxBytes()),
            Duration.ofDays(EnvVars.number(env, EnvVars.RETENTION_DAYS,
                EnvVars.number(env, EnvVars.KEPT_RETENTION_DAYS, d.retention().toDays()))));
    }

    public Config withPresignExpiry(final Duration expiry) {
        return new Config(tables, bucket, region, s3Endpoint, dynamoDbEndpoint, expiry, maxBlockBytes,
            maxBlocksPerPresign, rateBurstSeconds, declarationsInlineMaxBytes, retention);
    }

    public Config withEndpoints(final URI s3, final URI dynamoDb) {
        return new Config(tables, bucket, region, Optional.of(s3), Optional.of(dynamoDb), presignExpiry, maxBlockBytes,
            maxBlocksPerPresign, rateBurstSeconds, declarationsInlineMaxBytes, retention);
    }

    private static Optional<URI> uri(final Map<String, String> env, final String name) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create(value.trim()));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a URI, was '" + value + "'");
        }
    }
}
