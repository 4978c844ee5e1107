package io.lakeobs.functions.views.split;

import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.etl.SkippedBlock;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a worker did for one part: per view, the rows and bytes of the file it stored (completed
 * under the part's key; none when the part had no rows), the blocks it read and those it skipped.
 * The worker function's JSON answer ({@link #toMap}, {@link #fromMap}).
 */
public record PartResult(int part, Map<View, long[]> files, int blocksRead, List<SkippedBlock> skipped) {
    public PartResult {
        files = new EnumMap<>(files);
        skipped = List.copyOf(skipped);
    }

    public long rows(final View view) {
        return files.containsKey(view) ? files.get(view)[0] : 0;
    }

    public long bytes(final View view) {
        return files.containsKey(view) ? files.get(view)[1] : 0;
    }

    public Map<String, Object> toMap() {
        final Map<String, Object> map = new LinkedHashMap<>();
        map.put("part", part);
        final Map<String, Object> views = new LinkedHashMap<>();
        files.forEach((view, f) -> views.put(view.tableName(), Map.of("rows", f[0], "bytes", f[1])));
        map.put("files", views);
        map.put("blocks_read", blocksRead);
        map.put("skipped", skipped.stream().map(s -> Map.of("block_id", s.blockId().toString(), "stream_id",
            s.streamId().toString(), "reason", s.reason(), "unavailable", s.unavailable())).toList());
        return map;
    }

    @SuppressWarnings("unchecked")
    public static PartResult fromMap(final Map<String, Object> map) {
        final Map<View, long[]> files = new EnumMap<>(View.class);
        if (!(map.get("files") instanceof Map<?, ?> views)) {
            throw new IllegalArgumentException("view part result without files: " + map);
        }
        views.forEach((name, f) -> files.put(View.fromTableName(name.toString()), new long[] {
            PartRequest.number((Map<String, Object>) f, "rows"), PartRequest.number((Map<String, Object>) f, "bytes")}));
        final List<SkippedBlock> skipped = new ArrayList<>();
        for (final Object s : PartRequest.list(map, "skipped")) {
            final Map<String, Object> m = (Map<String, Object>) s;
            skipped.add(new SkippedBlock(UUID.fromString(m.get("block_id").toString()), UUID.fromString(m.get("stream_id").toString()),
                m.get("reason").toString(), Boolean.TRUE.equals(m.get("unavailable"))));
        }
        return new PartResult((int) PartRequest.number(map, "part"), files, (int) PartRequest.number(map, "blocks_read"), skipped);
    }
}
