package io.lakeobs.protocol;

import com.fasterxml.jackson.jr.ob.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON codec of the ingest API, used by the server and by clients. Reading validates every
 * field against {@link IngestLimits} and throws {@link ProtocolException} naming the field
 * ({@code blocks[2].contentLength}); unknown fields are ignored so either side can add some.
 * Field names are camelCase; ids are UUID strings; times are integers (ns) except
 * {@code expiresAt}, an ISO-8601 instant.
 */
public final class IngestJson {
    private static final JSON JSON_CODEC = JSON.std;

    private IngestJson() {
    }

    // ---- writing

    public static String toJson(final RegisterProcessRequest request) {
        return write(Map.of("process", processMap(request.process())));
    }

    public static String toJson(final RegisterStreamRequest request) {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("streamId", request.streamId().toString());
        map.put("processId", request.processId().toString());
        map.put("tags", request.tags());
        map.put("properties", request.properties());
        map.put("declarations", request.declarationsBase64());
        return write(map);
    }

    public static String toJson(final PresignRequest request) {
        final List<Object> blocks = new ArrayList<>(request.blocks().size());
        for (final BlockUpload block : request.blocks()) {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("streamId", block.streamId().toString());
            map.put("blockId", block.blockId().toString());
            map.put("contentLength", block.contentLength());
            blocks.add(map);
        }
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("processId", request.processId().toString());
        map.put("blocks", blocks);
        return write(map);
    }

    public static String toJson(final PresignResponse response) {
        final List<Object> uploads = new ArrayList<>(response.uploads().size());
        for (final PresignedUpload upload : response.uploads()) {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("blockId", upload.blockId().toString());
            map.put("url", upload.url());
            map.put("headers", upload.headers());
            map.put("expiresAt", upload.expiresAt().toString());
            uploads.add(map);
        }
        return write(Map.of("uploads", uploads));
    }

    public static String toJson(final RegisterResponse response) {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", response.id().toString());
        map.put("created", response.created());
        return write(map);
    }

    public static String toJson(final ErrorResponse error) {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("code", error.code().name());
        map.put("message", error.message());
        if (error.field() != null) {
            map.put("field", error.field());
        }
        return write(map);
    }

    private static Map<String, Object> processMap(final ProcessInfo p) {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("processId", p.processId().toString());
        map.put("exe", p.exe());
        map.put("username", p.username());
        map.put("computer", p.computer());
        map.put("os", p.os());
        map.put("cpu", p.cpu());
        map.put("jvm", p.jvm());
        map.put("startTimeNanos", p.startTimeNanos());
        map.put("tickFrequency", p.tickFrequency());
        map.put("startTicks", p.startTicks());
        if (p.parentProcessId() != null) {
            map.put("parentProcessId", p.parentProcessId().toString());
        }
        map.put("properties", p.properties());
        return map;
    }

    private static String write(final Map<String, Object> map) {
        try {
            return JSON_CODEC.asString(map);
        } catch (final IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    // ---- reading

    public static RegisterProcessRequest parseRegisterProcess(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        return new RegisterProcessRequest(readProcess(root.object("process")));
    }

    public static RegisterStreamRequest parseRegisterStream(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        final String base64 = root.optionalText("declarations", IngestLimits.MAX_DECLARATIONS_BYTES * 2, "");
        final byte[] declarations;
        try {
            declarations = Base64.getDecoder().decode(base64);
        } catch (final IllegalArgumentException e) {
            throw ProtocolException.invalid(root.path("declarations"), "not valid base64");
        }
        if (declarations.length > IngestLimits.MAX_DECLARATIONS_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, root.path("declarations") + ": "
                + declarations.length + " bytes, more than " + IngestLimits.MAX_DECLARATIONS_BYTES, root.path("declarations"));
        }
        return new RegisterStreamRequest(root.uuid("streamId"), root.uuid("processId"),
            root.optionalNames("tags", IngestLimits.MAX_TAGS),
            root.optionalProperties("properties"), declarations);
    }

    public static PresignRequest parsePresignRequest(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        final java.util.UUID processId = root.uuid("processId");
        final List<JsonFields> items = root.objects("blocks", IngestLimits.MAX_BLOCKS_PER_PRESIGN);
        if (items.isEmpty()) {
            throw ProtocolException.invalid("blocks", "must hold at least one block");
        }
        final List<BlockUpload> blocks = new ArrayList<>(items.size());
        for (final JsonFields item : items) {
            final long length = item.longValue("contentLength");
            if (length <= 0) {
                throw ProtocolException.invalid(item.path("contentLength"), "must be positive, was " + length);
            }
            if (length > IngestLimits.MAX_BLOCK_BYTES) {
                throw new ProtocolException(ErrorCode.TOO_LARGE, item.path("contentLength") + ": " + length
                    + " bytes, more than " + IngestLimits.MAX_BLOCK_BYTES, item.path("contentLength"));
            }
            blocks.add(new BlockUpload(item.uuid("streamId"), item.uuid("blockId"), length));
        }
        return new PresignRequest(processId, blocks);
    }

    public static PresignResponse parsePresignResponse(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        final List<JsonFields> items = root.objects("uploads", Integer.MAX_VALUE);
        final List<PresignedUpload> uploads = new ArrayList<>(items.size());
        for (final JsonFields item : items) {
            final String expiresAt = item.text("expiresAt", 64);
            final Instant instant;
            try {
                instant = Instant.parse(expiresAt);
            } catch (final RuntimeException e) {
                throw ProtocolException.invalid(item.path("expiresAt"), "not an ISO-8601 instant");
            }
            uploads.add(new PresignedUpload(item.uuid("blockId"), item.text("url", 64 * 1024),
                item.optionalProperties("headers"), instant));
        }
        return new PresignResponse(uploads);
    }

    public static RegisterResponse parseRegisterResponse(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        return new RegisterResponse(root.uuid("id"), root.bool("created"));
    }

    public static ErrorResponse parseError(final byte[] body) {
        final JsonFields root = JsonFields.root(parseObject(body));
        final String code = root.text("code", 64);
        ErrorCode errorCode;
        try {
            errorCode = ErrorCode.valueOf(code);
        } catch (final IllegalArgumentException e) {
            errorCode = ErrorCode.INTERNAL; // a newer server's code: treat as unexpected
        }
        return new ErrorResponse(errorCode, root.optionalText("message", Integer.MAX_VALUE, ""),
            root.optionalText("field", Integer.MAX_VALUE, null));
    }

    private static ProcessInfo readProcess(final JsonFields p) {
        final long tickFrequency = p.longValue("tickFrequency");
        if (tickFrequency <= 0 || tickFrequency > IngestLimits.MAX_TICK_FREQUENCY) {
            throw ProtocolException.invalid(p.path("tickFrequency"), "must be within 1.." + IngestLimits.MAX_TICK_FREQUENCY
                + " ticks per second, was " + tickFrequency);
        }
        final long startTimeNanos = p.longValue("startTimeNanos");
        if (startTimeNanos < 0 || startTimeNanos > IngestLimits.MAX_START_TIME_NANOS) {
            throw ProtocolException.invalid(p.path("startTimeNanos"), "must be within 0.." + IngestLimits.MAX_START_TIME_NANOS
                + " ns since the epoch (up to 2100-01-01), was " + startTimeNanos);
        }
        final long startTicks = p.longValue("startTicks");
        if (Math.abs(startTicks) > IngestLimits.MAX_ABS_START_TICKS || startTicks == Long.MIN_VALUE) {
            throw ProtocolException.invalid(p.path("startTicks"), "must be within -2^62..2^62, was " + startTicks);
        }
        return new ProcessInfo(p.uuid("processId"), p.text("exe", IngestLimits.MAX_TEXT_CHARS),
            p.optionalText("username", IngestLimits.MAX_TEXT_CHARS, ""),
            p.optionalText("computer", IngestLimits.MAX_TEXT_CHARS, ""),
            p.optionalText("os", IngestLimits.MAX_TEXT_CHARS, ""),
            p.optionalText("cpu", IngestLimits.MAX_TEXT_CHARS, ""),
            p.optionalText("jvm", IngestLimits.MAX_TEXT_CHARS, ""),
            startTimeNanos, tickFrequency, startTicks,
            p.optionalUuid("parentProcessId"), p.optionalProperties("properties"));
    }

    private static Map<String, Object> parseObject(final byte[] body) {
        if (body == null || body.length == 0) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "empty body: a JSON object is expected");
        }
        if (body.length > IngestLimits.MAX_BODY_BYTES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "body of " + body.length + " bytes, more than "
                + IngestLimits.MAX_BODY_BYTES);
        }
        final Object value;
        try {
            value = JSON_CODEC.anyFrom(body);
        } catch (final IOException | RuntimeException e) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "body is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProtocolException(ErrorCode.MALFORMED_JSON, "body is not a JSON object");
        }
        @SuppressWarnings("unchecked") final Map<String, Object> object = (Map<String, Object>) map;
        return object;
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "unreadable";
        }
        final int newline = message.indexOf('\n');
        final String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    /** UTF-8 bytes of a JSON string, for callers that hold bytes. */
    public static byte[] utf8(final String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
