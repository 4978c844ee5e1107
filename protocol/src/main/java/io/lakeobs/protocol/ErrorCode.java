package io.lakeobs.protocol;

/**
 * Every error the ingest API returns, with its HTTP status. A client branches on the code, never
 * on the message: {@link #UNKNOWN_PROCESS} and {@link #UNKNOWN_STREAM} mean "register again, then
 * retry"; {@link #RATE_LIMITED} means "retry after the {@code retry-after} seconds"; the other
 * 4xx codes mean the request itself is wrong and retrying it unchanged cannot succeed.
 */
public enum ErrorCode {
    /** The body is not JSON, or not a JSON object. */
    MALFORMED_JSON(400),
    /** A field is missing, of the wrong type or out of range; {@code field} names it. */
    INVALID_FIELD(400),
    /** No API key header. */
    MISSING_API_KEY(401),
    /** The API key is unknown or its secret does not match. */
    INVALID_API_KEY(401),
    /** The API key was revoked. */
    REVOKED_API_KEY(403),
    /** The process belongs to another API key. */
    FORBIDDEN(403),
    /** The process was never registered (or has expired): register it again. */
    UNKNOWN_PROCESS(404),
    /** The stream was never registered (or has expired): register it again. */
    UNKNOWN_STREAM(404),
    /** No such route. */
    NOT_FOUND(404),
    /** The route exists but not for this HTTP method. */
    METHOD_NOT_ALLOWED(405),
    /** The id is already registered with different content. */
    CONFLICT(409),
    /**
     * The stream id is already registered by another process (stream ids are global): retrying
     * cannot succeed; a client must use a new random stream id.
     */
    STREAM_ID_TAKEN(409),
    /**
     * The process was deleted on request and may not register again until its tombstone expires:
     * retrying cannot succeed; a running uploader stops sending its data.
     */
    PROCESS_DELETED(410),
    /** The body, a block or the number of blocks exceeds a limit; {@code field} names it. */
    TOO_LARGE(413),
    /** The API key exceeded its rate; retry after {@code retry-after} seconds. */
    RATE_LIMITED(429),
    /** A server-side failure; retry with backoff. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(final int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
