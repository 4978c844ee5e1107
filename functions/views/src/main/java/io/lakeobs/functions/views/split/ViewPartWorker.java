package io.lakeobs.functions.views.split;

import io.lakeobs.functions.core.catalog.BlockRecord;
import io.lakeobs.functions.views.CatalogSource;
import io.lakeobs.functions.views.View;
import io.lakeobs.functions.views.ViewPublisher;
import io.lakeobs.functions.views.etl.EtlOutput;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;
import io.lakeobs.functions.views.parquet.ParquetSettings;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The worker behind {@code ViewPartHandler}: derives one part of a split window. It finds the
 * requested blocks in the catalog (the window's insert minutes), runs the ETL on them and streams
 * each view's file to the part's own key ({@link ViewPublisher#partOutputs}); it writes no
 * partition item and no manifest: publishing is the coordinator's, once every part is done.
 * Thread-safe (one catalog source and one ETL per call), so in-process workers can run in parallel.
 */
public final class ViewPartWorker {
    private final Supplier<CatalogSource> sources;
    private final ViewPublisher publisher;
    private final ParquetSettings parquet;

    public ViewPartWorker(final Supplier<CatalogSource> sources, final ViewPublisher publisher, final ParquetSettings parquet) {
        this.sources = sources;
        this.publisher = publisher;
        this.parquet = parquet;
    }

    public PartResult run(final PartRequest request) {
        final CatalogSource source = sources.get();
        final Set<UUID> wanted = new HashSet<>(request.blockIds());
        final List<BlockRecord> records = new ArrayList<>();
        for (final long minute : request.minutes()) {
            for (final BlockRecord record : source.insertedInMinute(minute)) {
                if (wanted.contains(record.header().blockId())) {
                    records.add(record);
                }
            }
        }
        final List<SourceBlock> blocks = source.resolve(records, (p, b) -> true);
        if (blocks.size() != wanted.size()) {
            throw new IllegalStateException("view part " + request.part() + " of window " + request.beginMillis() + ": "
                + (wanted.size() - blocks.size()) + " of its " + wanted.size() + " blocks are no longer in the catalog");
        }
        final EtlOutput output = new ViewEtl(parquet).run(blocks, EnumSet.copyOf(request.views()), source.fetcher(),
            publisher.partOutputs(request.beginMillis(), request.endMillis(), request.sourceHash(), request.part(), request.parts()));
        final Map<View, long[]> files = new EnumMap<>(View.class);
        for (final View view : request.views()) {
            files.put(view, new long[] {output.view(view).rows(), output.view(view).size()});
        }
        return new PartResult(request.part(), files, output.blocksRead(), output.skipped());
    }
}
