package io.lakeobs.functions.ingest.api;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** An HTTP request to the ingest API, independent of how Lambda delivered it. Header names are lower case. */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body) {
    public ApiRequest {
        final Map<String, String> lower = new TreeMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        headers = lower;
        body = body == null ? new byte[0] : body;
    }

    public String header(final String name) {
        return headers.get(name);
    }
}
