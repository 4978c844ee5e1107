package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.core.store.ObjectKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Objects under {@code blocks/} that nothing holds: uploaded and never indexed (the event failed
 * and was not redriven), a second upload of a block already held by another key, or uploaded with
 * a still-valid URL after their process was deleted. An object is held if a block item names it
 * ({@link BlockCatalog#claimed}) or a quarantine item does (the quarantine pass deletes it after its
 * own deadline); anything else is an orphan: its object and any object claim are deleted.
 *
 * <p>Block keys start with the UTC day their URL was signed ({@link ObjectKeys}), so the sweep lists
 * each day's prefix once, in key order, resuming from its position {@code _position#retention-orphans}
 * (a {@link RetentionPosition}: the day and the last key done), never the whole bucket. A day is
 * swept once every object it can hold is older than the orphan age: URLs of a day are signed until
 * its end and valid for the presign expiry after that. Keys signed before keys held the day are left to the bucket's
 * lifecycle rule (the safety net).
 */
final class OrphanSweep {
    static final String JOB = "retention-orphans";
    private static final int PAGE = 1000;
    private final BlockStore raw;
    private final BlockCatalog blocks;
    private final QuarantineCatalog quarantine;
    private final PartitionCatalog bookkeeping;
    private final Deadlines deadlines;
    private final Duration orphanAge;
    private final Duration presignExpiry;
    private final Backoff backoff;
    private final Clock clock;

    OrphanSweep(final BlockStore raw, final BlockCatalog blocks, final QuarantineCatalog quarantine,
                final PartitionCatalog bookkeeping, final Deadlines deadlines, final Duration orphanAge,
                final Duration presignExpiry, final Backoff backoff, final Clock clock) {
        this.raw = raw;
        this.blocks = blocks;
        this.quarantine = quarantine;
        this.bookkeeping = bookkeeping;
        this.deadlines = deadlines;
        this.orphanAge = orphanAge;
        this.presignExpiry = presignExpiry;
        this.backoff = backoff;
        this.clock = clock;
    }

    RetentionPass run(final boolean dryRun, final DayWalk.Budget budget) {
        final long now = clock.millis();
        final long oldest = Deadlines.day(now) - deadlines.safetyNet().toMillis();
        final long cutoff = Deadlines.day(now - orphanAge.toMillis() - presignExpiry.toMillis());
        // the position is a day and the last key listed there (shard 0: a day's prefix is listed whole)
        final RetentionPosition stored = bookkeeping.position(JOB).map(RetentionPosition::parse)
            .filter(p -> p.dayMillis() >= oldest).orElse(RetentionPosition.startOf(oldest));
        long day = stored.dayMillis();
        String after = stored.after();
        final long fromDay = day;
        int examined = 0;
        int orphans = 0;
        long orphanBytes = 0;
        boolean hasTime = budget.left();
        while (day < cutoff && hasTime) {
            final String prefix = ObjectKeys.blocksOfDay(LocalDate.ofInstant(Instant.ofEpochMilli(day), ZoneOffset.UTC));
            final List<BlockStore.StoredObject> page = raw.listPage(prefix, after, PAGE);
            final List<String> found = new ArrayList<>();
            for (final BlockStore.StoredObject object : page) {
                if (!blocks.claimed(object.key()) && quarantine.get(object.key()).isEmpty()) {
                    found.add(object.key());
                    orphanBytes += object.size();
                }
            }
            examined += page.size();
            orphans += found.size();
            if (page.size() < PAGE) {
                day += Deadlines.DAY_MILLIS; // the day's listing is done
                after = "";
            } else {
                after = page.get(page.size() - 1).key();
            }
            if (!dryRun) {
                raw.delete(found); // the object, then the claim a second upload may have left
                blocks.deleteClaims(found, backoff);
                bookkeeping.advancePosition(JOB, new RetentionPosition(day, 0, after).text());
            }
            hasTime = budget.take(page.size());
        }
        return new RetentionPass(JOB, fromDay, cutoff, examined, orphans, orphanBytes, day >= cutoff);
    }
}
