package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.QuarantineRecord;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.lifecycle.views.InstanceViews;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Deletes blocks past their deadline ({@link Deadlines}), and quarantined objects after their own
 * (whole days after {@link RetentionSettings#quarantineDays()}). A block: the object first (DeleteObjects, every
 * per-key error checked), then the item (BatchWriteItem, unprocessed items retried). Readers stop
 * seeing a block at its deadline whatever this job's lag, and a keep can no longer cover it then,
 * so an item a reader treats as live never points at a missing object, at any request.
 *
 * <p>Two passes walk the {@code by_insert_day} index (a Query per day and shard, paginated, never a
 * Scan), each from its own position in the partitions table ({@code _position#retention-kept} and
 * {@code #retention-raw}, moved only forward, only past what is done): the kept pass deletes every
 * block inserted before the kept deadline's first visible day, the raw pass those before the raw
 * one that no decision keeps. A run examines a bounded number of blocks and stops early when its
 * time runs short; the next continues. Everything is idempotent (deleting a deleted object or item
 * is a no-op), so a crash at any request, a rerun, or two runs at once end in the same state.
 */
public final class BlockRetention {
    static final String KEPT_JOB = "retention-kept";
    static final String RAW_JOB = "retention-raw";
    static final String QUARANTINE_JOB = "retention-quarantine";
    private final BlockCatalog blocks;
    private final QuarantineCatalog quarantine;
    private final ProcessCatalog processes;
    private final BlockStore store;
    private final InstanceViews views;
    private final PartitionCatalog bookkeeping;
    private final Deadlines deadlines;
    private final RetentionSettings settings;
    private final Backoff backoff;
    private final Clock clock;

    public BlockRetention(final BlockCatalog blocks, final QuarantineCatalog quarantine, final ProcessCatalog processes,
                          final BlockStore store, final InstanceViews views, final PartitionCatalog bookkeeping,
                          final Deadlines deadlines, final RetentionSettings settings, final Backoff backoff, final Clock clock) {
        this.blocks = blocks;
        this.quarantine = quarantine;
        this.processes = processes;
        this.store = store;
        this.views = views;
        this.bookkeeping = bookkeeping;
        this.deadlines = deadlines;
        this.settings = settings;
        this.backoff = backoff;
        this.clock = clock;
    }

    /** What a run did (or, in a dry run, would do: nothing deleted, no position moved). */
    public record Report(boolean dryRun, RetentionPass kept, RetentionPass raw, RetentionPass quarantine) {
        /** Blocks deleted (quarantined objects are counted in their own pass). */
        public int deleted() {
            return dryRun ? 0 : kept.expired() + raw.expired();
        }

        public boolean caughtUp() {
            return kept.caughtUp() && raw.caughtUp() && quarantine.caughtUp();
        }
    }

    /**
     * One bounded run. {@code hasTime} is asked between pages (Lambda: enough of the 15 minutes left);
     * when it says no, the run deletes what it gathered, records its position and returns.
     */
    public Report run(final boolean dryRun, final BooleanSupplier hasTime) {
        return run(dryRun, new DayWalk.Budget(settings.maxBlocksPerRun(), hasTime));
    }

    /** The passes over blocks and quarantine, sharing a run's {@code budget} with what follows them. */
    Report run(final boolean dryRun, final DayWalk.Budget budget) {
        final long now = clock.millis();
        final Map<UUID, Optional<ProcessRecord>> cache = new HashMap<>();
        final long oldest = Deadlines.day(now) - deadlines.safetyNet().toMillis();
        final long keptCutoff = deadlines.firstVisibleDay(now, true);
        final RetentionPass kept = pass(KEPT_JOB, oldest, keptCutoff, now, dryRun, budget, cache);
        // days before the kept cutoff are the kept pass's: it deletes every block there
        final RetentionPass raw = pass(RAW_JOB, keptCutoff, deadlines.firstVisibleDay(now, false), now, dryRun, budget, cache);
        return new Report(dryRun, kept, raw, quarantinePass(oldest, now, dryRun, budget));
    }

    /**
     * Quarantined objects and their items, whole UTC days after {@code settings.quarantineDays()}:
     * an object that a block item claims (a later upload with a conflicting header was quarantined)
     * is that block's and stays; only the quarantine item goes.
     */
    private RetentionPass quarantinePass(final long oldest, final long now, final boolean dryRun, final DayWalk.Budget budget) {
        final long cutoff = Deadlines.day(now) - Duration.ofDays(settings.quarantineDays()).toMillis();
        final long[] bytes = new long[1];
        final DayWalk.Result result = DayWalk.walk(QUARANTINE_JOB, bookkeeping, oldest, oldest, cutoff, settings.batchSize(),
            budget, dryRun, new DayWalk.Step<QuarantineRecord>() {
                @Override
                public Iterable<List<QuarantineRecord>> pages(final long dayMillis, final int shard, final String after) {
                    return quarantine.insertedOnDay(dayMillis, shard, after);
                }

                @Override
                public String sortKey(final QuarantineRecord record) {
                    return QuarantineCatalog.insertSort(record);
                }

                @Override
                public boolean expired(final QuarantineRecord record) {
                    bytes[0] += record.size();
                    return true; // every day walked is past the quarantine deadline
                }

                @Override
                public void delete(final List<QuarantineRecord> batch) {
                    final List<String> keys = batch.stream().map(QuarantineRecord::objectKey).toList();
                    store.delete(keys.stream().filter(key -> !blocks.claimed(key)).toList());
                    quarantine.delete(keys);
                }
            });
        return new RetentionPass(QUARANTINE_JOB, result.fromDayMillis(), cutoff, result.examined(), result.expired(), bytes[0],
            result.caughtUp());
    }

    private RetentionPass pass(final String job, final long floor, final long cutoff, final long now, final boolean dryRun,
                      final DayWalk.Budget budget, final Map<UUID, Optional<ProcessRecord>> cache) {
        final long[] bytes = new long[1];
        final Set<UUID> viewsRemoved = new HashSet<>();
        final DayWalk.Result result = DayWalk.walk(job, bookkeeping, Deadlines.day(now) - deadlines.safetyNet().toMillis(),
            floor, cutoff, settings.batchSize(), budget, dryRun, new DayWalk.Step<BlockRecord>() {
                @Override
                public Iterable<List<BlockRecord>> pages(final long dayMillis, final int shard, final String after) {
                    return blocks.insertedOnDay(dayMillis, shard, after);
                }

                @Override
                public String sortKey(final BlockRecord block) {
                    return block.insertSort();
                }

                @Override
                public boolean expired(final BlockRecord block) {
                    final Optional<ProcessRecord> process = cache.computeIfAbsent(block.header().processId(), processes::get);
                    final long deadline = process.map(p -> deadlines.deadline(block, p))
                        .orElseGet(() -> deadlines.deadline(block.insertTimeMillis(), false));
                    if (now >= deadline) {
                        bytes[0] += block.size();
                        return true;
                    }
                    return false;
                }

                @Override
                public void delete(final List<BlockRecord> batch) {
                    removeOnDemandViews(batch, now, cache, viewsRemoved);
                    store.delete(batch.stream().map(BlockRecord::objectKey).toList());
                    blocks.delete(batch, backoff);
                }
            });
        return new RetentionPass(job, result.fromDayMillis(), cutoff, result.examined(), result.expired(), bytes[0], result.caughtUp());
    }

    /**
     * The on-demand views of the batch's processes go first: each instance's one file per view
     * holds rows of every block in its window, so it must stop being queryable when one of them
     * expires (manifests deleted, files retired for the grace period). A later on-demand request
     * derives it again from what remains. First, so that a crash before the blocks' deletion
     * leaves them to the rerun to find.
     */
    private void removeOnDemandViews(final List<BlockRecord> batch, final long now,
                                     final Map<UUID, Optional<ProcessRecord>> cache, final Set<UUID> done) {
        for (final BlockRecord block : batch) {
            final UUID processId = block.header().processId();
            final Set<String> instances = cache.computeIfAbsent(processId, processes::get)
                .map(ProcessRecord::onDemandInstances).orElse(Set.of());
            if (!instances.isEmpty() && done.add(processId)) {
                views.remove(views.of(instances), false, now);
                processes.forgetOnDemand(processId, instances);
            }
        }
    }
}
