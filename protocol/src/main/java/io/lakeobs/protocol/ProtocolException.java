package io.lakeobs.protocol;

/** An ingest API error as an exception: thrown by the codec on bad input and by the server's checks. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;
    private final String field;

    public ProtocolException(final ErrorCode code, final String message, final String field) {
        super(message, null, false, false);
        this.code = code;
        this.field = field;
    }

    public ProtocolException(final ErrorCode code, final String message) {
        this(code, message, null);
    }

    public static ProtocolException invalid(final String field, final String message) {
        return new ProtocolException(ErrorCode.INVALID_FIELD, field + ": " + message, field);
    }

    public ErrorCode code() {
        return code;
    }

    public String field() {
        return field;
    }

    public ErrorResponse toResponse() {
        return new ErrorResponse(code, getMessage(), field);
    }
}
