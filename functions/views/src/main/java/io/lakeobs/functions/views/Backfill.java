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
 * version whose window begins in [from, to), from the blocks that still exist (its recorded
 * source minutes), keeping its window. The new file replaces the old one in the manifest; the old
 * one is retired. Idempotent: partitions already at the current version are left alone.
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

    public record Report(List<Partition> rewritten, List<SkippedBlock> skipped, int blocksRead) {
    }

    public Report run(final long fromMillis, final long toMillis) {
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException("backfill range must satisfy from < to");
        }
        final long now = clock.millis();
        source.clear();
        final List<Partition> rewritten = new ArrayList<>();
        final List<SkippedBlock> skipped = new ArrayList<>();
        int read = 0;
        for (final View view : GlobalViews.views()) {
            for (final Partition old : LiveFiles.liveItems(publisher.partitions().range(view.tableName(), ViewLayout.GLOBAL,
                fromMillis, toMillis))) {
                if (old.schemaVersion() == View.SCHEMA_VERSION) {
                    continue;
                }
                final List<SourceBlock> sources = global.sourcesFor(view, old.sourceMinutes());
                final EtlOutput output = etl.run(sources, EnumSet.of(view), source.fetcher());
                read += output.blocksRead();
                skipped.addAll(output.skipped());
                rewritten.add(publisher.publish(view.tableName(), ViewLayout.GLOBAL, old.beginMillis(), old.endMillis(),
                    output.view(view), ViewPublisher.sourceHash(sources), sources.size(), old.sourceMinutes(), now));
                publisher.refresh(view.tableName(), ViewLayout.GLOBAL, old.beginMillis(), now);
            }
        }
        return new Report(List.copyOf(rewritten), List.copyOf(skipped), read);
    }
}
