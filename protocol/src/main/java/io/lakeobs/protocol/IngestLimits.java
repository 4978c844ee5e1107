package io.lakeobs.protocol;

/**
 * Limits both sides agree on. The server may be configured lower (never higher) for block size
 * and blocks per call; it reports a violation with the field that broke it.
 */
public final class IngestLimits {
    /** Largest request body the API reads. */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Most blocks in one presign call. */
    public static final int MAX_BLOCKS_PER_PRESIGN = 256;
    /** Largest block the API presigns (matches the transit format's own limit). */
    public static final long MAX_BLOCK_BYTES = 32L * 1024 * 1024;
    /** Largest decoded stream declarations (matches the transit format's own limit). */
    public static final int MAX_DECLARATIONS_BYTES = 256 * 1024;
    /** Longest text field (exe, username, a property value...), in characters. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Longest property key or tag, in characters. */
    public static final int MAX_NAME_CHARS = 256;
    /** Most properties on a process or stream. */
    public static final int MAX_PROPERTIES = 128;
    /** Most characters in all keys and values of one properties object (keeps catalog items far below 400 KB). */
    public static final int MAX_PROPERTIES_CHARS = 64 * 1024;
    /** Most tags on a stream. */
    public static final int MAX_TAGS = 64;
    /**
     * Highest process clock frequency, ticks per second (100 GHz; a TSC runs at a few GHz). With
     * the bounds below, converting any tick within a process's lifetime to ns never overflows.
     */
    public static final long MAX_TICK_FREQUENCY = 100_000_000_000L;
    /** Latest process start wall time, ns since the epoch (2100-01-01T00:00:00Z); never negative. */
    public static final long MAX_START_TIME_NANOS = 4_102_444_800_000_000_000L;
    /** Largest magnitude of a process's start ticks (2^62: System.nanoTime may be negative). */
    public static final long MAX_ABS_START_TICKS = 1L << 62;

    private IngestLimits() {
    }
}
