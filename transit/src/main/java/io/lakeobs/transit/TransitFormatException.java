package io.lakeobs.transit;

/**
 * The one exception the transit reader throws for malformed input: truncated, bit-flipped or
 * oversized blocks and declarations. Callers can rely on this being the only failure of a decode
 * (besides what their own visitor throws), so a bad upload is quarantined rather than crashing a
 * function.
 */
public final class TransitFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TransitFormatException(final String reason) {
        super(reason);
    }

    public TransitFormatException(final String reason, final Throwable cause) {
        super(reason, cause);
    }

    /** Throws when {@code condition} is false; keeps the checked reads short to write. */
    public static void check(final boolean condition, final String reason) {
        if (!condition) {
            throw new TransitFormatException(reason);
        }
    }
}
