package io.lakeobs.functions.lifecycle.deletion;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;
import io.lakeobs.functions.lifecycle.views.InstanceViews;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
    private final InstanceViews views;
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
        this.views = new InstanceViews(partitions, views);
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
        final ProcessCatalog.Entry entry = processes.lookup(processId);
        final Optional<ProcessRecord> process = entry.process();
        final Optional<ProcessCatalog.Tombstone> existingTombstone = entry.tombstone();
        if (process.isEmpty() && existingTombstone.isEmpty()) {
            throw new IllegalArgumentException("unknown process " + processId + ": nothing to delete");
        }
        final long until = existingTombstone.map(ProcessCatalog.Tombstone::untilMillis).orElse(now + tombstone.toMillis());
        final long registeredAt = process.map(ProcessRecord::insertTimeMillis)
            .orElseGet(() -> existingTombstone.get().registeredAtMillis());
        if (!dryRun && process.isPresent()) {
            processes.replaceWithTombstone(process.get(), until);
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
        for (final StreamRecord stream : processStreams) {
            if (stream.declarationsKey() != null) {
                declarations.add(stream.declarationsKey());
            }
        }
        final InstanceViews.Found instanceViews = views.of(processId, processStreams);
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
            for (final String prefix : prefixes(processId, registeredAt, now)) {
                raw.list(prefix).forEach(object -> leftovers.add(object.key()));
            }
            raw.delete(leftovers);
            quarantine.delete(leftovers);
            blocks.deleteClaims(leftovers, backoff);
            views.remove(instanceViews, true, now);
            for (final StreamRecord stream : processStreams) {
                streams.delete(processId, stream.streamId());
            }
        }
        return new Report(processId, dryRun, processBlocks.size(), bytes, processStreams.size(), declarations.size(),
            instanceViews.partitions().size(), instanceViews.files().size(), minutes.size(), until, now + presignExpiry.toMillis());
    }

    /**
     * Where the process's objects can be: its block keys of every UTC day from its registration to
     * the last upload URL still valid (one LIST per day), those signed before keys held the day,
     * and its declarations.
     */
    private List<String> prefixes(final UUID processId, final long registeredAtMillis, final long nowMillis) {
        final List<String> prefixes = new ArrayList<>();
        final LocalDate last = LocalDate.ofInstant(Instant.ofEpochMilli(nowMillis + presignExpiry.toMillis()), ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(Instant.ofEpochMilli(registeredAtMillis), ZoneOffset.UTC); !day.isAfter(last);
             day = day.plusDays(1)) {
            prefixes.add(ObjectKeys.blocksOfDay(day) + processId + "/");
        }
        prefixes.add(ObjectKeys.BLOCKS_PREFIX + processId + "/");
        prefixes.add(ObjectKeys.DECLARATIONS_PREFIX + processId + "/");
        return prefixes;
    }
}
