package io.lakeobs.functions.views.split;

import io.lakeobs.functions.views.etl.BlockMeta;
import io.lakeobs.functions.views.etl.SourceBlock;
import io.lakeobs.functions.views.etl.ViewEtl;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a window's block list into parts within a budget, from the block headers alone (no block
 * is read): the blocks in the ETL's order (process, stream, offset), then contiguous ranges, each
 * closed before the block that would take it over the row or byte budget.
 */
public final class WindowSplitter {
    private final SplitSettings settings;

    public WindowSplitter(final SplitSettings settings) {
        this.settings = settings;
    }

    /** One list when the window is within budget (the usual case), else its parts in order. */
    public List<List<SourceBlock>> split(final List<SourceBlock> sources) {
        final List<SourceBlock> ordered = new ArrayList<>(sources);
        ordered.sort(ViewEtl.STREAM_ORDER);
        final List<List<SourceBlock>> parts = new ArrayList<>();
        List<SourceBlock> part = new ArrayList<>();
        long rows = 0;
        long bytes = 0;
        for (final SourceBlock source : ordered) {
            final BlockMeta block = source.block();
            final long blockRows = block.logCount() + block.metricCount();
            if (!part.isEmpty() && (rows + blockRows > settings.maxRows() || bytes + block.payloadSize() > settings.maxBytes())) {
                parts.add(part);
                part = new ArrayList<>();
                rows = 0;
                bytes = 0;
            }
            part.add(source);
            rows += blockRows;
            bytes += block.payloadSize();
        }
        if (!part.isEmpty() || parts.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }
}
