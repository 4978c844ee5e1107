package io.lakeobs.functions.views.etl;

import io.lakeobs.functions.views.View;

/**
 * One view's output of a run: its row count and file size, and the finished Parquet file's bytes
 * when it was written in memory (null when it has no rows, or when it was streamed to storage as
 * it was written: then it is already stored under the key its {@link ViewOutputs} chose).
 */
public record ViewData(View view, byte[] bytes, long size, long rows) {
    /** Whether the file is already stored (streamed), so the publisher must not upload it. */
    public boolean stored() {
        return bytes == null && rows > 0;
    }
}
