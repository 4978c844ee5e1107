package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.LiveFiles;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.catalog.ViewStore;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewData;
import io.lakeobs.functions.views.etl.ViewOutputs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes ETL output visible, in the only safe order: (1) upload the complete file under a new,
 * content-addressed key; (2) write its partition item (live, not yet manifested); (3) mark what
 * it replaces superseded and retire their files; (4) rewrite the scope's manifest from the live
 * items; (5) mark the items manifested. A crash anywhere leaves the previous manifest in force,
 * and the next run finds the unmanifested items and finishes; overlapping live windows are
 * resolved in favour of the widest ({@link LiveFiles}), so no row is counted twice.
 */
public final class ViewPublisher {
    private final PartitionCatalog partitions;
    private final ViewStore store;

    public ViewPublisher(final PartitionCatalog partitions, final ViewStore store) {
        this.partitions = partitions;
        this.store = store;
    }

    public PartitionCatalog partitions() {
        return partitions;
    }

    public ViewStore store() {
        return store;
    }

    /**
     * Where a run streams the files of a partition's views: each under the content-addressed key
     * {@link #publish} gives it, uploaded part by part and completed only when the file is (step 1).
     */
    public ViewOutputs outputs(final String instance, final long begin, final long end, final String hash) {
        return view -> store.openFile(ViewLayout.dataKey(view.tableName(), instance, begin, end, View.SCHEMA_VERSION, hash));
    }

    /**
     * Deletes a file streamed by {@link #outputs} that will not be published (a backfill that keeps
     * the old file): no partition item names it yet, so nothing reads it.
     */
    public void discard(final String view, final String instance, final long begin, final long end, final ViewData data,
                        final String hash) {
        if (data != null && data.stored()) {
            store.delete(List.of(ViewLayout.dataKey(view, instance, begin, end, View.SCHEMA_VERSION, hash)));
        }
    }

    /** The key of part {@code part} of {@code parts} of a split global window's file of {@code view}. */
    public static String partKey(final View view, final long begin, final long end, final String hash, final int part,
                                 final int parts) {
        return ViewLayout.partKey(view.tableName(), ViewLayout.GLOBAL, begin, end, View.SCHEMA_VERSION, hash, part, parts);
    }

    /** Where a worker streams its part of a split global window (step 1 for that part; {@link #publishParts} is step 2). */
    public ViewOutputs partOutputs(final long begin, final long end, final String hash, final int part, final int parts) {
        return view -> store.openFile(partKey(view, begin, end, hash, part, parts));
    }

    /**
     * Steps 1-3 for one view's output; the caller rewrites the manifest afterwards ({@link #refresh}).
     * A file written in memory is uploaded here; a streamed one ({@link #outputs}) is already stored.
     */
    public Partition publish(final String view, final String instance, final long begin, final long end, final ViewData data,
                             final String hash, final int blockCount, final List<Long> sourceMinutes, final long now) {
        String key = null;
        if (data != null && data.rows() > 0) {
            key = ViewLayout.dataKey(view, instance, begin, end, View.SCHEMA_VERSION, hash);
            if (!data.stored()) {
                store.putFile(key, data.bytes());
            }
        }
        final Optional<Partition> previous = partitions.get(view, instance, begin, end);
        final Partition partition = new Partition(view, instance, begin, end, key, data == null ? 0 : data.rows(),
            data == null ? 0 : data.size(), View.SCHEMA_VERSION, blockCount, hash, Partition.LIVE, now, false, sourceMinutes);
        partitions.put(partition);
        retireReplaced(previous, partition, now);
        return partition;
    }

    /**
     * Step 2 for a window split into parts written by parallel workers: every part is uploaded
     * (step 1, by the workers) before this one item names them all, so a manifest lists all parts
     * of the window or, before this write, none. Parts without rows have no file.
     */
    public Partition publishParts(final String view, final String instance, final long begin, final long end,
                                  final List<ViewData> parts, final List<String> partKeys, final String hash,
                                  final int blockCount, final List<Long> sourceMinutes, final long now) {
        final List<String> keys = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).rows() > 0) {
                keys.add(partKeys.get(i));
                rows += parts.get(i).rows();
                bytes += parts.get(i).size();
            }
        }
        final Optional<Partition> previous = partitions.get(view, instance, begin, end);
        final Partition partition = new Partition(view, instance, begin, end, keys.isEmpty() ? null : keys.get(0), rows, bytes,
            View.SCHEMA_VERSION, blockCount, hash, Partition.LIVE, now, false, sourceMinutes,
            keys.isEmpty() ? List.of() : keys.subList(1, keys.size()));
        partitions.put(partition);
        retireReplaced(previous, partition, now);
        return partition;
    }

    private void retireReplaced(final Optional<Partition> previous, final Partition partition, final long now) {
        if (previous.isPresent()) {
            for (final String old : previous.get().fileKeys()) {
                if (!partition.fileKeys().contains(old)) {
                    partitions.retire(old, now);
                }
            }
        }
    }

    /** Steps 3-5 for the manifest scope of {@code begin}: its UTC day (global) or the whole instance. */
    public List<String> refresh(final String view, final String instance, final long begin, final long now) {
        final long[] scope = ViewLayout.manifestScope(instance, begin);
        final List<Partition> items = partitions.range(view, instance, scope[0], scope[1]);
        final List<Partition> shadowed = LiveFiles.shadowed(items);
        for (final Partition p : shadowed) {
            partitions.setState(p, Partition.SUPERSEDED, now);
            p.fileKeys().forEach(key -> partitions.retire(key, now));
        }
        final List<Partition> current = new ArrayList<>(items);
        current.removeAll(shadowed);
        final List<String> keys = LiveFiles.select(current).stream().flatMap(p -> p.fileKeys().stream()).toList();
        store.putManifest(ViewLayout.manifestKey(view, instance, begin), keys);
        for (final Partition p : items) {
            if (!p.manifested() || shadowed.contains(p)) {
                partitions.markManifested(p);
            }
        }
        return keys;
    }

    /** Makes a partition unqueryable (retention): expired, file retired, manifest rewritten. */
    public void expire(final Partition partition, final long now) {
        partitions.setState(partition, Partition.EXPIRED, now);
        partition.fileKeys().forEach(key -> partitions.retire(key, now));
        refresh(partition.view(), partition.instance(), partition.beginMillis(), now);
    }

    /** Deletes files retired before {@code now - grace}: no query started after their retirement names them. */
    public int collectGarbage(final long now, final long graceMillis) {
        final List<Map.Entry<String, String>> retired = partitions.retiredBefore(now - graceMillis);
        store.delete(retired.stream().map(Map.Entry::getValue).toList());
        retired.forEach(entry -> partitions.forgetRetired(entry.getKey()));
        return retired.size();
    }

    /** SHA-256 hex of the schema version and the sorted ids of the blocks a partition is derived from. */
    public static String sourceHash(final List<SourceBlock> sources) {
        final List<String> ids = new ArrayList<>(sources.stream().map(s -> s.block().blockId().toString()).toList());
        ids.sort(null);
        try {
            final MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("v" + View.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
            for (final String id : ids) {
                digest.update(id.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
