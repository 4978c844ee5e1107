package io.lakeobs.functions.views;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Direct invocation: {@code {"process_id": "...", "stream_id": "..." (optional), "from": "2026-11-21T10:00:00Z",
 * "to": "..."}} (ISO-8601 or epoch ms). Builds that instance's thread_spans, async_events,
 * log_entries and measures, marks the process kept, and returns the partitions. Bad input is an
 * {@link IllegalArgumentException} naming the field, before anything is read or written.
 */
public final class OnDemandEtlHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private final OnDemandEtl job;

    public OnDemandEtlHandler() {
        this(ScheduledViewsHandler.Holder.RUNTIME.onDemand());
    }

    public OnDemandEtlHandler(final OnDemandEtl job) {
        this.job = job;
    }

    @Override
    public Map<String, Object> handleRequest(final Map<String, Object> input, final Context context) {
        final OnDemandEtl.Result result = job.run(parse(input));
        final Map<String, Object> out = new LinkedHashMap<>();
        out.put("instance", result.instance());
        out.put("partitions", result.partitions().stream().map(p -> {
            final Map<String, Object> item = new LinkedHashMap<>();
            item.put("view", p.view());
            item.put("begin", p.beginMillis());
            item.put("end", p.endMillis());
            item.put("file_key", p.fileKey());
            item.put("rows", p.rows());
            return item;
        }).toList());
        out.put("blocks_read", result.blocksRead());
        out.put("skipped_blocks", result.skipped().stream().map(s -> s.blockId() + ": " + s.reason()).toList());
        return out;
    }

    static OnDemandEtl.Request parse(final Map<String, Object> input) {
        if (input == null) {
            throw new IllegalArgumentException("request body is required");
        }
        return new OnDemandEtl.Request(uuid(input, "process_id", true), uuid(input, "stream_id", false),
            time(input, "from"), time(input, "to"));
    }

    private static UUID uuid(final Map<String, Object> input, final String field, final boolean required) {
        final Object value = input.get(field);
        if (value == null || value.toString().isBlank()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not a UUID: '" + value + "'");
        }
    }

    /** The instant of {@code field}: ISO-8601 or epoch ms; an error names the field when it is missing or neither. */
    public static long time(final Map<String, Object> input, final String field) {
        final Object value = input.get(field);
        if (value == null) {
            throw new IllegalArgumentException(field + " is required (ISO-8601 instant or epoch ms)");
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Instant.parse(value.toString()).toEpochMilli();
        } catch (final DateTimeParseException e) {
            try {
                return Long.parseLong(value.toString());
            } catch (final NumberFormatException ignored) {
                throw new IllegalArgumentException(field + " is not an ISO-8601 instant or epoch ms: '" + value + "'");
            }
        }
    }
}
