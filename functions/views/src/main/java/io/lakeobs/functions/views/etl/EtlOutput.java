package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;

import java.util.List;
import java.util.Map;

/**
 * What a run produced: a file per requested view, the blocks it skipped and why, how many blocks
 * it fetched, and the thread spans it could not complete (open at a gap or at the end, or ended
 * without a seen begin), which are never written.
 */
public record EtlOutput(Map<View, ViewData> views, List<SkippedBlock> skipped, int blocksRead, long bytesRead,
                        long droppedOpenSpans, long droppedSpanEnds) {
    public ViewData view(final View view) {
        return views.get(view);
    }
}
