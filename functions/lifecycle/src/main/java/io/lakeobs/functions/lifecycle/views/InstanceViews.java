package io.lakeobs.functions.lifecycle.views;

import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.store.BlockStore;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The on-demand view partitions of one process (its own instance and its streams'), and their
 * removal in the order that keeps queries whole: manifests first (the partition stops being
 * queryable), then the files (at once, or retired so that the scheduled views delete them after
 * the grace period and running queries finish), then the partition items. Idempotent.
 */
public final class InstanceViews {
    private final PartitionCatalog partitions;
    private final BlockStore views;

    public InstanceViews(final PartitionCatalog partitions, final BlockStore views) {
        this.partitions = partitions;
        this.views = views;
    }

    /** A process's on-demand partitions and the instances (process and stream ids) they belong to. */
    public record Found(List<String> instances, List<Partition> partitions) {
        public List<String> files() {
            return partitions.stream().map(Partition::fileKey).filter(Objects::nonNull).toList();
        }
    }

    public Found of(final UUID processId, final List<StreamRecord> streams) {
        final List<String> instances = new ArrayList<>(List.of(processId.toString()));
        streams.forEach(stream -> instances.add(stream.streamId().toString()));
        return of(instances);
    }

    /** The on-demand partitions of these instances (process or stream ids). */
    public Found of(final Collection<String> instances) {
        final List<Partition> found = new ArrayList<>();
        for (final String view : ViewLayout.INSTANCE_VIEWS) {
            for (final String instance : instances) {
                found.addAll(partitions.range(view, instance, 0, Long.MAX_VALUE));
            }
        }
        return new Found(List.copyOf(instances), List.copyOf(found));
    }

    /**
     * Removes them: manifests, then files ({@code immediately}: deleted now, as deletion on request
     * must; otherwise retired at {@code nowMillis} for the grace period), then items.
     */
    public void remove(final Found found, final boolean immediately, final long nowMillis) {
        final List<String> manifests = new ArrayList<>();
        for (final String view : ViewLayout.INSTANCE_VIEWS) {
            for (final String instance : found.instances()) {
                manifests.add(ViewLayout.manifestKey(view, instance, 0));
            }
        }
        views.delete(manifests);
        if (immediately) {
            views.delete(found.files());
        } else {
            found.files().forEach(file -> partitions.retire(file, nowMillis));
        }
        found.partitions().forEach(partitions::delete);
    }
}
