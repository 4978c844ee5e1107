package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.ProcessRecord;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.catalog.StreamRecord;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.lifecycle.views.InstanceViews;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * What follows the blocks: streams with no block left and no activity since the raw deadline's
 * first visible day (their declarations object first, then the item and its stream-id ownership),
 * then processes likewise once they have no stream left (their on-demand view partitions first:
 * manifests, then files retired for the grace period, then items), and tombstones once they end.
 *
 * <p>The pass walks the processes table's keys-only {@code by_retention_day} index (a Query per day
 * and shard, never a Scan) from its position {@code _position#retention-processes} up to the raw
 * deadline's first visible day: a process is listed under the day it was last seen, so it is first
 * looked at once every raw block of that day has expired. One that something still holds (kept
 * blocks, a recent stream) is moved to the day it can next be free (its kept deadline, then the
 * safety net's, then day by day). Deletes are conditional on the {@code last_seen} that was read,
 * so a block indexed meanwhile keeps its stream and process. Runs only once the block passes have
 * caught up (otherwise blocks that are merely late would hold processes for the kept deadline).
 */
final class ProcessRetention {
    static final String JOB = "retention-processes";
    private static final int BATCH = 25;
    private final ProcessCatalog processes;
    private final StreamCatalog streams;
    private final BlockCatalog blocks;
    private final BlockStore raw;
    private final InstanceViews views;
    private final PartitionCatalog bookkeeping;
    private final Deadlines deadlines;
    private final Clock clock;

    ProcessRetention(final ProcessCatalog processes, final StreamCatalog streams, final BlockCatalog blocks,
                     final BlockStore raw, final InstanceViews views, final PartitionCatalog bookkeeping,
                     final Deadlines deadlines, final Clock clock) {
        this.processes = processes;
        this.streams = streams;
        this.blocks = blocks;
        this.raw = raw;
        this.views = views;
        this.bookkeeping = bookkeeping;
        this.deadlines = deadlines;
        this.clock = clock;
    }

    /** One process as the pass found it, and what it will delete of it. */
    private static final class Candidate {
        private final UUID processId;
        private ProcessCatalog.Tombstone endedTombstone;
        private ProcessRecord process;
        private final List<StreamRecord> idleStreams = new ArrayList<>();
        private InstanceViews.Found instanceViews;

        Candidate(final UUID processId) {
            this.processId = processId;
        }
    }

    RetentionPass run(final boolean dryRun, final DayWalk.Budget budget) {
        final long now = clock.millis();
        final long oldest = Deadlines.day(now) - deadlines.safetyNet().toMillis();
        final long cutoff = deadlines.firstVisibleDay(now, false);
        final DayWalk.Result result = DayWalk.walk(JOB, bookkeeping, oldest, oldest, cutoff, BATCH, budget, dryRun,
            new DayWalk.Step<Candidate>() {
                @Override
                public Iterable<List<Candidate>> pages(final long dayMillis, final int shard, final String after) {
                    final Iterable<List<UUID>> ids = processes.retentionDue(dayMillis, shard, after);
                    return () -> StreamSupport.stream(ids.spliterator(), false)
                        .map(page -> page.stream().map(Candidate::new).toList()).iterator();
                }

                @Override
                public String sortKey(final Candidate candidate) {
                    return candidate.processId.toString();
                }

                @Override
                public boolean expired(final Candidate candidate) {
                    return judge(candidate, now, cutoff, dryRun);
                }

                @Override
                public void delete(final List<Candidate> batch) {
                    for (final Candidate candidate : batch) {
                        remove(candidate, now);
                    }
                }
            });
        return new RetentionPass(JOB, result.fromDayMillis(), cutoff, result.examined(), result.expired(), 0,
            result.caughtUp());
    }

    /** Reads the process and its streams; true if something of it is to be deleted. Defers what is held. */
    private boolean judge(final Candidate candidate, final long now, final long cutoff, final boolean dryRun) {
        final ProcessCatalog.Entry entry = processes.lookup(candidate.processId);
        final Optional<ProcessCatalog.Tombstone> tombstone = entry.tombstone();
        if (tombstone.isPresent()) {
            if (now >= tombstone.get().untilMillis()) {
                candidate.endedTombstone = tombstone.get();
                return true;
            }
            if (!dryRun) {
                processes.deferTombstone(candidate.processId, tombstone.get().untilMillis(), tombstone.get().untilMillis());
            }
            return false;
        }
        final Optional<ProcessRecord> process = entry.process();
        if (process.isEmpty()) {
            return false; // deleted since the index was read
        }
        final ProcessRecord record = process.get();
        if (record.lastSeenMillis() >= cutoff) {
            if (!dryRun) {
                processes.deferRetention(candidate.processId, record.lastSeenMillis(), record.lastSeenMillis());
            }
            return false;
        }
        int held = 0;
        final List<StreamRecord> all = streams.streamsOf(candidate.processId);
        for (final StreamRecord stream : all) {
            if (stream.lastSeenMillis() < cutoff && !blocks.hasBlocks(stream.streamId())) {
                candidate.idleStreams.add(stream);
            } else {
                held++;
            }
        }
        if (held == 0) {
            candidate.process = record;
            candidate.instanceViews = views.of(candidate.processId, all);
        } else if (!dryRun) {
            processes.deferRetention(candidate.processId, record.lastSeenMillis(), walkDay(nextLook(record, now)));
        }
        return held == 0 || !candidate.idleStreams.isEmpty();
    }

    /** Deletes what {@link #judge} found. Every step is idempotent. */
    private void remove(final Candidate candidate, final long now) {
        if (candidate.endedTombstone != null) {
            processes.deleteTombstone(candidate.processId, candidate.endedTombstone.untilMillis());
            return;
        }
        if (candidate.process != null) {
            views.remove(candidate.instanceViews, false, now); // before the streams that name its stream instances
        }
        int deleted = 0;
        for (final StreamRecord stream : candidate.idleStreams) {
            if (stream.declarationsKey() != null) {
                raw.delete(List.of(stream.declarationsKey())); // the object before the item that names it
            }
            if (streams.deleteIdle(stream)) {
                deleted++;
            }
        }
        if (candidate.process != null && deleted == candidate.idleStreams.size()) {
            processes.deleteIdle(candidate.processId, candidate.process.lastSeenMillis());
        }
    }

    /**
     * When the process can next be free: its kept deadline, then the safety net's, and at least a
     * day from now (so that it moves past the day being walked).
     */
    private long nextLook(final ProcessRecord process, final long now) {
        final long tomorrow = Deadlines.day(now) + Deadlines.DAY_MILLIS;
        for (final long candidate : new long[] {deadlines.deadline(process.lastSeenMillis(), true),
            Deadlines.day(process.lastSeenMillis()) + deadlines.safetyNet().toMillis() + Deadlines.DAY_MILLIS}) {
            if (candidate > tomorrow) {
                return candidate;
            }
        }
        return tomorrow;
    }

    /** The retention day under which a process is looked at on the UTC day of {@code millis}: the walk reaches it then. */
    private long walkDay(final long millis) {
        return Deadlines.day(millis) - deadlines.raw().toMillis() - Deadlines.DAY_MILLIS;
    }
}
