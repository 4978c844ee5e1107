package io.lakeobs.functions.lifecycle.deletion;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Deletes all data of one process on request (a customer leaving, personal data logged by
 * mistake): in order, a tombstone in place of the process item (registration refused, so a running
 * uploader cannot recreate it; the process's info is gone with it), its blocks (object, then item
 * and object claim), its streams' declarations objects, every other object under its prefixes
 * (quarantined or never indexed, with their quarantine items and claims), its on-demand view files, manifests and
 * partition items, its streams and stream-id ownership, and a request that the scheduled views
 * derive again, from what remains, every global partition that held its rows (their old files are
 * deleted at once, not after the usual grace). Every step is idempotent and the tombstone comes
 * first, so a run stopped anywhere is finished by running it again. A dry run counts and deletes nothing.
 */
public final class ProcessDeletion {
    private static final long MINUTE = 60_000L;
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockCatalog blocks;
    private final BlockStore raw;
    private final BlockStore views;
    private final PartitionCatalog partitions;
    private final QuarantineCatalog quarantine;
    private final Duration tombstone;
    private final Duration presignExpiry;
    private final Backoff backoff;
    private final Clock clock;

    public ProcessDeletion(final ProcessCatalog processes, final StreamCatalog streams, final BlockCatalog blocks,
                           final BlockStore raw, final BlockStore views, final PartitionCatalog partitions,
                           final QuarantineCatalog quarantine, final Duration tombstone, final Duration presignExpiry, final Backoff backoff, final Clock clock) {
        this.processes = processes;
        this.streams = streams;
        this.blocks = blocks;
        this.raw = raw;
        this.views = views;
        this.partitions = partitions;
        this.quarantine = quarantine;
        this.tombstone = tombstone;
        this.presignExpiry = presignExpiry;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * What was (or, in a dry run, would be) removed.
     *
     * @param rerunAfterMillis upload URLs signed before the tombstone stay valid until then: run the
     *                         deletion again after it to remove any block they still delivered
     */
    public record Report(UUID processId, boolean dryRun, int blocks, long blockBytes, int streams, int declarationObjects,
                         int instancePartitions, int instanceFiles, int globalMinutes, long tombstoneUntilMillis,
                         long rerunAfterMillis) {
    }

    public Report delete(final UUID processId, final boolean dryRun) {
        final long now = clock.millis();
        final Optional<ProcessRecord> process = processes.get(processId);
        final Optional<Long> existingTombstone = processes.tombstone(processId);
        if (process.isEmpty() && existingTombstone.isEmpty()) {
            throw new IllegalArgumentException("unknown process " + processId + ": nothing to delete");
        }
        final long until = existingTombstone.orElse(now + tombstone.toMillis());
        if (!dryRun && process.isPresent()) {
            processes.replaceWithTombstone(processId, process.get().ownerKeyId(), until);
        }
        final List<BlockRecord> processBlocks = blocks.blocksOfProcess(processId);
        final TreeSet<Long> minutes = new TreeSet<>();
        long bytes = 0;
        for (final BlockRecord block : processBlocks) {
            minutes.add(Math.floorDiv(block.insertTimeMillis(), MINUTE) * MINUTE);
            bytes += block.size();
        }
        final List<StreamRecord> processStreams = streams.streamsOf(processId);
        final List<String> declarations = new ArrayList<>();
        final List<String> instances = new ArrayList<>(List.of(processId.toString()));
        for (final StreamRecord stream : processStreams) {
            if (stream.declarationsKey() != null) {
                declarations.add(stream.declarationsKey());
            }
            instances.add(stream.streamId().toString());
        }
        final List<Partition> instancePartitions = new ArrayList<>();
        for (final String view : ViewLayout.INSTANCE_VIEWS) {
            for (final String instance : instances) {
                instancePartitions.addAll(partitions.range(view, instance, 0, Long.MAX_VALUE));
            }
        }
        final List<String> instanceFiles = instancePartitions.stream().map(Partition::fileKey).filter(k -> k != null).toList();
        if (!dryRun) {
            // global views first asked to drop the rows, so that even a run stopped right here leaves a trace to finish
            if (!minutes.isEmpty()) {
                partitions.requestRederive(List.copyOf(minutes));
            }
            for (int from = 0; from < processBlocks.size(); from += BlockStore.MAX_DELETE_BATCH) {
                final List<BlockRecord> batch = processBlocks.subList(from, Math.min(processBlocks.size(), from + BlockStore.MAX_DELETE_BATCH));
                raw.delete(batch.stream().map(BlockRecord::objectKey).toList());
                blocks.delete(batch, backoff);
            }
            raw.delete(declarations);
            // whatever else is under the process's prefixes: quarantined blocks, objects never indexed
            final List<String> leftovers = new ArrayList<>();
            for (final String prefix : List.of(ObjectKeys.BLOCKS_PREFIX + processId + "/", ObjectKeys.DECLARATIONS_PREFIX + processId + "/")) {
                raw.list(prefix).forEach(object -> leftovers.add(object.key()));
            }
            raw.delete(leftovers);
            quarantine.delete(leftovers);
            blocks.deleteClaims(leftovers, backoff);
            final List<String> manifests = new ArrayList<>();
            for (final String view : ViewLayout.INSTANCE_VIEWS) {
                for (final String instance : instances) {
                    manifests.add(ViewLayout.manifestKey(view, instance, 0));
                }
            }
            views.delete(manifests);
            views.delete(instanceFiles);
            instancePartitions.forEach(partitions::delete);
            for (final StreamRecord stream : processStreams) {
                streams.delete(processId, stream.streamId());
            }
        }
        return new Report(processId, dryRun, processBlocks.size(), bytes, processStreams.size(), declarations.size(),
            instancePartitions.size(), instanceFiles.size(), minutes.size(), until, now + presignExpiry.toMillis());
    }
}
