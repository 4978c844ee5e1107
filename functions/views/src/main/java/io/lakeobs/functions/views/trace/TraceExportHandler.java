package io.lakeobs.functions.views.trace;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.lakeobs.functions.core.config.AwsClients;
import io.lakeobs.functions.core.config.Config;
import io.lakeobs.functions.views.OnDemandEtlHandler;
import io.lakeobs.functions.views.ViewsRuntime;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Exports a process's trace ({@link TraceExport}) on request: {@code {"process_id": "...", "begin":
 * "2026-11-21T10:00:00Z", "end": "..."}} (ISO-8601 or epoch ms) by direct invocation, or as the
 * JSON body of a function URL request (payload 2.0). Returns {@code {url, key, expires_at}}.
 * Bad input names what is wrong: as an {@link IllegalArgumentException} when invoked directly, as
 * a 400 (404 for an unknown process) with {@code {"error": ...}} through a function URL.
 */
public final class TraceExportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final JsonFactory JSON = new JsonFactory();
    private final TraceExport job;

    public TraceExportHandler() {
        this(Holder.JOB);
    }

    public TraceExportHandler(final TraceExport job) {
        this.job = job;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        if (input == null || !input.containsKey("requestContext")) {
            return result(job.run(parse(input)));
        }
        try {
            return response(200, result(job.run(parse(body(input)))));
        } catch (final NoSuchElementException e) {
            return response(404, Map.of("error", e.getMessage()));
        } catch (final IllegalArgumentException e) {
            return response(400, Map.of("error", e.getMessage()));
        }
    }

    static TraceExport.Request parse(final Map<String, Object> input) {
        if (input == null) {
            throw new IllegalArgumentException("request body is required: {\"process_id\", \"begin\", \"end\"}");
        }
        final Object process = input.get("process_id");
        if (process == null || process.toString().isBlank()) {
            throw new IllegalArgumentException("process_id is required");
        }
        final UUID processId;
        try {
            processId = UUID.fromString(process.toString());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("process_id is not a UUID: '" + process + "'");
        }
        return new TraceExport.Request(processId, OnDemandEtlHandler.time(input, "begin"), OnDemandEtlHandler.time(input, "end"));
    }

    /** A function URL request's body: a flat JSON object of strings and numbers. */
    static Map<String, Object> body(final Map<String, Object> event) {
        final Object raw = event.get("body");
        if (raw == null || raw.toString().isBlank()) {
            return null;
        }
        final String text = Boolean.TRUE.equals(event.get("isBase64Encoded"))
            ? new String(Base64.getDecoder().decode(raw.toString()), StandardCharsets.UTF_8) : raw.toString();
        final Map<String, Object> fields = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("request body is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (value == null) {
                    break;
                }
                if (value.isStructStart()) {
                    throw new IllegalArgumentException(name + " must be a string or a number, not " + (value == JsonToken.START_OBJECT
                        ? "an object" : "an array"));
                } else if (value.isNumeric()) {
                    fields.put(name, parser.getLongValue());
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("request body has data after its JSON object");
            }
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return fields;
    }

    private static Map<String, Object> result(final TraceExport.Result result) {
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("url", result.url());
        out.put("key", result.key());
        out.put("expires_at", result.expiresAt().toString());
        out.put("spans", result.spans());
        out.put("async_events", result.asyncEvents());
        out.put("logs", result.logs());
        return out;
    }

    private static Map<String, Object> response(final int status, final Map<String, Object> body) {
        final StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            for (final Map.Entry<String, Object> field : body.entrySet()) {
                if (field.getValue() instanceof Number number) {
                    json.writeNumberField(field.getKey(), number.longValue());
                } else {
                    json.writeStringField(field.getKey(), String.valueOf(field.getValue()));
                }
            }
            json.writeEndObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("statusCode", status);
        out.put("headers", Map.of("content-type", "application/json"));
        out.put("body", text.toString());
        return out;
    }

    /** Built once per container (and captured by SnapStart). */
    static final class Holder {
        static final TraceExport JOB = ViewsRuntime.fromEnv(System.getenv())
            .traceExport(AwsClients.presigner(Config.fromEnv(System.getenv()), AwsClients.defaultCredentials()));
    }
}
