package io.lakeobs.functions.views.split;

import io.lakeobs.functions.views.View;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the coordinator asks a worker: derive part {@code part} of {@code parts} of a global
 * window, from exactly these blocks (ids; the worker finds them in the catalog under the window's
 * insert minutes), for these views. Sent as the worker function's JSON event ({@link #toMap},
 * {@link #fromMap}).
 */
public record PartRequest(List<View> views, long beginMillis, long endMillis, String sourceHash, int part, int parts,
                          List<Long> minutes, List<UUID> blockIds) {
    public PartRequest {
        if (views.isEmpty() || endMillis <= beginMillis || part < 1 || part > parts || blockIds.isEmpty() || minutes.isEmpty()
            || sourceHash == null || sourceHash.length() < 16) {
            throw new IllegalArgumentException("invalid view part request: views " + views + ", window [" + beginMillis + ", "
                + endMillis + "), part " + part + " of " + parts + ", " + blockIds.size() + " blocks, minutes " + minutes
                + ", hash " + sourceHash);
        }
        views = List.copyOf(views);
        minutes = List.copyOf(minutes);
        blockIds = List.copyOf(blockIds);
    }

    public Map<String, Object> toMap() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("views", views.stream().map(View::tableName).toList());
        map.put("begin", beginMillis);
        map.put("end", endMillis);
        map.put("source_hash", sourceHash);
        map.put("part", part);
        map.put("parts", parts);
        map.put("minutes", minutes);
        map.put("block_ids", blockIds.stream().map(UUID::toString).toList());
        return map;
    }

    /** From the event as the Lambda runtime maps JSON (numbers as Integer/Long/Double, arrays as lists). */
    public static PartRequest fromMap(final Map<String, Object> map) {
        try {
            final List<View> views = new ArrayList<>();
            for (final Object name : list(map, "views")) {
                views.add(View.fromTableName(name.toString()));
            }
            final List<Long> minutes = new ArrayList<>();
            for (final Object minute : list(map, "minutes")) {
                minutes.add(((Number) minute).longValue());
            }
            final List<UUID> ids = new ArrayList<>();
            for (final Object id : list(map, "block_ids")) {
                ids.add(UUID.fromString(id.toString()));
            }
            return new PartRequest(views, number(map, "begin"), number(map, "end"), String.valueOf(map.get("source_hash")),
                (int) number(map, "part"), (int) number(map, "parts"), minutes, ids);
        } catch (final ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("invalid view part request " + map + ": " + e.getMessage(), e);
        }
    }

    static long number(final Map<String, Object> map, final String field) {
        if (!(map.get(field) instanceof Number n)) {
            throw new IllegalArgumentException("view part field '" + field + "' must be a number, was " + map.get(field));
        }
        return n.longValue();
    }

    static List<?> list(final Map<String, Object> map, final String field) {
        if (!(map.get(field) instanceof List<?> l)) {
            throw new IllegalArgumentException("view part field '" + field + "' must be a list, was " + map.get(field));
        }
        return l;
    }
}
