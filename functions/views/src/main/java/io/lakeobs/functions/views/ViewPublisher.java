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
        if (previous.isPresent() && previous.get().fileKey() != null && !previous.get().fileKey().equals(key)) {
            partitions.retire(previous.get().fileKey(), now);
        }
        return partition;
    }

    /** Steps 3-5 for the manifest scope of {@code begin}: its UTC day (global) or the whole instance. */
    public List<String> refresh(final String view, final String instance, final long begin, final long now) {
        final long[] scope = ViewLayout.manifestScope(instance, begin);
        final List<Partition> items = partitions.range(view, instance, scope[0], scope[1]);
        final List<Partition> shadowed = LiveFiles.shadowed(items);
        for (final Partition p : shadowed) {
            partitions.setState(p, Partition.SUPERSEDED, now);
            if (p.fileKey() != null) {
                partitions.retire(p.fileKey(), now);
            }
        }
        final List<Partition> current = new ArrayList<>(items);
        current.removeAll(shadowed);
        final List<String> keys = LiveFiles.select(current).stream().map(Partition::fileKey).toList();
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
        if (partition.fileKey() != null) {
            partitions.retire(partition.fileKey(), now);
        }
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
