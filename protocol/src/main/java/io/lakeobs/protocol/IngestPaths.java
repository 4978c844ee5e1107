package io.lakeobs.protocol;

/** The ingest API's versioned routes and headers. Every route takes and returns JSON over POST. */
public final class IngestPaths {
    /** Registers a process: body {@link RegisterProcessRequest}, response {@link RegisterResponse}. */
    public static final String PROCESSES = "/v1/processes";
    /** Registers a stream: body {@link RegisterStreamRequest}, response {@link RegisterResponse}. */
    public static final String STREAMS = "/v1/streams";
    /** Presigns block uploads: body {@link PresignRequest}, response {@link PresignResponse}. */
    public static final String BLOCKS_PRESIGN = "/v1/blocks/presign";

    /** Header carrying the API key, {@code keyId.secret} (see {@link ApiKeyToken}). Lower case, as Lambda delivers it. */
    public static final String API_KEY_HEADER = "x-api-key";
    /** Seconds a client should wait after a 429. */
    public static final String RETRY_AFTER_HEADER = "retry-after";
    public static final String CONTENT_TYPE_JSON = "application/json";

    private IngestPaths() {
    }
}
