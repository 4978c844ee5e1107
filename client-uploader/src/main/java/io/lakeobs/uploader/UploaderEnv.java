package io.lakeobs.uploader;

import java.time.Duration;

/**
 * Every environment variable the uploader reads, and every default, in one place.
 * {@link UploaderBuilder#fromEnvironment} maps them onto the builder; code settings made
 * before that call are overridden by the variables that are set.
 */
public final class UploaderEnv {
    /** Base URL of the ingest API (the function URL), e.g. {@code https://abc.lambda-url.eu-west-1.on.aws/}. */
    public static final String ENDPOINT = "LAKEOBS_ENDPOINT";
    /** The API key, {@code keyId.secret}. */
    public static final String API_KEY = "LAKEOBS_API_KEY";
    /** Directory of the on-disk spool; unset means no spool (memory only). */
    public static final String SPOOL_DIR = "LAKEOBS_SPOOL_DIR";
    /** Largest total size of the spool, bytes (suffixes k, m, g: KiB, MiB, GiB). */
    public static final String SPOOL_MAX_BYTES = "LAKEOBS_SPOOL_MAX_BYTES";
    /** In-memory byte budget of log blocks waiting for upload. */
    public static final String BUDGET_LOG_BYTES = "LAKEOBS_BUDGET_LOG_BYTES";
    /** In-memory byte budget of metric blocks waiting for upload. */
    public static final String BUDGET_METRICS_BYTES = "LAKEOBS_BUDGET_METRICS_BYTES";
    /** In-memory byte budget of span blocks waiting for upload. */
    public static final String BUDGET_SPANS_BYTES = "LAKEOBS_BUDGET_SPANS_BYTES";
    /** Target size of a block once compressed, bytes. */
    public static final String BLOCK_TARGET_BYTES = "LAKEOBS_BLOCK_TARGET_BYTES";
    /** Every stream is sealed at least this often, milliseconds. */
    public static final String FLUSH_PERIOD_MS = "LAKEOBS_FLUSH_PERIOD_MS";
    /** How long a shutdown keeps sending before it stops, milliseconds (what is left stays spooled). */
    public static final String SHUTDOWN_DEADLINE_MS = "LAKEOBS_SHUTDOWN_DEADLINE_MS";
    /**
     * {@code true}: crash-safe recording, tracing's rings memory-mapped in {@code <spool>/rings}, so a
     * {@code kill -9} loses nothing recorded (docs/tracing.md); needs the spool. Default {@code false}.
     */
    public static final String CRASH_SAFE = "LAKEOBS_CRASH_SAFE";
    /** Subdirectory of the spool holding crash-safe rings. */
    public static final String RINGS_DIRECTORY = "rings";
    /** Most HTTP requests in flight at once. */
    public static final String MAX_IN_FLIGHT = "LAKEOBS_MAX_IN_FLIGHT";

    public static final long DEFAULT_SPOOL_MAX_BYTES = 256L << 20;
    public static final long DEFAULT_BUDGET_LOG_BYTES = 64L << 20;
    public static final long DEFAULT_BUDGET_METRICS_BYTES = 32L << 20;
    public static final long DEFAULT_BUDGET_SPANS_BYTES = 32L << 20;
    /** At least 1 MiB once compressed: few, large objects are cheap for S3 and for Athena. */
    public static final int DEFAULT_BLOCK_TARGET_BYTES = 1 << 20;
    /**
     * Raw (uncompressed) bytes per compressed byte that tracing's block target is set from:
     * tracing seals on raw size, so the compressed target is reached with a raw target this
     * many times larger (LZ4 on the workload in benchmarks compresses by about 3 to 5).
     */
    public static final int DEFAULT_COMPRESSION_RATIO = 3;
    public static final Duration DEFAULT_FLUSH_PERIOD = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_IN_FLIGHT = 8;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BACKOFF_BASE = Duration.ofMillis(200);
    public static final Duration DEFAULT_BACKOFF_CAP = Duration.ofSeconds(30);
    /** How long {@code flush()} waits for queued blocks to reach the spool. */
    public static final Duration DEFAULT_FLUSH_WAIT = Duration.ofSeconds(10);
    /** As tracing's default: the JVM's exit waits this long at most. */
    public static final Duration DEFAULT_SHUTDOWN_DEADLINE = Duration.ofSeconds(5);
    /** A presigned URL closer than this to its expiry is presigned again before use. */
    public static final Duration PRESIGN_EXPIRY_MARGIN = Duration.ofSeconds(5);

    private UploaderEnv() {
    }

    /** Parses a byte size: digits with an optional k, m or g (KiB, MiB, GiB; also kib, mb...). */
    static long parseBytes(final String variable, final String text) {
        final String value = text.trim().toLowerCase(java.util.Locale.ROOT);
        int end = value.length();
        while (end > 0 && Character.isLetter(value.charAt(end - 1))) {
            end--;
        }
        final String unit = value.substring(end);
        final long multiplier = switch (unit) {
            case "", "b" -> 1L;
            case "k", "kb", "kib" -> 1L << 10;
            case "m", "mb", "mib" -> 1L << 20;
            case "g", "gb", "gib" -> 1L << 30;
            default -> throw new IllegalArgumentException(variable + ": unknown unit '" + unit + "' in '" + text
                + "'; use bytes or k, m, g");
        };
        try {
            final long number = Long.parseLong(value.substring(0, end).trim());
            if (number < 0) {
                throw new IllegalArgumentException(variable + ": must not be negative: " + text);
            }
            return Math.multiplyExact(number, multiplier);
        } catch (final NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(variable + ": not a byte size: '" + text + "' (e.g. 1048576 or 64m)");
        }
    }

    static long parsePositiveLong(final String variable, final String text) {
        try {
            final long value = Long.parseLong(text.trim());
            if (value <= 0) {
                throw new IllegalArgumentException(variable + ": must be positive: " + text);
            }
            return value;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(variable + ": not an integer: '" + text + "'");
        }
    }
}
