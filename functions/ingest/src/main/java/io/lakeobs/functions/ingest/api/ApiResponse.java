package io.lakeobs.functions.ingest.api;

import java.util.Map;

/** An HTTP response of the ingest API: status, headers and a JSON body. */
public record ApiResponse(int status, Map<String, String> headers, String body) {
    public ApiResponse {
        headers = Map.copyOf(headers);
    }
}
