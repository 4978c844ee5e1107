package io.lakeobs.functions.core.partitions;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Where view files and manifests live in the bucket. Global views are partitioned by UTC day of
 * their insert-time window ({@code dt=yyyy-MM-dd}); on-demand instances have one directory each.
 * <pre>
 * views/&lt;view&gt;/global/dt=2026-11-21/&lt;beginMs&gt;-&lt;endMs&gt;-v&lt;schema&gt;-&lt;hash&gt;.parquet
 * manifests/&lt;view&gt;/global/dt=2026-11-21/manifest.txt         (Athena SymlinkTextInputFormat)
 * views/&lt;view&gt;/instance=&lt;id&gt;/&lt;beginMs&gt;-&lt;endMs&gt;-v&lt;schema&gt;-&lt;hash&gt;.parquet
 * manifests/&lt;view&gt;/instance=&lt;id&gt;/manifest.txt
 * </pre>
 * File names carry the source hash, so a file is never overwritten by different content: a
 * rewrite is a new object, and the old one is retired, then deleted after a grace period.
 */
public final class ViewLayout {
    public static final String GLOBAL = "global";
    public static final long DAY_MILLIS = 86_400_000L;
    /**
     * The views the on-demand ETL writes per process or stream instance, by table name: what the
     * lifecycle deletes with a process (it cannot see the views module; a views test holds this
     * equal to the on-demand ETL's own list).
     */
    public static final List<String> INSTANCE_VIEWS = List.of("thread_spans", "async_events",
        "log_entries", "measures");

    private ViewLayout() {
    }

    public static String dataKey(final String view, final String instance, final long beginMillis, final long endMillis,
                                 final int schemaVersion, final String sourceHash) {
        return "views/" + view + "/" + directory(instance, beginMillis) + beginMillis + "-" + endMillis
            + "-v" + schemaVersion + "-" + sourceHash.substring(0, 16) + ".parquet";
    }

    /** Part {@code part} (from 1) of {@code parts} of a window split between parallel workers. */
    public static String partKey(final String view, final String instance, final long beginMillis, final long endMillis,
                                 final int schemaVersion, final String sourceHash, final int part, final int parts) {
        final String key = dataKey(view, instance, beginMillis, endMillis, schemaVersion, sourceHash);
        return key.substring(0, key.length() - ".parquet".length()) + "-p" + part + "of" + parts + ".parquet";
    }

    public static String manifestKey(final String view, final String instance, final long beginMillis) {
        return "manifests/" + view + "/" + directory(instance, beginMillis) + "manifest.txt";
    }

    /** The window of the manifest that lists a partition: its UTC day (global) or everything (instance). */
    public static long[] manifestScope(final String instance, final long beginMillis) {
        if (GLOBAL.equals(instance)) {
            final long day = Math.floorDiv(beginMillis, DAY_MILLIS) * DAY_MILLIS;
            return new long[] {day, day + DAY_MILLIS};
        }
        return new long[] {0, Long.MAX_VALUE};
    }

    private static String directory(final String instance, final long beginMillis) {
        if (GLOBAL.equals(instance)) {
            return GLOBAL + "/dt=" + LocalDate.ofInstant(Instant.ofEpochMilli(beginMillis), ZoneOffset.UTC) + "/";
        }
        return "instance=" + instance + "/";
    }
}
