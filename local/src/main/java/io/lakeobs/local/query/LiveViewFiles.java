package io.lakeobs.local.query;

import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.catalog.ViewStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The files a query may read, and only those: the ones the manifests list, copied from the views
 * bucket (the embedded stack's, or a deployed one's through any S3 client) into one directory per
 * view, so that DuckDB on one machine reads exactly what Athena would (never a superseded,
 * expired or half-written file). {@code LocalQuery} opens such a directory.
 */
public final class LiveViewFiles {
    private final ViewStore store;

    public LiveViewFiles(final ViewStore store) {
        this.store = store;
    }

    /**
     * Every global view's live files for the UTC days from {@code fromMillis} to {@code toMillis}
     * (inclusive), into {@code target/<view>/}; returns the files copied per view.
     */
    public Map<String, Long> global(final Path target, final long fromMillis, final long toMillis) throws IOException {
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("the day range ends before it starts: " + fromMillis + " > " + toMillis);
        }
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final View view : View.globalViews()) {
            final Set<String> keys = new LinkedHashSet<>();
            for (long day = Math.floorDiv(fromMillis, ViewLayout.DAY_MILLIS) * ViewLayout.DAY_MILLIS; day <= toMillis;
                 day += ViewLayout.DAY_MILLIS) {
                keys.addAll(store.readManifest(ViewLayout.manifestKey(view.tableName(), ViewLayout.GLOBAL, day)));
            }
            counts.put(view.tableName(), copy(keys, target.resolve(view.tableName())));
        }
        return counts;
    }

    /**
     * The live on-demand files of one instance (a process or stream id) for {@code views}, into
     * {@code target/<view>/}; returns the files copied per view.
     */
    public Map<String, Long> instance(final Path target, final String instance, final Collection<View> views)
        throws IOException {
        final Map<String, Long> counts = new LinkedHashMap<>();
        for (final View view : views) {
            if (!view.perInstance()) {
                throw new IllegalArgumentException(view.tableName() + " has no on-demand instances");
            }
            counts.put(view.tableName(), copy(store.readManifest(ViewLayout.manifestKey(view.tableName(), instance, 0)),
                target.resolve(view.tableName())));
        }
        return counts;
    }

    private long copy(final Collection<String> keys, final Path directory) throws IOException {
        Files.createDirectories(directory);
        long n = 0;
        for (final String key : keys) {
            final byte[] bytes = store.get(key).orElseThrow(() -> new IllegalStateException("a manifest lists a missing file " + key));
            Files.write(directory.resolve(String.format("part-%04d.parquet", n++)), bytes);
        }
        return n;
    }
}
