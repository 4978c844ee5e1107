package io.lakeobs.functions.lifecycle.retention;

import io.lakeobs.functions.core.catalog.Backoff;
import io.lakeobs.functions.core.catalog.BlockCatalog;
import io.lakeobs.functions.core.catalog.ProcessCatalog;
import io.lakeobs.functions.core.catalog.QuarantineCatalog;
import io.lakeobs.functions.core.catalog.StreamCatalog;
import io.lakeobs.functions.core.partitions.PartitionCatalog;
import io.lakeobs.functions.core.retention.Deadlines;
import io.lakeobs.functions.core.store.BlockStore;
import io.lakeobs.functions.lifecycle.views.InstanceViews;

import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One scheduled retention run, in the order that never removes something still in use: blocks
 * past their deadline and quarantined objects past theirs ({@link BlockRetention}), then the
 * streams and processes that no block holds any more ({@link ProcessRetention}, only once the block
 * passes have caught up), then objects nothing holds ({@link OrphanSweep}). The passes share one
 * budget of items examined and the caller's time; each resumes from its own position.
 */
public final class Retention {
    private final BlockRetention blocks;
    private final ProcessRetention processes;
    private final OrphanSweep orphans;
    private final RetentionSettings settings;

    public Retention(final BlockCatalog blocks, final QuarantineCatalog quarantine, final ProcessCatalog processes,
                     final StreamCatalog streams, final BlockStore raw, final BlockStore views,
                     final PartitionCatalog bookkeeping, final Deadlines deadlines, final RetentionSettings settings,
                     final Duration presignExpiry, final Backoff backoff, final Clock clock) {
        final InstanceViews instanceViews = new InstanceViews(bookkeeping, views);
        this.blocks = new BlockRetention(blocks, quarantine, processes, raw, instanceViews, bookkeeping, deadlines, settings,
            backoff, clock);
        this.processes = new ProcessRetention(processes, streams, blocks, raw, instanceViews, bookkeeping, deadlines, clock);
        this.orphans = new OrphanSweep(raw, blocks, quarantine, bookkeeping, deadlines,
            Duration.ofDays(settings.orphanAgeDays()), presignExpiry, backoff, clock);
        this.settings = settings;
    }

    /**
     * What a run did (or, in a dry run, would do: nothing deleted, no position moved).
     * {@code processes} is null when the block passes had not caught up and the pass did not run.
     */
    public record Report(boolean dryRun, BlockRetention.Report blocks, RetentionPass processes, RetentionPass orphans) {
        public boolean caughtUp() {
            return blocks.caughtUp() && processes != null && processes.caughtUp() && orphans.caughtUp();
        }
    }

    /** One bounded run; {@code hasTime} is asked between pages (Lambda: enough of the 15 minutes left). */
    public Report run(final boolean dryRun, final BooleanSupplier hasTime) {
        final DayWalk.Budget budget = new DayWalk.Budget(settings.maxBlocksPerRun(), hasTime);
        final BlockRetention.Report blockReport = blocks.run(dryRun, budget);
        final RetentionPass processReport = blockReport.kept().caughtUp() && blockReport.raw().caughtUp()
            ? processes.run(dryRun, budget) : null;
        return new Report(dryRun, blockReport, processReport, orphans.run(dryRun, budget));
    }
}
