package io.lakeobs.functions.views;

import io.lakeobs.functions.core.partitions.LiveFiles;
import io.lakeobs.functions.core.partitions.Partition;
import io.lakeobs.functions.core.partitions.ViewLayout;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SkippedBlock;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * After a {@link View#SCHEMA_VERSION} bump: re-derives every live global partition of an older
 * version whose window begins in [from, to), from the blocks of its recorded source minutes,
 * keeping its window. The new file replaces the old one in the manifest; the old one is retired.
 * Idempotent: partitions already at the current version are left alone.
 * <p>
 * A schema change must not lose rows. Blocks past their deadline are left out, as by every
 * re-derivation: retention already took their rows out of the views. But when a block the catalog
 * still holds cannot be fetched (its object is gone) and the partition would lose rows, those rows
 * exist only in the old file, so the partition is kept as it is, at its old version, still listed
 * and readable, and reported; the next backfill tries it again (the new file, already streamed,
 * is deleted before any item names it).
 * <p>
 * Files are streamed to S3 as they are written, as the scheduled windows' are: memory holds a row
 * group and a part, not a file, and a run that fails aborts its upload, leaving the old file listed.
 */
public final class Backfill {
    private final CatalogSource source;
    private final GlobalViews global;
    private final ViewPublisher publisher;
    private final Clock clock;
    private final ViewEtl etl;

    public Backfill(final CatalogSource source, final GlobalViews global, final ViewPublisher publisher,
                    final ViewsConfig config, final Clock clock) {
        this.source = source;
        this.global = global;
        this.publisher = publisher;
        this.clock = clock;
        this.etl = new ViewEtl(config.parquet());
    }

    /**
     * @param rewritten partitions now at the current version
     * @param keptOld partitions left at their old version because a source block is unavailable
     * @param skipped blocks not read (unavailable or corrupt), with their reasons
     */
    public record Report(List<Partition> rewritten, List<Partition> keptOld, List<SkippedBlock> skipped, int blocksRead) {
    }

    public Report run(final long fromMillis, final long toMillis) {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("backfill range must satisfy from < to");
        }
        final long now = clock.millis();
        source.clear();
        final List<Partition> rewritten = new ArrayList<>();
        final List<Partition> keptOld = new ArrayList<>();
        final List<SkippedBlock> skipped = new ArrayList<>();
        int read = 0;
        for (final View view : View.globalViews()) {
            for (final Partition old : LiveFiles.liveItems(publisher.partitions().range(view.tableName(), ViewLayout.GLOBAL,
                fromMillis, toMillis))) {
                if (old.schemaVersion() == View.SCHEMA_VERSION) {
                    continue;
                }
                final List<SourceBlock> sources = global.sourcesFor(view, old.sourceMinutes());
                final String hash = ViewPublisher.sourceHash(sources);
                // streamed: the new file goes to S3 as its row groups fill; a failed run aborts it and the old one stays
                final EtlOutput output = etl.run(sources, EnumSet.of(view), source.fetcher(),
                    publisher.outputs(ViewLayout.GLOBAL, old.beginMillis(), old.endMillis(), hash));
                read += output.blocksRead();
                skipped.addAll(output.skipped());
                final long rows = output.view(view) == null ? 0 : output.view(view).rows();
                if (rows < old.rows() && output.skipped().stream().anyMatch(SkippedBlock::unavailable)) {
                    keptOld.add(old); // its rows of the unavailable blocks exist in the old file only
                    publisher.discard(view.tableName(), ViewLayout.GLOBAL, old.beginMillis(), old.endMillis(), output.view(view),
                        hash);
                    continue;
                }
                rewritten.add(publisher.publish(view.tableName(), ViewLayout.GLOBAL, old.beginMillis(), old.endMillis(),
                    output.view(view), hash, sources.size(), old.sourceMinutes(), now));
                publisher.refresh(view.tableName(), ViewLayout.GLOBAL, old.beginMillis(), now);
            }
        }
        return new Report(List.copyOf(rewritten), List.copyOf(keptOld), List.copyOf(skipped), read);
    }
}
