package io.lakeobs.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Typed, validated access to one parsed JSON object; every error names the field's path. */
final class JsonFields {
    private final Map<String, Object> map;
    private final String prefix;

    private JsonFields(final Map<String, Object> map, final String prefix) {
        this.map = map;
        this.prefix = prefix;
    }

    static JsonFields root(final Map<String, Object> map) {
        return new JsonFields(map, "");
    }

    String path(final String name) {
        return prefix + name;
    }

    private Object required(final String name) {
        final Object value = map.get(name);
        if (value == null) {
            throw ProtocolException.invalid(path(name), "is required");
        }
        return value;
    }

    String text(final String name, final int maxChars) {
        final Object value = required(name);
        return checkText(name, value, maxChars);
    }

    String optionalText(final String name, final int maxChars, final String fallback) {
        final Object value = map.get(name);
        return value == null ? fallback : checkText(name, value, maxChars);
    }

    private String checkText(final String name, final Object value, final int maxChars) {
        if (!(value instanceof String text)) {
            throw ProtocolException.invalid(path(name), "must be a string");
        }
        if (text.length() > maxChars) {
            throw ProtocolException.invalid(path(name), "longer than " + maxChars + " characters");
        }
        return text;
    }

    UUID uuid(final String name) {
        return toUuid(name, required(name));
    }

    UUID optionalUuid(final String name) {
        final Object value = map.get(name);
        return value == null ? null : toUuid(name, value);
    }

    private UUID toUuid(final String name, final Object value) {
        if (value instanceof String text && text.length() == 36) {
            try {
                final UUID id = UUID.fromString(text);
                if (id.toString().equalsIgnoreCase(text)) {
                    return id;
                }
            } catch (final IllegalArgumentException e) {
                // falls through to the error below
            }
        }
        throw ProtocolException.invalid(path(name), "must be a UUID string like 123e4567-e89b-12d3-a456-426614174000");
    }

    long longValue(final String name) {
        final Object value = required(name);
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        throw ProtocolException.invalid(path(name), "must be an integer within 64 bits");
    }

    boolean bool(final String name) {
        if (required(name) instanceof Boolean b) {
            return b;
        }
        throw ProtocolException.invalid(path(name), "must be true or false");
    }

    JsonFields object(final String name) {
        final Object value = required(name);
        if (!(value instanceof Map<?, ?> child)) {
            throw ProtocolException.invalid(path(name), "must be an object");
        }
        @SuppressWarnings("unchecked") final Map<String, Object> typed = (Map<String, Object>) child;
        return new JsonFields(typed, path(name) + ".");
    }

    List<JsonFields> objects(final String name, final int maxItems) {
        final Object value = required(name);
        if (!(value instanceof List<?> list)) {
            throw ProtocolException.invalid(path(name), "must be an array");
        }
        if (list.size() > maxItems) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, path(name) + ": " + list.size() + " items, more than "
                + maxItems, path(name));
        }
        final List<JsonFields> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            final String itemPath = path(name) + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> child)) {
                throw ProtocolException.invalid(itemPath, "must be an object");
            }
            @SuppressWarnings("unchecked") final Map<String, Object> typed = (Map<String, Object>) child;
            result.add(new JsonFields(typed, itemPath + "."));
        }
        return result;
    }

    List<String> optionalNames(final String name, final int maxItems) {
        final Object value = map.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw ProtocolException.invalid(path(name), "must be an array of strings");
        }
        if (list.size() > maxItems) {
            throw ProtocolException.invalid(path(name), list.size() + " items, more than " + maxItems);
        }
        final List<String> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String text) || text.isEmpty() || text.length() > IngestLimits.MAX_NAME_CHARS) {
                throw ProtocolException.invalid(path(name) + "[" + i + "]", "must be a string of 1 to "
                    + IngestLimits.MAX_NAME_CHARS + " characters");
            }
            result.add(text);
        }
        return result;
    }

    Map<String, String> optionalProperties(final String name) {
        final Object value = map.get(name);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> object)) {
            throw ProtocolException.invalid(path(name), "must be an object of string values");
        }
        if (object.size() > IngestLimits.MAX_PROPERTIES) {
            throw ProtocolException.invalid(path(name), object.size() + " entries, more than " + IngestLimits.MAX_PROPERTIES);
        }
        final Map<String, String> result = new LinkedHashMap<>();
        long totalChars = 0;
        for (final Map.Entry<?, ?> entry : object.entrySet()) {
            final String key = String.valueOf(entry.getKey());
            final String entryPath = path(name) + "." + key;
            if (key.isEmpty() || key.length() > IngestLimits.MAX_NAME_CHARS) {
                throw ProtocolException.invalid(path(name), "keys must have 1 to " + IngestLimits.MAX_NAME_CHARS + " characters");
            }
            if (!(entry.getValue() instanceof String text)) {
                throw ProtocolException.invalid(entryPath, "must be a string");
            }
            if (text.length() > IngestLimits.MAX_TEXT_CHARS) {
                throw ProtocolException.invalid(entryPath, "longer than " + IngestLimits.MAX_TEXT_CHARS + " characters");
            }
            totalChars += key.length() + text.length();
            if (totalChars > IngestLimits.MAX_PROPERTIES_CHARS) {
                throw ProtocolException.invalid(path(name), "more than " + IngestLimits.MAX_PROPERTIES_CHARS
                    + " characters in keys and values");
            }
            result.put(key, text);
        }
        return result;
    }
}
