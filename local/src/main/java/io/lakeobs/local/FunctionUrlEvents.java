package io.lakeobs.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Converts between plain HTTP and the JSON a Lambda function URL exchanges with its
 * function (payload format 2.0): {@link #toEventJson} builds the request event AWS sends,
 * {@link #fromResponseJson} interprets what the function returns the way the function URL
 * service does (a {@code statusCode} object, or any other JSON as a 200 body).
 */
public final class FunctionUrlEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private FunctionUrlEvents() {
    }

    /** An HTTP request as it reached the function URL. Header names in any case; values in order. */
    public record HttpRequest(String method, String rawPath, String rawQueryString,
                              Map<String, List<String>> headers, byte[] body, String sourceIp) {
    }

    /** What the function URL sends back to the caller. */
    public record HttpResponse(int statusCode, Map<String, List<String>> headers, byte[] body) {
    }

    /** The payload-format-2.0 event for {@code request}, as the function URL would invoke the function with. */
    public static String toEventJson(final HttpRequest request, final String domainName,
                                     final String requestId, final Instant time) {
        final ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString() == null ? "" : request.rawQueryString());

        final ObjectNode headers = event.putObject("headers");
        ArrayNode cookies = null;
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            final String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                cookies = cookies == null ? JSON.createArrayNode() : cookies;
                for (String value : header.getValue()) {
                    for (String cookie : value.split(";")) {
                        cookies.add(cookie.trim());
                    }
                }
                continue;
            }
            final String joined = String.join(",", header.getValue());
            headers.put(name, headers.has(name) ? headers.get(name).asText() + "," + joined : joined);
        }
        headers.put("x-forwarded-proto", "http");
        headers.put("x-forwarded-for", request.sourceIp());
        if (cookies != null) {
            event.set("cookies", cookies);
        }
        final Map<String, String> query = queryParameters(request.rawQueryString());
        if (!query.isEmpty()) {
            final ObjectNode parameters = event.putObject("queryStringParameters");
            query.forEach(parameters::put);
        }

        final ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", "lakeobs-local");
        context.put("domainName", domainName);
        context.put("domainPrefix", "lakeobs-local");
        final ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", request.sourceIp());
        final List<String> userAgent = headerValues(request.headers(), "user-agent");
        http.put("userAgent", userAgent.isEmpty() ? "" : String.join(",", userAgent));
        context.put("requestId", requestId);
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(time));
        context.put("timeEpoch", time.toEpochMilli());

        final byte[] body = request.body() == null ? new byte[0] : request.body();
        if (body.length > 0) {
            final boolean text = isText(headers.path("content-type").asText(""));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event.toString();
    }

    /** The HTTP response a function URL derives from the function's response JSON. */
    public static HttpResponse fromResponseJson(final String responseJson) {
        final JsonNode response;
        try {
            response = JSON.readTree(responseJson);
        } catch (Exception e) {
            return new HttpResponse(502, Map.of("content-type", List.of("application/json")),
                    "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
        }
        if (response == null || !response.isObject() || !response.has("statusCode")) {
            // anything that is not a response object becomes a 200 JSON body, as on AWS
            return new HttpResponse(200, Map.of("content-type", List.of("application/json")),
                    responseJson.getBytes(StandardCharsets.UTF_8));
        }
        final Map<String, List<String>> headers = new LinkedHashMap<>();
        response.path("headers").fields().forEachRemaining(field ->
                headers.put(field.getKey().toLowerCase(Locale.ROOT), List.of(field.getValue().asText())));
        response.path("cookies").forEach(cookie ->
                headers.computeIfAbsent("set-cookie", name -> new java.util.ArrayList<>()).add(cookie.asText()));
        final JsonNode bodyNode = response.get("body");
        byte[] body = new byte[0];
        if (bodyNode != null && !bodyNode.isNull()) {
            body = response.path("isBase64Encoded").asBoolean(false)
                    ? Base64.getDecoder().decode(bodyNode.asText())
                    : bodyNode.asText().getBytes(StandardCharsets.UTF_8);
        }
        return new HttpResponse(response.path("statusCode").asInt(200), headers, body);
    }

    static boolean isText(final String contentType) {
        final String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/javascript") || type.startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String> queryParameters(final String rawQuery) {
        final Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            final int equals = pair.indexOf('=');
            final String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            final String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.merge(name, value, (first, second) -> first + "," + second);
        }
        return parameters;
    }

    private static List<String> headerValues(final Map<String, List<String>> headers, final String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return List.of();
    }
}
