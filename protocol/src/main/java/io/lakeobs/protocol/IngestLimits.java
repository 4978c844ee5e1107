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

    private IngestLimits() {
    }
}
