package io.lakeobs.local.athena;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One text per value, whichever engine returned it, so rows of Trino and DuckDB compare as
 * strings: timestamps as epoch milliseconds (Trino reads Hive timestamps at millisecond precision,
 * rounding half up; DuckDB keeps the file's microseconds, rounded the same way here), doubles in
 * Java's shortest form, maps as key-sorted entries, arrays in order, and NULL as {@code NULL}.
 */
final class CanonicalValues {
    static final String NULL = "NULL";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TRINO_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]");

    private CanonicalValues() {
    }

    /** A value of Trino's client protocol, given its Trino type name. */
    static String trino(final JsonNode value, final String type) {
        if (value == null || value.isNull()) {
            return NULL;
        }
        if (type.startsWith("timestamp")) {
            String text = value.asText();
            final int zone = text.indexOf(' ', "yyyy-MM-dd HH:mm:ss".length());
            if (zone > 0) {
                if (!text.endsWith(" UTC")) {
                    throw new IllegalArgumentException("a timestamp not in UTC: " + text);
                }
                text = text.substring(0, zone);
            }
            return Long.toString(LocalDateTime.parse(text, TRINO_TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        if (type.equals("double") || type.equals("real")) {
            return value.isNumber() ? Double.toString(value.asDouble()) : value.asText();
        }
        if (value.isContainerNode()) {
            return container(value);
        }
        return value.asText();
    }

    /** A map as key-sorted entries, an array in order, recursively. */
    private static String container(final JsonNode value) {
        if (value.isArray()) {
            final List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isNull() ? NULL : item.isContainerNode() ? container(item) : item.asText()));
            return items.toString();
        }
        final Map<String, String> sorted = new TreeMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> entry = it.next();
            final JsonNode item = entry.getValue();
            sorted.put(entry.getKey(), item.isNull() ? NULL : item.isContainerNode() ? container(item) : item.asText());
        }
        return sorted.toString();
    }

    /** A timestamp as DuckDB returns it, or its microseconds since the epoch, at Trino's precision. */
    static String duckDbTimestamp(final Object value) {
        if (value == null) {
            return NULL;
        }
        final Instant instant;
        if (value instanceof Number micros) {
            instant = Instant.EPOCH.plus(micros.longValue(), ChronoUnit.MICROS);
        } else if (value instanceof OffsetDateTime offset) {
            instant = offset.toInstant();
        } else if (value instanceof Timestamp timestamp) {
            instant = timestamp.toLocalDateTime().toInstant(ZoneOffset.UTC);
        } else if (value instanceof LocalDateTime local) {
            instant = local.toInstant(ZoneOffset.UTC);
        } else {
            throw new IllegalArgumentException("not a timestamp: " + value.getClass().getName() + " " + value);
        }
        final long micros = ChronoUnit.MICROS.between(Instant.EPOCH, instant);
        return Long.toString(Math.floorDiv(micros + 500, 1000));
    }

    static String duckDbDouble(final Object value) {
        return value == null ? NULL : Double.toString(((Number) value).doubleValue());
    }

    /** A map or an array DuckDB rendered with {@code to_json}. */
    static String duckDbJson(final String json) {
        if (json == null) {
            return NULL;
        }
        try {
            return container(JSON.readTree(json));
        } catch (final IOException e) {
            throw new UncheckedIOException("DuckDB returned a map or an array that is not JSON: " + json, e);
        }
    }

    static String duckDbOther(final Object value) {
        return value == null ? NULL : value.toString();
    }
}
