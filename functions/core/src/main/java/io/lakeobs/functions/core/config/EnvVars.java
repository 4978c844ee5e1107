package io.lakeobs.functions.core.config;

import java.util.Map;

/** Every environment variable the functions read, in one place (the SAM template sets these). */
public final class EnvVars {
    /** Prefix of every DynamoDB table name, e.g. {@code lakeobs-prod-}. */
    public static final String TABLE_PREFIX = "LAKEOBS_TABLE_PREFIX";
    /** The bucket of the view files and manifests (defaults to the raw bucket: prefixes differ). */
    public static final String VIEWS_BUCKET = "LAKEOBS_VIEWS_BUCKET";
    /** The raw bucket that holds blocks and large stream declarations. */
    public static final String BUCKET = "LAKEOBS_BUCKET";
    /** Set by Lambda. */
    public static final String REGION = "AWS_REGION";
    /** Optional S3 endpoint, for the local stack ({@code http://127.0.0.1:port}). */
    public static final String S3_ENDPOINT = "LAKEOBS_S3_ENDPOINT";
    /** Optional DynamoDB endpoint, for the local stack. */
    public static final String DYNAMODB_ENDPOINT = "LAKEOBS_DYNAMODB_ENDPOINT";
    /** The role (ARN) whose session, limited to PutObject on blocks/*, signs block uploads; absent: the function's own role. */
    public static final String BLOCK_SIGNER_ROLE = "LAKEOBS_BLOCK_SIGNER_ROLE";
    /** Lifetime of presigned upload URLs in seconds, 1..900. */
    public static final String PRESIGN_EXPIRY_SECONDS = "LAKEOBS_PRESIGN_EXPIRY_SECONDS";
    /** Largest block the API presigns, at most the transit limit. */
    public static final String MAX_BLOCK_BYTES = "LAKEOBS_MAX_BLOCK_BYTES";
    /** Most blocks per presign call, 64..256. */
    public static final String MAX_BLOCKS_PER_PRESIGN = "LAKEOBS_MAX_BLOCKS_PER_PRESIGN";
    /** Token bucket capacity of an API key, in seconds of its rate. */
    public static final String RATE_BURST_SECONDS = "LAKEOBS_RATE_BURST_SECONDS";
    /** Stream declarations larger than this go to S3 and the item references them. */
    public static final String DECLARATIONS_INLINE_MAX_BYTES = "LAKEOBS_DECLARATIONS_INLINE_MAX_BYTES";
    /** Days after its registration a process expires (default: the kept deadline, {@link #KEPT_RETENTION_DAYS}). */
    public static final String RETENTION_DAYS = "LAKEOBS_RETENTION_DAYS";
    /** Days data that no keep decision covers is held, by server insert time (default 7). */
    public static final String RAW_RETENTION_DAYS = "LAKEOBS_RAW_RETENTION_DAYS";
    /** Days kept data is held, by server insert time (default 90). */
    public static final String KEPT_RETENTION_DAYS = "LAKEOBS_KEPT_RETENTION_DAYS";
    /** The S3 lifecycle expiry of raw objects (the template's RawSafetyNetDays), checked to be later than every deadline. */
    public static final String SAFETY_NET_DAYS = "LAKEOBS_SAFETY_NET_DAYS";
    /** Default budget of declared uncompressed block bytes per API key per minute (see {@link IngestBudgets}). */
    public static final String BUDGET_BYTES_PER_MINUTE = "LAKEOBS_BUDGET_BYTES_PER_MINUTE";
    /** Default budget of declared events per API key per minute (see {@link IngestBudgets}). */
    public static final String BUDGET_EVENTS_PER_MINUTE = "LAKEOBS_BUDGET_EVENTS_PER_MINUTE";

    private EnvVars() {
    }

    /**
     * The integer in {@code env} under {@code name}, or {@code fallback} when it is unset or
     * blank; anything else is refused with the variable's name and value.
     */
    public static long number(final Map<String, String> env, final String name, final long fallback) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, was '" + value + "'");
        }
    }
}
