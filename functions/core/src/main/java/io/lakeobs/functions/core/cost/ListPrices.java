package io.lakeobs.functions.core.cost;

/**
 * The AWS list prices every cost figure of lakeobs is computed with, in one place, so that the
 * sampler's dry run, the retention benchmark and the cost document agree and can be updated
 * together. USD, region us-east-1, on-demand / standard tiers, no free tier, from the public AWS
 * pricing pages of S3, DynamoDB, Lambda and Athena as they stood on {@link #AS_OF}; check them
 * before budgeting, prices change and differ by region.
 */
public final class ListPrices {
    /** When the table was written. */
    public static final String AS_OF = "2026-12-07";
    /** Where the figures come from. */
    public static final String SOURCE = "AWS pricing pages (S3, DynamoDB, Lambda, Athena), us-east-1, on-demand";

    /** S3 Standard storage, first 50 TB, per GB-month. */
    public static final double S3_STANDARD_GB_MONTH = 0.023;
    /** S3 PUT, COPY, POST and LIST requests (DeleteObjects bills as one), per 1,000. */
    public static final double S3_PUT_PER_THOUSAND = 0.005;
    /** S3 GET and other reads, per 1,000. */
    public static final double S3_GET_PER_THOUSAND = 0.0004;
    /** DynamoDB Standard table storage, per GB-month. */
    public static final double DYNAMODB_STORAGE_GB_MONTH = 0.25;
    /** DynamoDB on-demand write request units, per million. */
    public static final double DYNAMODB_WRITE_PER_MILLION = 0.625;
    /** DynamoDB on-demand read request units, per million. */
    public static final double DYNAMODB_READ_PER_MILLION = 0.125;
    /** Lambda on arm64, per GB-second. */
    public static final double LAMBDA_ARM64_GB_SECOND = 0.0000133334;
    /** Lambda requests, per million. */
    public static final double LAMBDA_REQUESTS_PER_MILLION = 0.20;
    /** Athena SQL, per TB scanned (10 MB minimum per query). */
    public static final double ATHENA_PER_TB_SCANNED = 5.0;

    /** CloudWatch Logs ingestion (standard log class), per GB: the comparison in docs/cost.md. */
    public static final double CLOUDWATCH_LOGS_INGEST_GB = 0.50;
    /** CloudWatch Logs storage (archived), per GB-month. */
    public static final double CLOUDWATCH_LOGS_STORAGE_GB_MONTH = 0.03;

    /** Bytes in the GB that AWS bills storage by (2^30). */
    public static final double GB = 1024.0 * 1024 * 1024;

    private ListPrices() {
    }
}
