package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Deletes blocks past their deadline ({@link Deadlines}): the object first (DeleteObjects, every
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
    private final BlockCatalog blocks;
    private final ProcessCatalog processes;
    private final BlockStore store;
    private final PartitionCatalog bookkeeping;
    private final Deadlines deadlines;
    private final RetentionSettings settings;
    private final Backoff backoff;
    private final Clock clock;

    public BlockRetention(final BlockCatalog blocks, final ProcessCatalog processes, final BlockStore store,
                          final PartitionCatalog bookkeeping, final Deadlines deadlines, final RetentionSettings settings,
                          final Backoff backoff, final Clock clock) {
        this.blocks = blocks;
        this.processes = processes;
        this.store = store;
        this.bookkeeping = bookkeeping;
        this.deadlines = deadlines;
        this.settings = settings;
        this.backoff = backoff;
        this.clock = clock;
    }

    /**
     * What one pass did: insert days from {@code fromDayMillis} up to {@code cutoffMillis} (the first
     * day still visible); {@code caughtUp} when it reached the cutoff.
     */
    public record Pass(String name, long fromDayMillis, long cutoffMillis, int blocksExamined, int expired,
                       long expiredBytes, boolean caughtUp) {
    }

    /** What a run did (or, in a dry run, would do: nothing deleted, no position moved). */
    public record Report(boolean dryRun, Pass kept, Pass raw) {
        public int deleted() {
            return dryRun ? 0 : kept.expired() + raw.expired();
        }
    }

    /**
     * One bounded run. {@code hasTime} is asked between pages (Lambda: enough of the 15 minutes left);
     * when it says no, the run deletes what it gathered, records its position and returns.
     */
    public Report run(final boolean dryRun, final BooleanSupplier hasTime) {
        final long now = clock.millis();
        final Map<UUID, Optional<ProcessRecord>> cache = new HashMap<>();
        final Budget budget = new Budget(settings.maxBlocksPerRun(), hasTime);
        final Pass kept = pass(KEPT_JOB, deadlines.firstVisibleDay(now, true), now, dryRun, budget, cache);
        final Pass raw = pass(RAW_JOB, deadlines.firstVisibleDay(now, false), now, dryRun, budget, cache);
        return new Report(dryRun, kept, raw);
    }

    private Pass pass(final String job, final long cutoff, final long now, final boolean dryRun, final Budget budget,
                      final Map<UUID, Optional<ProcessRecord>> cache) {
        final long oldest = Deadlines.day(now) - deadlines.safetyNet().toMillis();
        RetentionPosition position = bookkeeping.position(job).map(RetentionPosition::parse)
            .filter(p -> p.dayMillis() >= oldest).orElse(RetentionPosition.startOf(oldest));
        if (job.equals(RAW_JOB)) {
            // days before the kept cutoff are the kept pass's: it deletes every block there
            final long keptCutoff = Math.min(cutoff, deadlines.firstVisibleDay(now, true));
            if (position.dayMillis() < keptCutoff) {
                position = RetentionPosition.startOf(keptCutoff);
            }
        }
        final long fromDay = position.dayMillis();
        final Batch batch = new Batch(job, dryRun);
        int examined = 0;
        int expired = 0;
        long bytes = 0;
        walk:
        while (position.dayMillis() < cutoff) {
            for (final List<BlockRecord> page : blocks.insertedOnDay(position.dayMillis(), position.shard(), position.after())) {
                for (final BlockRecord block : page) {
                    examined++;
                    final Optional<ProcessRecord> process = cache.computeIfAbsent(block.header().processId(), processes::get);
                    final long deadline = process.map(p -> deadlines.deadline(block, p))
                        .orElseGet(() -> deadlines.deadline(block.insertTimeMillis(), false));
                    position = new RetentionPosition(position.dayMillis(), position.shard(), block.insertSort());
                    if (now >= deadline) {
                        batch.add(block);
                        expired++;
                        bytes += block.size();
                        if (batch.full()) {
                            batch.flush(position); // exactly one full DeleteObjects: everything up to this block is done
                        }
                    }
                }
                if (!budget.take(page.size())) {
                    break walk;
                }
            }
            position = position.nextShard(Deadlines.DAY_MILLIS); // every page of this shard is done
        }
        batch.flush(position);
        return new Pass(job, fromDay, cutoff, examined, expired, bytes, position.dayMillis() >= cutoff);
    }

    /** Expired blocks gathered for one delete, and the position that is done once they are deleted. */
    private final class Batch {
        private final String job;
        private final boolean dryRun;
        private final List<BlockRecord> expired = new ArrayList<>();

        Batch(final String job, final boolean dryRun) {
            this.job = job;
            this.dryRun = dryRun;
        }

        void add(final BlockRecord block) {
            expired.add(block);
        }

        boolean full() {
            return expired.size() >= settings.batchSize();
        }

        /** Objects first, then items (never an item without its object), then the position. */
        void flush(final RetentionPosition done) {
            if (dryRun) {
                expired.clear();
                return;
            }
            if (!expired.isEmpty()) {
                final List<String> keys = new ArrayList<>(expired.size());
                for (final BlockRecord block : expired) {
                    keys.add(block.objectKey());
                }
                store.delete(keys);
                blocks.delete(expired, backoff);
                expired.clear();
            }
            bookkeeping.advancePosition(job, done.text());
        }
    }

    /** Blocks a run may still examine, and whether its time allows another page. */
    private static final class Budget {
        private int blocks;
        private final BooleanSupplier hasTime;
        private boolean exhausted;

        Budget(final int blocks, final BooleanSupplier hasTime) {
            this.blocks = blocks;
            this.hasTime = hasTime;
        }

        boolean take(final int examined) {
            blocks -= examined;
            exhausted = exhausted || blocks <= 0 || !hasTime.getAsBoolean();
            return !exhausted;
        }

        boolean left() {
            return !exhausted;
        }
    }
}
