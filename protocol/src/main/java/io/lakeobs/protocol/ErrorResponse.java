package io.lakeobs.protocol;

/**
 * The body of every non-2xx response.
 *
 * @param code what went wrong, for programs
 * @param message what went wrong, for people
 * @param field the offending field as a JSON path ({@code blocks[3].contentLength}), or null
 */
public record ErrorResponse(ErrorCode code, String message, String field) {
    public int httpStatus() {
        return code.httpStatus();
    }
}
